import HTTP
import Testing

@Suite struct ResponseParsingTests {
    @Test("A response body is counted by Content-Length")
    func contentLength() {
        let events = Feed.events(.server, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
        #expect(events == [.started(at: 1), response(200), ended(5)])
    }

    @Test("A status line without a reason phrase is accepted", arguments: [
        "HTTP/1.1 200\r\n", "HTTP/1.1 200 \r\n", "HTTP/1.1 200\n",
    ])
    func missingReason(statusLine: String) {
        let events = Feed.events(.server, statusLine + "Content-Length: 0\r\n\r\n")
        #expect(events == [.started(at: 1), response(200), ended(0)])
    }

    @Test("A status that is not three digits is a malformed start line", arguments: [
        "HTTP/1.1 2XX OK", "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/1.1  200 OK", "HTTP/1 200",
        "ICY 200 OK", "HTTP/1.1 200 O\u{0}K", "HTTP/1.1 099 X", "HTTP/1.1 000",
    ])
    func malformedStatusLine(statusLine: String) {
        let run = Feed.run(.server, [.text(statusLine + "\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n")])
        #expect(run.events == [
            .started(at: 1), .failed(.malformedStartLine, at: 1),
            .started(at: 1), response(204), ended(0),
        ])
    }

    @Test("Responses to HEAD, and 204 and 304, have no body whatever their headers say")
    func noBody() {
        let text = "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n"
            + "HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\n"
            + "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        #expect(Feed.events(.server, text, contexts: [.answersHEAD]) == [
            .started(at: 1), response(200), ended(0),
            .started(at: 1), response(204), ended(0),
            .started(at: 1), response(304), ended(0),
            .started(at: 1), response(200), ended(2),
        ])
    }

    @Test("A 100 Continue is a message of its own and the final response follows")
    func continueThenFinal() {
        let run = Feed.run(.server, [
            .text("HTTP/1.1 100 Continue\r\n\r\n", at: 5),
            .text("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc", at: 9),
        ])
        #expect(run.events == [
            .started(at: 5), response(100), ended(0, at: 5),
            .started(at: 9), response(200), ended(3, at: 9),
        ])
        #expect(run.counter("http_interim_responses") == 1)
    }

    @Test("Several interim responses precede the final one", arguments: [100, 102, 103])
    func interimResponses(status: Int) {
        let text = "HTTP/1.1 \(status) Interim\r\nLink: </a.css>\r\n\r\n"
            + "HTTP/1.1 \(status) Interim\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
        #expect(Feed.events(.server, text) == [
            .started(at: 1), response(status), ended(0),
            .started(at: 1), response(status), ended(0),
            .started(at: 1), response(200), ended(0),
        ])
    }

    @Test("A 101 ends HTTP on the stream: later bytes are ignored")
    func switchingProtocols() {
        let run = Feed.run(.server, [
            .text("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\n\r\n\u{81}\u{5}hello"),
            .text("HTTP/1.1 200 OK\r\n\r\n"),
            .gap(100),
            .finish(),
        ])
        #expect(run.events == [.started(at: 1), response(101), ended(0), .opaque])
        #expect(run.parser.isOpaque)
        #expect(run.counter("http_opaque_bytes_ignored") == 8 + 19 + 100)
        #expect(run.counter("http_opaque_streams") == 1)
    }

    @Test("A 2xx to CONNECT turns the stream into a tunnel")
    func connectTunnel() {
        let run = Feed.run(.server, [
            .text("HTTP/1.1 200 Connection Established\r\n\r\n\u{16}\u{3}\u{1}"),
        ], contexts: [.answersCONNECT])
        #expect(run.events == [.started(at: 1), response(200), ended(0), .opaque])
        #expect(run.parser.isOpaque)
    }

    @Test("A refused CONNECT keeps the stream HTTP")
    func refusedConnect() {
        let text = "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 1\r\n\r\nx"
            + "HTTP/1.1 200 OK\r\n\r\n"
        let run = Feed.run(.server, [.text(text)], contexts: [.answersCONNECT, .answersCONNECT])
        #expect(run.events == [
            .started(at: 1), response(407), ended(1),
            .started(at: 1), response(200), ended(0), .opaque,
        ])
    }

    @Test("A body with neither length nor chunking runs to the end of the stream")
    func closeDelimited() {
        let run = Feed.run(.server, [
            .text("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst ", at: 1),
            .text("second", at: 2),
            .finish(at: 9),
        ])
        #expect(run.events == [
            .started(at: 1), response(200, version: .http10, closes: true), ended(12, at: 2),
        ])
    }

    @Test("Text after a close-delimited body is body, not a new response")
    func closeDelimitedSwallowsEverything() {
        let events = Feed.events(.server, "HTTP/1.1 200 OK\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
                                 finish: true)
        #expect(events == [.started(at: 1), response(200), ended(19)])
    }

    @Test("Connection: close on a response is reported")
    func responseCloses() {
        let events = Feed.events(.server, "HTTP/1.1 200 OK\r\nConnection: close\r\n"
            + "Content-Length: 0\r\n\r\n")
        #expect(events == [.started(at: 1), response(200, closes: true), ended(0)])
    }

    @Test("A server may switch the client's stream to opaque")
    func clientSwitchedToOpaque() {
        var parser = HTTPStreamParser(role: .client, startsMidstream: false)
        var sink = RecordingSink()
        let upgrade = Array("GET /ws HTTP/1.1\r\nConnection: upgrade\r\nUpgrade: ws\r\n\r\n".utf8)
        upgrade.withUnsafeBytes { parser.parse($0, at: .zero, into: &sink) }
        parser.switchToOpaque(into: &sink)
        let frame = Array("GET / HTTP/1.1\r\n\r\n".utf8)
        frame.withUnsafeBytes { parser.parse($0, at: .zero, into: &sink) }
        #expect(sink.events.count == 3)
        #expect(parser.isOpaque)
        #expect(parser.counters.opaqueBytesIgnored == frame.count)
    }
}
