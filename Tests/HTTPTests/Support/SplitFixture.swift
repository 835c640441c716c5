import HTTP
import Testing

/// Streams whose events must not depend on how they are cut into packets.
enum SplitFixture: String, CaseIterable, CustomTestStringConvertible {
    case simpleGet
    case postWithBody
    case chunkedWithExtensionsAndTrailers
    case pipelined
    case bareLineFeeds
    case leadingEmptyLines
    case continueThenFinal
    case headThenBadHeader
    case malformedThenValid
    case switchingProtocols

    var testDescription: String { self.rawValue }

    var role: HTTPRole {
        switch self {
        case .continueThenFinal, .switchingProtocols: .server
        default: .client
        }
    }

    var text: String {
        switch self {
        case .simpleGet:
            "GET /index.html?q=1 HTTP/1.1\r\nHost: example.test\r\nAccept: */*\r\n\r\n"
        case .postWithBody:
            "POST /submit HTTP/1.1\r\nHost: h\r\nContent-Length: 13\r\n\r\nname=value&x="
        case .chunkedWithExtensionsAndTrailers:
            "POST /up HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1A ; ext\r\nabcdefghijklmnopqrstuvwxyz\r\n"
                + "0\r\nX-Checksum: 42\r\nX-Other: y\r\n\r\n"
        case .pipelined:
            "GET /1 HTTP/1.1\r\n\r\nPUT /2 HTTP/1.1\r\nContent-Length: 2\r\n\r\n"
                + "okGET /3 HTTP/1.0\r\n\r\n"
        case .bareLineFeeds:
            "POST /lf HTTP/1.1\nContent-Length: 3\nHost: h\n\nabc"
        case .leadingEmptyLines:
            "\r\n\r\nGET / HTTP/1.1\r\n\r\n\nGET /again HTTP/1.1\n\n"
        case .continueThenFinal:
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n0\r\n\r\n"
        case .headThenBadHeader:
            "GET /a HTTP/1.1\r\nno colon here\r\nX: \u{0}\r\n\r\nGET /b HTTP/1.1\r\n\r\n"
        case .malformedThenValid:
            "BROKEN\r\n\r\nGET /ok HTTP/1.1\r\n\r\n"
        case .switchingProtocols:
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\nPRI * HTTP/2.0\r\n"
        }
    }

    var bytes: [UInt8] { Array(self.text.utf8) }
}
