import Capture
import Decode
import HTTP
import Matching
import Testing

/// The four timestamps come from the packets that carried those bytes; differences never run
/// negative.
@Suite struct TimingTests {
    @Test("Each of the four timestamps is that of the packet carrying that byte")
    func fourTimestamps() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.postHead("/upload", length: 6), at: 100)
        talk.send(.client, "abc", at: 130)
        talk.send(.client, "def", at: 150)
        talk.send(.server, Messages.responseHead(length: 4), at: 400)
        talk.send(.server, "wx", at: 450)
        talk.send(.server, "yz", at: 500)

        let exchange = try #require(talk.exchanges.first)
        #expect(talk.exchanges.count == 1)
        #expect(exchange.requestStart == .milliseconds(100))
        #expect(exchange.requestEnd == .milliseconds(150))
        #expect(exchange.responseStart == .milliseconds(400))
        #expect(exchange.responseEnd == .milliseconds(500))
        #expect(exchange.requestBodyBytes == 6)
        #expect(exchange.responseBodyBytes == 4)
        #expect(exchange.durationNanoseconds == 400_000_000)
        #expect(exchange.waitNanoseconds == 250_000_000)
        #expect(exchange.transferNanoseconds == 100_000_000)
        #expect(exchange.flags.isEmpty)
    }

    @Test("A slow upload shows as a long request with a short wait")
    func slowUpload() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.postHead("/slow", length: 2), at: 0)
        talk.send(.client, "a", at: 1_000)
        talk.send(.client, "b", at: 5_000)
        talk.send(.server, Messages.response(body: "k"), at: 5_003)

        let exchange = try #require(talk.exchanges.first)
        #expect(Exchange.milliseconds(exchange.durationNanoseconds) == 5_003)
        #expect(Exchange.milliseconds(exchange.waitNanoseconds) == 3)
        #expect(exchange.transferNanoseconds == 0)
    }

    @Test("A reordered request ends when its last missing bytes arrive, not with its final byte")
    func reorderedRequest() throws {
        let talk = Conversation()
        talk.handshake()
        let head = Messages.postHead("/r", length: 6)
        let start = talk.clientSeq
        let headLength = UInt32(head.utf8.count)
        talk.send(.client, head, at: 100)
        // The last part of the body is captured before the middle part.
        talk.send(.client, "456", at: 110, seq: start + headLength + 3)
        talk.send(.client, "123", at: 120, seq: start + headLength)
        talk.send(.server, Messages.response(body: ""), at: 200)

        let exchange = try #require(talk.exchanges.first)
        // The final byte came at 110, but the request was whole only at 120.
        #expect(exchange.requestStart == .milliseconds(100))
        #expect(exchange.requestEnd == .milliseconds(120))
        #expect(exchange.requestBodyBytes == 6)
        #expect(exchange.flags == .reordered)
        #expect(Exchange.milliseconds(exchange.waitNanoseconds) == 80)
    }

    @Test("A response whose middle arrives last ends then: a late retransmission shows")
    func reorderedResponse() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/r"), at: 100)
        let head = Messages.responseHead(length: 6)
        let start = talk.serverSeq
        let headLength = UInt32(head.utf8.count)
        talk.send(.server, head, at: 200)
        talk.send(.server, "456", at: 210, seq: start + headLength + 3)
        talk.send(.server, "123", at: 220, seq: start + headLength)

        let exchange = try #require(talk.exchanges.first)
        #expect(exchange.responseStart == .milliseconds(200))
        #expect(exchange.responseEnd == .milliseconds(220))
        #expect(exchange.flags == .reordered)
        #expect(Exchange.milliseconds(exchange.durationNanoseconds) == 120)
    }

    @Test("A response stamped before its request pairs by order, clamps to 0, flags clock_skew")
    func clockSkew() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/skew"), at: 200)
        talk.send(.server, Messages.response(body: "ab"), at: 150)

        let exchange = try #require(talk.exchanges.first)
        #expect(exchange.line == "GET /skew → 200 complete")
        #expect(exchange.waitNanoseconds == 0)
        #expect(exchange.durationNanoseconds == 0)
        #expect(exchange.transferNanoseconds == 0)
        #expect(exchange.flags == .clockSkew)
    }

    @Test("Timestamps that agree with stream order raise no clock_skew")
    func noSkew() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/same"), at: 200)
        talk.send(.server, Messages.response(body: "ab"), at: 200)

        let exchange = try #require(talk.exchanges.first)
        #expect(exchange.durationNanoseconds == 0)
        #expect(exchange.flags.isEmpty)
    }

    @Test("The handshake's round trip is measured from the client's SYN to its ACK")
    func handshakeRoundTrip() throws {
        let talk = Conversation()
        talk.handshake(at: 5)
        talk.send(.client, Messages.request("/a"), at: 10)
        talk.send(.server, Messages.response(204), at: 20)
        talk.send(.client, Messages.request("/b"), at: 30)
        talk.send(.server, Messages.response(204), at: 40)

        #expect(talk.exchanges.map(\.handshakeRTTNanoseconds) == [2_000_000, 2_000_000])
    }

    @Test("Without a handshake there is no round trip to report")
    func noHandshakeNoRoundTrip() throws {
        let talk = Conversation()
        talk.send(.client, Messages.request("/a"), at: 10)
        talk.send(.server, Messages.response(204), at: 20)

        let exchange = try #require(talk.exchanges.first)
        #expect(exchange.handshakeRTTNanoseconds == nil)
    }

    @Test("A request whose first bytes come last starts with its earliest packet, no clock skew")
    func requestHeadLast() throws {
        let talk = Conversation()
        talk.handshake()
        let head = Messages.postHead("/r", length: 3)
        let start = talk.clientSeq
        let headLength = UInt32(head.utf8.count)
        talk.send(.client, "abc", at: 500, seq: start + headLength)
        talk.send(.client, head, at: 520, seq: start)
        talk.send(.server, Messages.response(body: ""), at: 600)

        let exchange = try #require(talk.exchanges.first)
        #expect(exchange.requestStart == .milliseconds(500))
        #expect(exchange.requestEnd == .milliseconds(520))
        #expect(exchange.flags == .reordered)
        #expect(Exchange.milliseconds(exchange.waitNanoseconds) == 80)
        #expect(Exchange.milliseconds(exchange.durationNanoseconds) == 100)
    }
}
