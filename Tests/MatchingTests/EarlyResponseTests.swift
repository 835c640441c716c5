import Capture
import Decode
import HTTP
import Matching
import Testing

/// A server may answer before the request is complete (413, 408): the exchange counts, with
/// the request flagged incomplete, and the rest of the request invents nothing.
@Suite struct EarlyResponseTests {
    @Test("A 413 before the body ends is one exchange flagged request_incomplete")
    func rejectedUpload() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.postHead("/upload", length: 100_000), at: 10)
        talk.send(.client, String(repeating: "a", count: 1_000), at: 11)
        talk.send(.server, Messages.response(413, body: "too big", extra: "Connection: close\r\n"),
                  at: 20)
        // The rest of the body carries text that looks like a request.
        talk.send(.client, Messages.request("/not-a-request") + String(repeating: "b", count: 500),
                  at: 30)
        talk.fin(.server, at: 40)
        talk.send(.client, String(repeating: "c", count: 2_000), at: 50)
        talk.reset(.client, at: 60)
        talk.wire.finishAll()

        #expect(talk.exchanges.map(\.line) == ["POST /upload → 413 complete"])
        let exchange = try #require(talk.exchanges.first)
        #expect(exchange.flags == .requestIncomplete)
        #expect(exchange.requestStart == .milliseconds(10))
        #expect(exchange.requestEnd == nil)
        #expect(exchange.responseStart == .milliseconds(20))
        #expect(exchange.responseEnd == .milliseconds(20))
        #expect(exchange.responseBodyBytes == 7)
        #expect(talk.wire.counter("exchanges") == 1)
        #expect(talk.wire.counter("unanswered") == 0)
    }

    @Test("After an early answer, the request that follows the finished body pairs normally")
    func keepAliveAfterEarlyAnswer() {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.postHead("/upload", length: 10), at: 10)
        talk.send(.client, "01234", at: 11)
        talk.send(.server, Messages.response(413), at: 20)
        talk.send(.client, "56789", at: 30)
        talk.send(.client, Messages.request("/next"), at: 40)
        talk.send(.server, Messages.response(body: "n"), at: 50)

        #expect(talk.exchanges.map(\.line) == ["POST /upload → 413 complete",
                                               "GET /next → 200 complete"])
        #expect(talk.exchanges.map(\.flags) == [.requestIncomplete, []])
        #expect(talk.exchanges.map(\.sequenceInConnection) == [1, 2])
    }

    @Test("A 408 on a connection whose request never finished its head still pairs")
    func timeoutBeforeHead() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, "GET /slow HTTP/1.1\r\nHost: exa", at: 10)
        talk.send(.server, Messages.response(408, extra: "Connection: close\r\n"), at: 10_010)
        talk.fin(.server, at: 10_011)
        talk.fin(.client, at: 10_012)

        let exchange = try #require(talk.exchanges.first)
        #expect(talk.exchanges.count == 1)
        #expect(exchange.response?.status == 408)
        #expect(exchange.requestStart == .milliseconds(10))
        #expect(exchange.outcome == .complete)
        #expect(exchange.flags.contains(.requestIncomplete))
    }
}
