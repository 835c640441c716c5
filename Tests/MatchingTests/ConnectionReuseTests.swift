import Capture
import Decode
import HTTP
import Matching
import Testing

/// A new SYN on a tracked four-tuple starts a new connection; a repeated SYN does not.
@Suite struct ConnectionReuseTests {
    @Test("A SYN with a new ISN closes the old connection and nothing of it leaks into the new")
    func newISN() throws {
        let wire = Wire()
        let old = Conversation(wire: wire, clientISN: 1_000, serverISN: 9_000)
        old.handshake(at: 0)
        old.send(.client, Messages.request("/old"), at: 10)
        old.send(.server, Messages.responseHead(length: 500) + "partial", at: 20)
        // A request head cut short and an out-of-order segment, both left behind.
        old.send(.client, "GET /cut HTTP/1.1\r\nHo", at: 30)
        old.send(.client, "st: x\r\n\r\n", at: 31, seq: old.clientSeq &+ 50)

        let new = Conversation(wire: wire, clientISN: 70_000, serverISN: 3_000_000)
        new.handshake(at: 100)
        #expect(wire.exchanges.map(\.line) == ["GET /old → 200 closed"])
        #expect(wire.exchanges.first?.endedAt == .milliseconds(100))

        new.send(.client, Messages.request("/new"), at: 110)
        new.send(.server, Messages.response(204), at: 120)
        new.fin(.client, at: 130)
        new.fin(.server, at: 131)
        wire.finishAll()

        #expect(wire.exchanges.map(\.line) == [
            "GET /old → 200 closed",
            "GET /new → 204 complete",
        ])
        let fresh = try #require(wire.exchanges.last)
        #expect(fresh.sequenceInConnection == 1)
        #expect(fresh.flags.isEmpty)
        #expect(fresh.requestStart == .milliseconds(110))
        #expect(wire.counter("connections_replaced_by_syn") == 1)
        #expect(wire.counter("connections") == 2)
        #expect(wire.tracker.connectionCount == 0)
    }

    @Test("A retransmitted SYN with the same ISN leaves the connection as it was")
    func retransmittedSYN() {
        let talk = Conversation(clientISN: 4_242)
        talk.handshake(at: 0)
        talk.send(.client, Messages.request("/a"), at: 10)
        talk.send(.client, bytes: [], at: 11, seq: 4_242, ack: 0, flags: [.syn])
        talk.send(.server, Messages.response(body: "same"), at: 20)

        #expect(talk.exchanges.map(\.line) == ["GET /a → 200 complete"])
        #expect(talk.exchanges.first?.flags.isEmpty == true)
        #expect(talk.wire.counter("connections_replaced_by_syn") == 0)
        #expect(talk.wire.counter("connections") == 1)
    }

    @Test("A SYN on a four-tuple picked up mid-stream and gone quiet starts a new connection")
    func synAfterMidstream() {
        let wire = Wire()
        let old = Conversation(wire: wire, clientISN: 1_000)
        old.send(.client, Messages.request("/old"), at: 10)

        let new = Conversation(wire: wire, clientISN: 555_555)
        new.handshake(at: 1_500)
        new.send(.client, Messages.request("/new"), at: 1_510)
        new.send(.server, Messages.response(), at: 1_520)

        #expect(wire.exchanges.map(\.line) == [
            "GET /old → - closed",
            "GET /new → 200 complete",
        ])
        #expect(wire.exchanges.map(\.flags) == [.midstream, []])
        #expect(wire.counter("connections_replaced_by_syn") == 1)
    }

    @Test("A new connection on a four-tuple that closed properly starts clean")
    func afterClose() {
        let wire = Wire()
        let first = Conversation(wire: wire, clientISN: 10)
        first.handshake(at: 0)
        first.send(.client, Messages.request("/1"), at: 10)
        first.send(.server, Messages.response(), at: 20)
        first.fin(.client, at: 30)
        first.fin(.server, at: 31)
        #expect(wire.tracker.connectionCount == 0)

        let second = Conversation(wire: wire, clientISN: 900_000)
        second.handshake(at: 40)
        second.send(.client, Messages.request("/2"), at: 50)
        second.send(.server, Messages.response(), at: 60)

        #expect(wire.exchanges.map(\.line) == [
            "GET /1 → 200 complete",
            "GET /2 → 200 complete",
        ])
        #expect(wire.exchanges.map(\.sequenceInConnection) == [1, 1])
        #expect(wire.counter("connections_replaced_by_syn") == 0)
    }

    @Test("A stray SYN in the middle of a live exchange is ignored and counted")
    func straySYN() {
        let talk = Conversation(clientISN: 4_242)
        talk.handshake(at: 0)
        talk.send(.client, Messages.request("/a"), at: 10)
        talk.send(.client, bytes: [], at: 11, seq: 99_999, ack: 0, flags: [.syn])
        talk.send(.server, Messages.response(body: "same"), at: 20)

        #expect(talk.exchanges.map(\.line) == ["GET /a → 200 complete"])
        #expect(talk.wire.counter("stray_syns") == 1)
        #expect(talk.wire.counter("connections_replaced_by_syn") == 0)
    }

    @Test("A reset far outside its sender's sequence space does not end the connection")
    func outOfWindowReset() {
        let talk = Conversation(clientISN: 4_242)
        talk.handshake(at: 0)
        talk.send(.client, Messages.request("/a"), at: 10)
        let serverSeq = talk.serverSeq
        talk.send(.server, bytes: [], at: 11, seq: 123_456_789, ack: 0, flags: [.rst])
        talk.serverSeq = serverSeq
        talk.send(.server, Messages.response(body: "fine"), at: 20)

        #expect(talk.exchanges.map(\.line) == ["GET /a → 200 complete"])
        #expect(talk.wire.counter("resets_out_of_window") == 1)
        #expect(talk.wire.counter("connections_reset") == 0)
    }
}
