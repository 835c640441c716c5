import HTTP
import Testing

@Suite struct FramingTests {
    @Test("Chunked bodies count payload bytes only, across extensions and trailers")
    func chunked() {
        let text = "POST /up HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4;a=b;c=\"d e\"\r\nwiki\r\n5 \r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n"
            + "000;last\r\nExpires: never\r\n\r\nGET /next HTTP/1.1\r\n\r\n"
        #expect(Feed.events(.client, text) == [
            .started(at: 1), request("POST", "/up"), ended(23),
            .started(at: 1), request("GET", "/next"), ended(0),
        ])
    }

    @Test("A chunked response ends at the packet with its final empty line")
    func chunkedResponseTimestamps() {
        let run = Feed.run(.server, [
            .text("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", at: 1),
            .text("3\r\nabc\r\n", at: 2),
            .text("0\r\n", at: 3),
            .text("\r\n", at: 4),
        ])
        #expect(run.events == [.started(at: 1), response(200), ended(3, at: 4)])
    }

    @Test("Chunked wins over Content-Length")
    func chunkedWinsOverLength() {
        let text = "POST / HTTP/1.1\r\nContent-Length: 100\r\n"
            + "Transfer-Encoding: gzip, chunked\r\n\r\n"
            + "2\r\nhi\r\n0\r\n\r\nGET /after HTTP/1.1\r\n\r\n"
        #expect(Feed.events(.client, text) == [
            .started(at: 1), request("POST", "/"), ended(2),
            .started(at: 1), request("GET", "/after"), ended(0),
        ])
    }

    @Test("Only a final chunked coding counts, over several Transfer-Encoding fields")
    func finalCodingDecides() {
        let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
            + "Transfer-Encoding: gzip\r\n\r\n"
            + "0\r\n\r\n"
        #expect(Feed.events(.server, text, finish: true) == [
            .started(at: 1), response(200), ended(5),
        ])
    }

    @Test("A request whose coding is not chunked is reported incomplete and skipped")
    func unframedRequest() {
        let run = Feed.run(.client, [.text(
            "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n\u{1f}\u{8b}junk\r\n"
                + "GET /b HTTP/1.1\r\n\r\n"
        )])
        #expect(run.events == [
            .started(at: 1), request("POST", "/"), ended(0, complete: false),
            .started(at: 1), request("GET", "/b"), ended(0),
        ])
        #expect(run.counter("http_unframed_request_bodies") == 1)
    }

    @Test("Identical duplicate Content-Length values are one value", arguments: [
        "Content-Length: 3\r\nContent-Length: 3\r\n", "Content-Length: 3, 3\r\n",
        "content-length:3 \r\n",
    ])
    func identicalLengths(fields: String) {
        let events = Feed.events(.client, "PUT / HTTP/1.1\r\n" + fields + "\r\nabc")
        #expect(events == [.started(at: 1), request("PUT", "/"), ended(3)])
    }

    @Test("Conflicting or non-numeric Content-Length abandons the message", arguments: [
        "Content-Length: 3\r\nContent-Length: 4\r\n", "Content-Length: 3, 4\r\n",
        "Content-Length: -1\r\n", "Content-Length: +3\r\n", "Content-Length: 0x10\r\n",
        "Content-Length:\r\n", "Content-Length: 99999999999999999999999\r\n",
    ])
    func badLengths(fields: String) {
        let run = Feed.run(.client, [.text(
            "PUT / HTTP/1.1\r\n" + fields + "\r\nbody\r\nGET /next HTTP/1.1\r\n\r\n"
        )])
        #expect(run.events == [
            .started(at: 1), request("PUT", "/"), .failed(.badContentLength, at: 1),
            .started(at: 1), request("GET", "/next"), ended(0),
        ])
        #expect(run.counter("http_parse_errors_bad_content_length") == 1)
        #expect(run.counter("http_resync_skipped_bytes") == 6)
    }

    @Test("The body after a bad Content-Length is not glued to the next request's method",
          arguments: [
              "Content-Length: 5\r\nContent-Length: 10\r\n", "Content-Length: +5\r\n",
              "Content-Length: 0x5\r\n", "Content-Length: 1 0\r\n",
              "Content-Length: 9223372036854775808\r\n", "Content-Length:\r\n 5\r\n",
          ])
    func badLengthBodyBeforeNextRequest(fields: String) {
        let run = Feed.run(.client, [
            .text("POST /p HTTP/1.1\r\n" + fields + "\r\nhello", at: 1),
            .text("GET /next HTTP/1.1\r\n\r\n", at: 2),
        ])
        #expect(run.events == [
            .started(at: 1), request("POST", "/p"), .failed(.badContentLength, at: 1),
            .started(at: 2), request("GET", "/next"), ended(0, at: 2),
        ])
    }

    @Test("A conflicting Content-Length does not matter when chunked is final")
    func badLengthIgnoredWhenChunked() {
        let text = "PUT / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n"
        #expect(Feed.events(.client, text) == [.started(at: 1), request("PUT", "/"), ended(1)])
    }

    @Test("Content-Length: 0 ends the message with its head")
    func zeroLength() {
        let events = Feed.events(.server, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        #expect(events == [.started(at: 1), response(200), ended(0)])
    }

    @Test("Bad chunk-size lines abandon the message", arguments: [
        "zz\r\n", "\r\n", "-1\r\n", "10000000000000000\r\n", "ffffffffffffffff\r\n", "5 x\r\n",
        "00000000000000001\r\n",
    ])
    func badChunkSizes(line: String) {
        let run = Feed.run(.client, [.text(
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + line
                + "GET /next HTTP/1.1\r\n\r\n"
        )])
        #expect(run.events == [
            .started(at: 1), request("POST", "/"), .failed(.badChunk, at: 1),
            .started(at: 1), request("GET", "/next"), ended(0),
        ])
    }

    @Test("Chunk data must be followed by CRLF")
    func missingChunkTerminator() {
        let run = Feed.run(.client, [.text(
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n"
        )])
        #expect(run.events == [.started(at: 1), request("POST", "/"), .failed(.badChunk, at: 1)])
    }

    @Test("The largest chunk size that fits is accepted and counted as it streams")
    func largeChunkSize() {
        let run = Feed.run(.server, [
            .text("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\n"),
            .gap(1_000_000),
            .text("tail"),
            .finish(),
        ])
        #expect(run.events == [
            .started(at: 1), response(200), ended(1_000_004, gap: true, complete: false),
        ])
    }

    @Test("An over-long trailer section is a head too large")
    func trailerCap() {
        let trailers = String(repeating: "X-Pad: " + String(repeating: "p", count: 90) + "\r\n",
                              count: 20)
        let run = Feed.run(.client, [.text(
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + trailers + "\r\n"
        )], limits: HTTPLimits(maxHeadBytes: 1024))
        #expect(run.events == [
            .started(at: 1), request("POST", "/"), .failed(.headTooLarge, at: 1),
        ])
    }
}
