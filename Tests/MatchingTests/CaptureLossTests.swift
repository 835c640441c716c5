import Capture
import Decode
import HTTP
import Matching
import Testing

/// Lost bytes never make a response pair with the wrong request.
@Suite struct CaptureLossTests {
    @Test("A lost pipelined request leaves a placeholder, so its response pairs with nothing")
    func lostPipelinedRequest() {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/1"), at: 10)
        talk.lose(.client, Messages.request("/2"))
        talk.send(.client, Messages.request("/3"), at: 12)
        talk.control(.server, flags: [.ack], at: 13)
        talk.send(.server, Messages.response(201), at: 100)
        talk.control(.client, flags: [.ack], at: 101)
        talk.send(.server, Messages.response(202), at: 102)
        talk.send(.server, Messages.response(203), at: 103)

        #expect(talk.exchanges.map(\.line) == [
            "GET /1 → 201 complete", "- - → 202 response_only", "GET /3 → 203 complete",
        ])
        #expect(talk.exchanges.map(\.sequenceInConnection) == [1, 2, 3])
    }

    @Test("A lost pipelined request answered at once does not shift the later pairs")
    func lostPipelinedRequestFastAnswers() {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/1"), at: 10)
        talk.lose(.client, Messages.request("/2"))
        talk.send(.client, Messages.request("/3"), at: 11)
        talk.send(.server, Messages.response(201) + Messages.response(202)
                  + Messages.response(203), at: 12)
        talk.fin(.client, at: 20)
        talk.fin(.server, at: 21)
        talk.wire.finishAll()

        #expect(talk.exchanges.map(\.line) == [
            "GET /1 → 201 complete", "- - → 202 response_only", "GET /3 → 203 complete",
        ])
    }

    @Test("A lost keep-alive request's response is an orphan and the next pair is right",
          arguments: [5, 100] as [Int64])
    func lostKeepAliveRequest(pause: Int64) {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/1"), at: 10)
        talk.send(.server, Messages.response(201), at: 20)
        talk.lose(.client, Messages.request("/2"))
        talk.send(.server, Messages.response(202), at: 40)
        talk.send(.client, Messages.request("/3"), at: 40 + pause)
        talk.send(.server, Messages.response(203), at: 50 + pause)
        talk.fin(.client, at: 60 + pause)
        talk.fin(.server, at: 61 + pause)

        #expect(talk.exchanges.map(\.line) == [
            "GET /1 → 201 complete", "- - → 202 response_only", "GET /3 → 203 complete",
        ])
        #expect(talk.wire.counter("unanswered") == 0)
        #expect(talk.wire.counter("responses_without_request") == 1)
        let orphan = talk.exchanges[1]
        #expect(orphan.requestStart == nil)
        #expect(orphan.responseStart == .milliseconds(40))
        #expect(orphan.flags.contains(.gap))
        #expect(talk.exchanges[2].requestStart == .milliseconds(40 + pause))
        #expect(talk.exchanges[2].flags.isEmpty)
    }

    @Test("A response acknowledging no more than a request's first byte cannot answer it")
    func ackGuard() {
        // Picked up mid-stream: the first response answers a request sent before the capture.
        let talk = Conversation()
        let requestStart = talk.clientSeq
        talk.send(.client, Messages.request("/2"), at: 10)
        talk.send(.server, Messages.response(201, body: "old"), at: 11, ack: requestStart)
        talk.send(.server, Messages.response(202, body: "new"), at: 20)

        #expect(talk.exchanges.map(\.line) == ["- - → 201 response_only",
                                               "GET /2 → 202 complete"])
        #expect(talk.wire.counter("responses_without_request") == 1)
    }

    @Test("A response acknowledging past a request's first byte may answer it")
    func ackGuardPasses() {
        let talk = Conversation()
        let requestStart = talk.clientSeq
        talk.send(.client, Messages.request("/2"), at: 10)
        talk.send(.server, Messages.response(202), at: 20, ack: requestStart &+ 1)

        #expect(talk.exchanges.map(\.line) == ["GET /2 → 202 complete"])
    }

    @Test("A lost first request after the handshake does not shift the next pair")
    func lostFirstRequest() {
        let talk = Conversation()
        talk.handshake()
        talk.lose(.client, Messages.request("/1"))
        let secondStart = talk.clientSeq
        talk.send(.client, Messages.request("/2"), at: 10)
        talk.send(.server, Messages.response(201), at: 20, ack: secondStart)
        talk.send(.server, Messages.response(202), at: 30)
        talk.fin(.client, at: 40)
        talk.fin(.server, at: 41)

        #expect(talk.exchanges.map(\.line) == ["- - → 201 response_only",
                                               "GET /2 → 202 complete"])
    }

    @Test("A gap inside a Content-Length response body keeps the framing and flags gap")
    func gapInResponseBody() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/1"), at: 10)
        talk.send(.server, Messages.responseHead(length: 300) + String(repeating: "a", count: 100),
                  at: 20)
        talk.lose(.server, String(repeating: "b", count: 100))
        talk.send(.server, String(repeating: "c", count: 100), at: 22)
        talk.send(.client, Messages.request("/2"), at: 30)
        talk.send(.server, Messages.response(202, body: "next"), at: 100)

        #expect(talk.exchanges.map(\.line) == [
            "GET /1 → 200 complete",
            "GET /2 → 202 complete",
        ])
        let first = try #require(talk.exchanges.first)
        #expect(first.flags == .gap)
        #expect(first.responseBodyBytes == 300)
        #expect(first.responseEnd == .milliseconds(22))
        #expect(talk.exchanges.last?.flags == [])
        #expect(talk.exchanges.last?.responseBodyBytes == 4)
        #expect(talk.wire.counter("tcp_gaps") == 1)
        #expect(talk.wire.counter("tcp_gap_bytes") == 100)
    }

    @Test("A gap inside a Content-Length request body keeps the framing and flags gap")
    func gapInRequestBody() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.postHead("/up", length: 30) + "0123456789", at: 10)
        talk.lose(.client, "abcdefghij")
        talk.send(.client, "ABCDEFGHIJ", at: 12)
        talk.send(.server, Messages.response(), at: 100)

        let exchange = try #require(talk.exchanges.first)
        #expect(talk.exchanges.map(\.line) == ["POST /up → 200 complete"])
        #expect(exchange.flags == .gap)
        #expect(exchange.requestBodyBytes == 30)
        #expect(exchange.requestEnd == .milliseconds(12))
    }

    @Test("Snap-length truncation inside a body is a known hole: framing kept, flagged truncated")
    func snapTruncatedBody() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/t"), at: 10)
        let head = Messages.responseHead(length: 1_000)
        let bytes = Array(head.utf8) + Array(repeating: UInt8(ascii: "q"), count: 40)
        talk.send(.server, bytes: bytes, at: 20, wireLength: bytes.count + 960)
        talk.send(.client, Messages.request("/u"), at: 30)
        talk.send(.server, Messages.response(204), at: 40)

        #expect(talk.exchanges.map(\.line) == [
            "GET /t → 200 complete",
            "GET /u → 204 complete",
        ])
        let first = try #require(talk.exchanges.first)
        #expect(first.flags == .truncated)
        #expect(first.responseBodyBytes == 1_000)
        #expect(first.responseEnd == .milliseconds(20))
    }

    @Test("A lost response tail ends at the acknowledgement that covered it, not later")
    func lostTailThenClose() throws {
        let talk = Self.responseWithLostTail()
        talk.control(.client, flags: [.ack], at: 301)
        talk.fin(.server, at: 302)
        talk.fin(.client, at: 303)
        Self.laterTraffic(on: talk.wire, at: 3_000)
        talk.wire.finishAll()

        #expect(talk.exchanges.map(\.line) == ["GET /1 → 200 complete"])
        let exchange = try #require(talk.exchanges.first)
        #expect(exchange.flags == .gap)
        #expect(exchange.responseEnd == .milliseconds(301))
        #expect(exchange.responseBodyBytes == 200)
    }

    @Test("A lost response tail before the server's FIN ends no later than that FIN")
    func lostTailBeforeFIN() throws {
        let talk = Self.responseWithLostTail()
        talk.fin(.server, at: 302)
        Self.laterTraffic(on: talk.wire, at: 3_000)
        talk.wire.finishAll()

        let exchange = try #require(talk.exchanges.first)
        #expect(exchange.outcome == .complete)
        #expect(exchange.flags == .gap)
        #expect(exchange.responseEnd == .milliseconds(302))
    }

    @Test("A lost response tail on a kept-alive connection ends before the next request")
    func lostTailThenNextRequest() throws {
        let talk = Self.responseWithLostTail()
        talk.control(.client, flags: [.ack], at: 301)
        talk.send(.client, Messages.request("/2"), at: 3_000)
        talk.send(.server, Messages.response(204), at: 3_001)

        #expect(talk.exchanges.map(\.line) == [
            "GET /1 → 200 complete",
            "GET /2 → 204 complete",
        ])
        let first = try #require(talk.exchanges.first)
        #expect(first.flags == .gap)
        #expect(first.responseEnd == .milliseconds(301))
    }

    /// A request, then its 200-byte response whose last 100 bytes the capture lost (sent
    /// at 300 ms).
    static func responseWithLostTail() -> Conversation {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/1"), at: 10)
        talk.send(.server, Messages.responseHead(length: 200) + String(repeating: "a", count: 100),
                  at: 300)
        talk.lose(.server, String(repeating: "b", count: 100))
        return talk
    }

    /// A packet of another connection, moving the capture's clock on.
    static func laterTraffic(on wire: Wire, at time: Int64) {
        let other = Conversation(wire: wire, client: Conversation.endpoint(9, port: 50_000))
        other.control(.client, flags: [.syn], at: time, hasAck: false)
    }
}
