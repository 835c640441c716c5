import HTTP
import Testing

@Suite struct RequestParsingTests {
    @Test("A GET without a body is one complete message")
    func simpleGet() {
        let events = Feed.events(.client, "GET /index.html HTTP/1.1\r\nHost: example.test\r\n\r\n")
        #expect(events == [
            .started(at: 1), request("GET", "/index.html", host: "example.test"), ended(0),
        ])
    }

    @Test("A POST body is counted by Content-Length")
    func postWithBody() {
        let text = "POST /api HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world"
        #expect(Feed.events(.client, text) == [.started(at: 1), request("POST", "/api"), ended(11)])
    }

    @Test("A request ends on the packet that carries its last body byte")
    func timestamps() {
        let run = Feed.run(.client, [
            .text("PUT /x HTTP/1.1\r\n", at: 10),
            .text("Content-Length: 4\r\n\r\nab", at: 20),
            .text("cd", at: 30),
        ])
        #expect(run.events == [.started(at: 10), request("PUT", "/x"), ended(4, at: 30)])
    }

    @Test("Keep-alive requests follow one another on the stream")
    func keepAlive() {
        let run = Feed.run(.client, [
            .text("GET /a HTTP/1.1\r\n\r\n", at: 1),
            .text("POST /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nok", at: 2),
            .text("GET /c HTTP/1.1\r\n\r\n", at: 3),
        ])
        #expect(run.events == [
            .started(at: 1), request("GET", "/a"), ended(0, at: 1),
            .started(at: 2), request("POST", "/b"), ended(2, at: 2),
            .started(at: 3), request("GET", "/c"), ended(0, at: 3),
        ])
    }

    @Test("Pipelined requests in one buffer are all reported")
    func pipelined() {
        let text = "GET /1 HTTP/1.1\r\n\r\nPOST /2 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
            + "GET /3 HTTP/1.1\r\n\r\n"
        #expect(Feed.events(.client, text) == [
            .started(at: 1), request("GET", "/1"), ended(0),
            .started(at: 1), request("POST", "/2"), ended(3),
            .started(at: 1), request("GET", "/3"), ended(0),
        ])
    }

    @Test("Lines may end in a bare LF")
    func bareLineFeeds() {
        let events = Feed.events(.client, "GET /x HTTP/1.1\nHost: h\nContent-Length: 1\n\nZ")
        #expect(events == [.started(at: 1), request("GET", "/x", host: "h"), ended(1)])
    }

    @Test("Empty lines before a request line are skipped")
    func leadingEmptyLines() {
        let events = Feed.events(.client, "\r\n\r\n\nGET / HTTP/1.1\r\n\r\n")
        #expect(events == [.started(at: 1), request("GET", "/"), ended(0)])
    }

    @Test("Any token is a method, and any target form is kept as sent", arguments: [
        ("QUERY", "/search"), ("CCM_POST", "/cgi-bin/x"), ("OPTIONS", "*"),
        ("CONNECT", "example.test:443"), ("GET", "http://example.test/a?b=c%20d"),
        ("M-SEARCH", "/caf\u{e9}"),
    ])
    func methodsAndTargets(method: String, target: String) {
        let events = Feed.events(.client, "\(method) \(target) HTTP/1.1\r\n\r\n")
        #expect(events == [.started(at: 1), request(method, target), ended(0)])
    }

    @Test("The version is reported, HTTP/1.0 closing by default")
    func versions() {
        let events = Feed.events(.client, "GET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\n"
            + "Connection: Keep-Alive\r\n\r\nGET / HTTP/1.2\r\n\r\n")
        #expect(events == [
            .started(at: 1), request("GET", "/", version: .http10, closesConnection: true),
            ended(0),
            .started(at: 1), request("GET", "/", version: .http10), ended(0),
            .started(at: 1), request("GET", "/", version: .other("1.2")), ended(0),
        ])
    }

    @Test("Connection, Upgrade and Expect are read case-insensitively from lists")
    func connectionOptions() {
        let text = "GET /ws HTTP/1.1\r\nhOsT:  chat.test \r\nCONNECTION: keep-alive, Upgrade\r\n"
            + "upgrade: websocket\r\nExpect: 100-Continue\r\n\r\n"
            + "GET /bye HTTP/1.1\r\nConnection: foo,\tCLOSE\r\n\r\n"
        #expect(Feed.events(.client, text) == [
            .started(at: 1),
            request("GET", "/ws", host: "chat.test", expectsContinue: true, requestsUpgrade: true),
            ended(0),
            .started(at: 1), request("GET", "/bye", closesConnection: true), ended(0),
        ])
    }

    @Test("The first Host field is the one reported, even when empty")
    func hostFields() {
        let events = Feed.events(.client, "GET / HTTP/1.1\r\nHost:\r\nHost: second\r\n\r\n")
        #expect(events == [.started(at: 1), request("GET", "/", host: ""), ended(0)])
    }

    @Test("A header line without a colon is counted and ignored")
    func badHeaderLine() {
        let run = Feed.run(.client, [.text(
            "GET / HTTP/1.1\r\nthis is not a header\r\nBad Name: x\r\n: empty\r\nHost: h\r\n\r\n"
        )])
        #expect(run.events == [.started(at: 1), request("GET", "/", host: "h"), ended(0)])
        #expect(run.counter("http_bad_header_lines_ignored") == 3)
    }

    @Test("Folded continuation lines are ignored without failing the head")
    func foldedLines() {
        let run = Feed.run(.client, [.text(
            "GET / HTTP/1.1\r\nX-Long: a\r\n  continued\r\n\tmore\r\nHost: h\r\n\r\n"
        )])
        #expect(run.events == [.started(at: 1), request("GET", "/", host: "h"), ended(0)])
        #expect(run.counter("http_folded_lines_ignored") == 2)
    }

    @Test("A NUL or a bare CR in a header is a malformed head", arguments: [
        "X-A: a\u{0}b\r\n", "X-A: a\rb\r\n", "X-A\u{0}: b\r\n", "no colon\r here\r\n",
        "X-A: b\r\n folded \u{0}\r\n",
    ])
    func malformedHeader(line: String) {
        let text = "GET / HTTP/1.1\r\n" + line + "\r\nGET /next HTTP/1.1\r\n\r\n"
        let run = Feed.run(.client, [.text(text)])
        #expect(run.events == [
            .started(at: 1), .failed(.malformedHeader, at: 1),
            .started(at: 1), request("GET", "/next"), ended(0),
        ])
    }

    @Test("A line that is not a request line fails and the next request is found", arguments: [
        "OPTIONS HTTP/1.1", "GET / HTTP/1.", "GET /x HTTP/1.1 trailing", "GET /x HTTP/11",
        "G(T /x HTTP/1.1", "GET /a\u{1}b HTTP/1.1", "GET /x http/1.1", " GET / HTTP/1.1",
        "HTTP/1.1 200 OK", String(repeating: "M", count: 33) + " / HTTP/1.1",
        String(repeating: "M", count: 33) + " /simple",
    ])
    func malformedRequestLine(line: String) {
        let run = Feed.run(.client, [.text(line + "\r\n\r\nGET /next HTTP/1.1\r\n\r\n")])
        #expect(run.events == [
            .started(at: 1), .failed(.malformedStartLine, at: 1),
            .started(at: 1), request("GET", "/next"), ended(0),
        ])
        #expect(run.counter("http_parse_errors_malformed_start_line") == 1)
    }

    @Test("A method of 32 bytes is still a method")
    func longestMethod() {
        let method = String(repeating: "M", count: 32)
        let events = Feed.events(.client, method + " /x HTTP/1.1\r\n\r\n")
        #expect(events == [.started(at: 1), request(method, "/x"), ended(0)])
    }

    @Test("A request line without a version is an HTTP/0.9 request with no fields")
    func simpleRequest() {
        let run = Feed.run(.client, [.text("GET /path\r\nGET /next HTTP/1.1\r\n\r\n")])
        #expect(run.events == [
            .started(at: 1), request("GET", "/path", version: .other("0.9"),
                                     closesConnection: true), ended(0),
            .started(at: 1), request("GET", "/next"), ended(0),
        ])
    }

    @Test("Spaces inside or around a target before a valid version are tolerated", arguments: [
        ("GET  /two-spaces HTTP/1.1", "/two-spaces"),
        ("CONNECT mail.example:25 / HTTP/1.0", "mail.example:25 /"),
    ])
    func spacedTarget(line: String, target: String) {
        let run = Feed.run(.client, [.text(line + "\r\n\r\n")])
        let isHTTP10 = line.hasSuffix("1.0")
        let expected = request(line.hasPrefix("GET") ? "GET" : "CONNECT", target,
                               version: isHTTP10 ? .http10 : .http11,
                               closesConnection: isHTTP10)
        #expect(run.events.contains(expected), "\(run.events)")
        #expect(run.counter("http_parse_errors_malformed_start_line") == 0)
    }
}
