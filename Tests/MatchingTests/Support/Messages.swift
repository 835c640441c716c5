/// HTTP/1.1 messages as they appear on the wire, for building conversations.
enum Messages {
    /// A request without a body.
    static func request(_ target: String, method: String = "GET") -> String {
        "\(method) \(target) HTTP/1.1\r\nHost: example.test\r\n\r\n"
    }

    /// The head of a request whose body of `length` bytes follows separately.
    static func postHead(_ target: String, length: Int, expectsContinue: Bool = false) -> String {
        let expect = expectsContinue ? "Expect: 100-continue\r\n" : ""
        return "POST \(target) HTTP/1.1\r\nHost: example.test\r\n\(expect)"
            + "Content-Length: \(length)\r\n\r\n"
    }

    /// A response with a Content-Length body.
    static func response(_ status: Int = 200, body: String = "", extra: String = "") -> String {
        "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Length: \(body.utf8.count)\r\n"
            + "\(extra)\r\n\(body)"
    }

    /// The head of a response whose body of `length` bytes follows separately.
    static func responseHead(_ status: Int = 200, length: Int) -> String {
        "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Length: \(length)\r\n\r\n"
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 204: "No Content"
        case 304: "Not Modified"
        case 404: "Not Found"
        case 413: "Content Too Large"
        default: "Whatever"
        }
    }
}
