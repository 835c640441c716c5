import HTTP
import Testing

@Suite struct FinishTests {
    @Test("A stream that ends between messages reports nothing more")
    func finishBetweenMessages() {
        let events = Feed.events(.client, "GET / HTTP/1.1\r\n\r\n", finish: true)
        #expect(events == [.started(at: 1), request("GET", "/"), ended(0)])
    }

    @Test("A stream that ends before the declared length ends the message incomplete")
    func finishInsideFixedBody() {
        let run = Feed.run(.server, [
            .text("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc", at: 1),
            .text("def", at: 2),
            .finish(at: 5),
        ])
        #expect(run.events == [.started(at: 1), response(200), ended(6, at: 2, complete: false)])
        #expect(run.counter("http_messages_incomplete") == 1)
    }

    @Test("A stream that ends inside a head ends the message incomplete", arguments: [
        "GET / HT", "GET / HTTP/1.1\r\n", "GET / HTTP/1.1\r\nHost: h\r\n",
    ])
    func finishInsideHead(text: String) {
        let events = Feed.events(.client, text, finish: true)
        #expect(events == [.started(at: 1), ended(0, complete: false)])
    }

    @Test("A stream that ends inside a chunked body ends the message incomplete")
    func finishInsideChunked() {
        let events = Feed.events(.client,
                                 "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
                                 finish: true)
        #expect(events == [.started(at: 1), request("POST", "/"), ended(2, complete: false)])
    }

    @Test("A stream that ends while resynchronising reports nothing")
    func finishWhileResyncing() {
        let run = Feed.run(.client, [.text("xyz\nQUERY /a"), .finish()], startsMidstream: true)
        #expect(run.events.isEmpty)
    }

    @Test("A parser can take a new stream after finishing")
    func reuseAfterFinish() {
        let run = Feed.run(.server, [
            .text("HTTP/1.1 200 OK\r\n\r\nbody", at: 1), .finish(at: 2),
            .text("HTTP/1.1 204 No Content\r\n\r\n", at: 3),
        ])
        #expect(run.events == [
            .started(at: 1), response(200), ended(4, at: 1),
            .started(at: 3), response(204), ended(0, at: 3),
        ])
    }

    @Test("A parser switched to opaque ends its message in progress")
    func switchToOpaqueMidMessage() {
        var parser = HTTPStreamParser(role: .client, startsMidstream: false)
        var sink = RecordingSink()
        let bytes = Array("POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\nabc".utf8)
        bytes.withUnsafeBytes { parser.parse($0, at: .zero, into: &sink) }
        parser.switchToOpaque(into: &sink)
        #expect(sink.events == [
            .started(at: 0), request("POST", "/"), ended(3, at: 0, complete: false),
        ])
        #expect(parser.isOpaque)
    }
}
