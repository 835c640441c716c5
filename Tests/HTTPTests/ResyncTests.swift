import HTTP
import Testing

@Suite struct ResyncTests {
    @Test("A stream joined inside a body resynchronises on the next request")
    func midstreamRequestBody() {
        let run = Feed.run(.client, [
            .text("e\":42}\n\"more\": [1, 2]}", at: 1),
            .text("POST /next HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}", at: 2),
        ], startsMidstream: true)
        #expect(run.events == [.started(at: 2), request("POST", "/next"), ended(2, at: 2)])
        #expect(run.counter("http_resync_skipped_bytes") == 22)
    }

    @Test("A stream joined inside a response resynchronises on the next status line")
    func midstreamResponse() {
        let run = Feed.run(.server, [
            .text("tml>\r\n</body>\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx", at: 1),
        ], startsMidstream: true)
        #expect(run.events == [.started(at: 1), response(200), ended(1, at: 1)])
    }

    @Test("A midstream start that happens to be a message boundary loses nothing")
    func midstreamAtBoundary() {
        let run = Feed.run(.client, [.text("GET / HTTP/1.1\r\n\r\n")], startsMidstream: true)
        #expect(run.events == [.started(at: 1), request("GET", "/"), ended(0)])
        #expect(run.counter("http_resync_skipped_bytes") == 0)
    }

    @Test("While resynchronising, an unknown method needs a whole line ending in HTTP/1.x")
    func unknownMethodNeedsWholeLine() {
        let run = Feed.run(.client, [.text(
            "junk\nQUERY /not a request\nBREW /pot HTTP/2.0\nQUERY /q HTTP/1.1\r\n\r\n"
        )], startsMidstream: true)
        #expect(run.events == [.started(at: 1), request("QUERY", "/q"), ended(0)])
    }

    @Test("While resynchronising, a method must be upper-case letters, digits, - and _")
    func methodShape() {
        let run = Feed.run(.client, [.text(
            "helloGET /glued HTTP/1.1\r\n\r\nGet /lower HTTP/1.1\r\n\r\n"
                + String(repeating: "X", count: 33) + " /long HTTP/1.1\r\n\r\n"
                + "M.SEARCH /dot HTTP/1.1\r\n\r\nCCM_POST /a HTTP/1.1\r\n\r\n"
                + "VERSION-CONTROL /b HTTP/1.1\r\n\r\nQUERY2 /c HTTP/1.1\r\n\r\n"
        )], startsMidstream: true)
        #expect(run.events == [
            .started(at: 1), request("CCM_POST", "/a"), ended(0),
            .started(at: 1), request("VERSION-CONTROL", "/b"), ended(0),
            .started(at: 1), request("QUERY2", "/c"), ended(0),
        ])
    }

    @Test("While resynchronising, a status below 100 starts nothing")
    func statusBelow100() {
        let run = Feed.run(.server, [
            .text("HTTP/1.1 099 X\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"),
        ], startsMidstream: true)
        #expect(run.events == [.started(at: 1), response(204), ended(0)])
    }

    @Test("A candidate line cut across packets is judged when it completes")
    func candidateAcrossPackets() {
        let run = Feed.run(.client, [
            .text("garbage\nQUE", at: 1),
            .text("RY /x HT", at: 2),
            .text("TP/1.1\r\n\r\n", at: 3),
        ], startsMidstream: true)
        #expect(run.events == [.started(at: 1), request("QUERY", "/x"), ended(0, at: 3)])
        #expect(run.counter("http_resync_skipped_bytes") == 8)
    }

    @Test("A status line while resynchronising must read HTTP/1.d and three digits")
    func strictStatusRule() {
        let run = Feed.run(.server, [.text(
            "HTTP/2 200\nHTTP/1.1 20\nHTTPS/1.1 200 OK\nhttp/1.1 200 OK\n"
                + "HTTP/1.0 404\r\nContent-Length: 0\r\n\r\n"
        )], startsMidstream: true)
        #expect(run.events == [
            .started(at: 1), response(404, version: .http10, closes: true), ended(0),
        ])
    }

    @Test("Each packet start is a candidate while resynchronising")
    func packetStartIsCandidate() {
        let run = Feed.run(.server, [
            .text("binary \u{1}\u{2} no newline", at: 1),
            .text("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", at: 2),
        ], startsMidstream: true)
        #expect(run.events == [.started(at: 2), response(200), ended(0, at: 2)])
    }

    @Test("Inside a message, a packet start is not taken for a new message")
    func packetStartInsideBody() {
        let run = Feed.run(.client, [
            .text("POST / HTTP/1.1\r\nContent-Length: 18\r\n\r\n", at: 1),
            .text("GET / HTTP/1.1\r\n\r\n", at: 2),
        ])
        #expect(run.events == [.started(at: 1), request("POST", "/"), ended(18, at: 2)])
    }

    @Test("A well-known method and a space start a message even if the line then fails")
    func wellKnownMethodAccepted() {
        let run = Feed.run(.client, [.text("x\nGET me a coffee\nDELETE /x HTTP/1.1\n\n")],
                           startsMidstream: true)
        #expect(run.events == [
            .started(at: 1), .failed(.malformedStartLine, at: 1),
            .started(at: 1), request("DELETE", "/x"), ended(0),
        ])
    }

    @Test("A message glued to the end of an unknown body in one packet is not found")
    func messageInsideLineIsMissed() {
        let text = "tail of a body}GET /lost HTTP/1.1\r\n\r\n"
        let run = Feed.run(.client, [.text(text)], startsMidstream: true)
        #expect(run.events.isEmpty)
        #expect(run.counter("http_resync_skipped_bytes") == text.utf8.count)
    }

    @Test("findMessageStart finds request and status lines at line starts only", arguments: [
        ("GET / HTTP/1.1\r\n", 0, StartLineKind.request),
        ("HTTP/1.1 200 OK\r\n", 0, .response),
        ("abc\r\nHTTP/1.0 404\r\n", 5, .response),
        ("xx GET / HTTP/1.1\r\nPUT /a HTTP/1.1\r\n", 19, .request),
        ("{\"a\":1}\nPROPFIND /d HTTP/1.1\r\n", 8, .request),
        ("\nOPTIONS ", 1, .request),
    ])
    func findsStart(text: String, offset: Int, kind: StartLineKind) {
        let found = Array(text.utf8).withUnsafeBytes { HTTPStreamParser.findMessageStart(in: $0) }
        #expect(found?.offset == offset)
        #expect(found?.kind == kind)
    }

    @Test("findMessageStart finds nothing in other text", arguments: [
        "", "GE", "HTTP/1.1 20", "PROPFIND /d HTTP/1.1", "hello world\r\nfoo bar baz\r\n",
        "HTTP/2.0 200 OK\r\n", "\u{16}\u{3}\u{1}\u{2}\u{0}\u{1}",
        "BREW /pot HTTP/2.0\r\n",
    ])
    func findsNothing(text: String) {
        let found = Array(text.utf8).withUnsafeBytes { HTTPStreamParser.findMessageStart(in: $0) }
        #expect(found == nil)
    }
}
