import HTTP
import Testing

@Suite struct GapTests {
    @Test("A gap inside a Content-Length body keeps the framing and flags the message")
    func gapInFixedBody() {
        let run = Feed.run(.client, [
            .text("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nab", at: 1),
            .gap(5, at: 2),
            .text("cde", at: 3),
            .text("GET /next HTTP/1.1\r\n\r\n", at: 4),
        ])
        #expect(run.events == [
            .started(at: 1), request("POST", "/"), ended(10, at: 3, gap: true),
            .started(at: 4), request("GET", "/next"), ended(0, at: 4),
        ])
        #expect(run.counter("http_body_gap_bytes") == 5)
    }

    @Test("A known hole inside a body flags truncation, not loss")
    func knownHoleInBody() {
        let run = Feed.run(.server, [
            .text("HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n", at: 1),
            .text(String(repeating: "a", count: 100), at: 2),
            .hole(1400, at: 2),
            .text(String(repeating: "b", count: 100), at: 3),
            .hole(1400, at: 3),
        ])
        #expect(run.events == [.started(at: 1), response(200), ended(3000, at: 3, truncated: true)])
        #expect(run.counter("http_body_truncated_bytes") == 2800)
        #expect(run.counter("http_body_gap_bytes") == 0)
    }

    @Test("A gap that runs past the end of a body ends it, then resynchronises")
    func gapPastFixedBody() {
        let run = Feed.run(.client, [
            .text("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nab", at: 1),
            .gap(30, at: 2),
            .text("ost: h\r\n\r\n", at: 3),
            .text("GET /next HTTP/1.1\r\n\r\n", at: 4),
        ])
        #expect(run.events == [
            .started(at: 1), request("POST", "/"), ended(4, at: 2, gap: true),
            .failed(.lostFraming, at: 2),
            .started(at: 4), request("GET", "/next"), ended(0, at: 4),
        ])
        #expect(run.counter("http_unframed_gap_bytes") == 28)
        #expect(run.counter("http_resync_skipped_bytes") == 10)
    }

    @Test("A gap inside chunk data keeps the framing when the chunk holds it")
    func gapInChunkData() {
        let run = Feed.run(.server, [
            .text("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc", at: 1),
            .gap(13, at: 2),
            .text("\r\n0\r\n\r\n", at: 3),
        ])
        #expect(run.events == [.started(at: 1), response(200), ended(16, at: 3, gap: true)])
    }

    @Test("A gap larger than the rest of the chunk loses the framing")
    func gapPastChunk() {
        let run = Feed.run(.server, [
            .text("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc", at: 1),
            .gap(20, at: 2),
            .text("\r\n0\r\n\r\n", at: 3),
            .text("HTTP/1.1 204 No Content\r\n\r\n", at: 4),
        ])
        #expect(run.events == [
            .started(at: 1), response(200), .failed(.lostFraming, at: 2),
            .started(at: 4), response(204), ended(0, at: 4),
        ])
    }

    @Test("A gap in a head, chunk-size line or trailer loses the message", arguments: [
        ("HTTP/1.1 200 OK\r\nConte", false),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1", true),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx", true),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1", true),
    ])
    func gapOutsideData(prefix: String, isHeadComplete: Bool) {
        let run = Feed.run(.server, [
            .text(prefix, at: 1), .gap(7, at: 2), .text("HTTP/1.1 304 Not Modified\r\n\r\n", at: 3),
        ])
        let head: [Event] = isHeadComplete ? [response(200)] : []
        #expect(run.events == [.started(at: 1)] + head + [
            .failed(.lostFraming, at: 2), .started(at: 3), response(304), ended(0, at: 3),
        ])
    }

    @Test("Bytes on both sides of a gap in a head are never joined into one line")
    func noSpliceInHead() {
        // Spliced, "GET /secret" + "HTTP/1.1" would read as one request line.
        let run = Feed.run(.client, [
            .text("GET /secret", at: 1),
            .gap(20, at: 2),
            .text(" HTTP/1.1\r\n\r\n", at: 3),
            .text("GET /real HTTP/1.1\r\n\r\n", at: 4),
        ])
        #expect(run.events == [
            .started(at: 1), .failed(.lostFraming, at: 2),
            .started(at: 4), request("GET", "/real"), ended(0, at: 4),
        ])
    }

    @Test("A candidate line cut by a gap while resynchronising is dropped")
    func noSpliceWhileResyncing() {
        let run = Feed.run(.client, [
            .text("xx\nPATCHY /a", at: 1),
            .gap(5, at: 2),
            .text(" HTTP/1.1\r\n\r\n", at: 3),
        ], startsMidstream: true)
        #expect(run.events.isEmpty)
        #expect(run.counter("http_resync_skipped_bytes") == 3 + 9 + 13)
    }

    @Test("A gap between messages is reported so a lost request can be accounted for")
    func gapBetweenMessages() {
        let run = Feed.run(.client, [
            .text("GET /a HTTP/1.1\r\n\r\n", at: 1),
            .gap(40, at: 2),
            .text("GET /c HTTP/1.1\r\n\r\n", at: 3),
        ])
        #expect(run.events == [
            .started(at: 1), request("GET", "/a"), ended(0, at: 1),
            .failed(.lostFraming, at: 2),
            .started(at: 3), request("GET", "/c"), ended(0, at: 3),
        ])
    }

    @Test("A close-delimited body counts gaps and holes as body")
    func gapInCloseDelimitedBody() {
        let run = Feed.run(.server, [
            .text("HTTP/1.1 200 OK\r\n\r\nabc", at: 1),
            .gap(10, at: 2),
            .hole(5, at: 3),
            .finish(at: 4),
        ])
        #expect(run.events == [
            .started(at: 1), response(200), ended(18, at: 3, gap: true, truncated: true),
        ])
    }
}
