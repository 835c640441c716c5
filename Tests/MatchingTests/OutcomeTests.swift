import Capture
import Decode
import HTTP
import Matching
import Testing

/// How an exchange without a complete response ends, and when.
@Suite struct OutcomeTests {
    @Test("A reset before the response ends the exchange as reset at the reset",
          arguments: [Side.client, Side.server])
    func resetBeforeResponse(side: Side) throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/a"), at: 100)
        talk.reset(side, at: 350)

        let exchange = try #require(talk.exchanges.first)
        #expect(talk.exchanges.count == 1)
        #expect(exchange.line == "GET /a → - reset")
        #expect(exchange.endedAt == .milliseconds(350))
        #expect(Exchange.milliseconds(exchange.durationNanoseconds) == 250)
        #expect(exchange.waitNanoseconds == nil)
        #expect(talk.wire.counter("connections_reset") == 1)
        #expect(talk.wire.counter("unanswered") == 1)
        #expect(talk.wire.tracker.connectionCount == 0)
    }

    @Test("A server FIN without a response ends the exchange as closed at the FIN")
    func serverClosesFirst() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/a"), at: 100)
        talk.fin(.server, at: 180)

        let exchange = try #require(talk.exchanges.first)
        #expect(talk.exchanges.count == 1)
        #expect(exchange.line == "GET /a → - closed")
        #expect(exchange.endedAt == .milliseconds(180))
        #expect(Exchange.milliseconds(exchange.durationNanoseconds) == 80)
    }

    @Test("A client FIN alone leaves the request waiting for its answer")
    func clientHalfClose() {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/a"), at: 100)
        talk.fin(.client, at: 110)
        #expect(talk.exchanges.isEmpty)

        talk.send(.server, Messages.response(body: "late"), at: 300)
        talk.fin(.server, at: 310)
        #expect(talk.exchanges.map(\.line) == ["GET /a → 200 complete"])
        #expect(talk.wire.counter("connections_closed") == 1)
        #expect(talk.wire.tracker.connectionCount == 0)
    }

    @Test("A client that closes and is never answered gave up: client_closed at its FIN",
          arguments: ["server FIN", "idle expiry"])
    func clientGivesUp(ending: String) throws {
        let limits = TrackerLimits(idleTimeoutNanoseconds: 10_000_000_000)
        let talk = Conversation(wire: Wire(limits: limits))
        talk.handshake()
        talk.send(.client, Messages.request("/a"), at: 100)
        talk.fin(.client, at: 1_100)
        if ending == "server FIN" {
            talk.fin(.server, at: 2_500)
        } else {
            talk.wire.expireIdle(atMilliseconds: 20_000)
        }

        let exchange = try #require(talk.exchanges.first)
        #expect(exchange.line == "GET /a → - client_closed")
        #expect(exchange.endedAt == .milliseconds(1_100))
        #expect(Exchange.milliseconds(exchange.durationNanoseconds) == 1_000)
    }

    @Test("An idle connection expires; its waiting request times out")
    func idleExpiry() throws {
        let limits = TrackerLimits(idleTimeoutNanoseconds: 10_000_000_000)
        let talk = Conversation(wire: Wire(limits: limits))
        talk.handshake()
        talk.send(.client, Messages.request("/a"), at: 100)
        talk.wire.expireIdle(atMilliseconds: 5_000)
        #expect(talk.exchanges.isEmpty)

        talk.wire.expireIdle(atMilliseconds: 10_200)
        let exchange = try #require(talk.exchanges.first)
        #expect(exchange.line == "GET /a → - timeout")
        #expect(exchange.endedAt == .milliseconds(10_200))
        #expect(talk.wire.counter("connections_expired") == 1)
        #expect(talk.wire.tracker.connectionCount == 0)
    }

    @Test("Packet time alone expires idle connections, as a capture goes on")
    func expiryByPacketTime() {
        let limits = TrackerLimits(idleTimeoutNanoseconds: 1_000_000_000)
        let wire = Wire(limits: limits)
        let quiet = Conversation(wire: wire, client: Conversation.endpoint(1, port: 40_001))
        let busy = Conversation(wire: wire, client: Conversation.endpoint(1, port: 40_002))
        quiet.handshake(at: 0)
        quiet.send(.client, Messages.request("/quiet"), at: 10)
        for step in 0..<10 {
            let time = Int64(100 + step * 300)
            busy.send(.client, Messages.request("/busy"), at: time)
            busy.send(.server, Messages.response(), at: time + 1)
        }

        let quietExchanges = wire.exchanges.filter { $0.client == quiet.client }
        #expect(quietExchanges.map(\.line) == ["GET /quiet → - timeout"])
        #expect(wire.exchanges.filter { $0.client == busy.client }.count == 10)
    }

    @Test("The end of the capture reports waiting requests as capture_ended")
    func captureEnded() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/a") + Messages.request("/b"), at: 100)
        talk.send(.server, Messages.response(), at: 150)
        talk.wire.finishAll()

        #expect(talk.exchanges.map(\.line) == ["GET /a → 200 complete",
                                               "GET /b → - capture_ended"])
        #expect(talk.exchanges.last?.endedAt == .milliseconds(150))
        #expect(talk.wire.tracker.connectionCount == 0)
    }

    @Test("A response cut mid-body by the end of the capture keeps its status")
    func captureEndedMidBody() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/big"), at: 100)
        talk.send(.server, Messages.responseHead(length: 10_000), at: 150)
        talk.send(.server, String(repeating: "z", count: 1_000), at: 160)
        talk.send(.client, "", at: 170)
        talk.wire.finishAll()

        let exchange = try #require(talk.exchanges.first)
        #expect(talk.exchanges.count == 1)
        #expect(exchange.line == "GET /big → 200 capture_ended")
        #expect(exchange.responseStart == .milliseconds(150))
        #expect(exchange.responseEnd == nil)
        #expect(exchange.responseBodyBytes == 1_000)
        #expect(exchange.endedAt == .milliseconds(170))
        #expect(Exchange.milliseconds(exchange.durationNanoseconds) == 70)
    }

    @Test("A response cut mid-body by a reset ends as reset, its duration running to the reset")
    func resetMidBody() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/big"), at: 100)
        talk.send(.server, Messages.responseHead(length: 10_000), at: 150)
        talk.send(.server, String(repeating: "z", count: 1_000), at: 160)
        talk.reset(.server, at: 400)

        let exchange = try #require(talk.exchanges.first)
        #expect(talk.exchanges.count == 1)
        #expect(exchange.line == "GET /big → 200 reset")
        #expect(exchange.responseEnd == nil)
        #expect(exchange.endedAt == .milliseconds(400))
        #expect(Exchange.milliseconds(exchange.durationNanoseconds) == 300)
    }

    @Test("A response cut mid-body by the server's FIN ends as closed at the FIN")
    func closedMidBody() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/big"), at: 100)
        talk.send(.server, Messages.responseHead(length: 10_000), at: 150)
        talk.send(.server, String(repeating: "z", count: 10), at: 160)
        talk.fin(.server, at: 200)

        let exchange = try #require(talk.exchanges.first)
        #expect(talk.exchanges.count == 1)
        #expect(exchange.line == "GET /big → 200 closed")
        #expect(exchange.endedAt == .milliseconds(200))
        #expect(exchange.responseBodyBytes == 10)
    }
}
