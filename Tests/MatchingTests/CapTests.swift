import Capture
import Decode
import HTTP
import Matching
import Testing

/// Caps bound the tracker's memory; reaching one is counted and tracking goes on.
@Suite struct CapTests {
    @Test("At the connection cap the least recently active connection is evicted, and said so")
    func connectionCap() {
        let wire = Wire(limits: TrackerLimits(maxConnections: 2))
        let waiting = Conversation(wire: wire, client: Conversation.endpoint(1, port: 40_001))
        waiting.handshake(at: 0)
        waiting.send(.client, Messages.request("/waiting"), at: 10)
        let busy = Conversation(wire: wire, client: Conversation.endpoint(1, port: 40_002))
        busy.handshake(at: 20)
        busy.send(.client, Messages.request("/busy"), at: 30)
        busy.send(.server, Messages.response(), at: 40)

        let late = Conversation(wire: wire, client: Conversation.endpoint(1, port: 40_003))
        late.handshake(at: 50)
        late.send(.client, Messages.request("/late"), at: 60)
        late.send(.server, Messages.response(), at: 70)

        #expect(wire.exchanges.map(\.line) == [
            "GET /busy → 200 complete",
            "GET /waiting → - evicted",
            "GET /late → 200 complete",
        ])
        #expect(wire.tracker.connectionCount == 2)
        #expect(wire.counter("connections_evicted") == 1)
    }

    @Test("At the connection cap an idle connection is expired to make room")
    func capExpiresIdle() {
        let limits = TrackerLimits(maxConnections: 1, idleTimeoutNanoseconds: 1_000_000_000)
        let wire = Wire(limits: limits)
        let idle = Conversation(wire: wire, client: Conversation.endpoint(1, port: 40_001))
        idle.handshake(at: 0)
        idle.send(.client, Messages.request("/idle"), at: 10)

        let next = Conversation(wire: wire, client: Conversation.endpoint(1, port: 40_002))
        next.handshake(at: 1_500)
        next.send(.client, Messages.request("/next"), at: 1_510)
        next.send(.server, Messages.response(), at: 1_520)

        #expect(wire.exchanges.map(\.line) == ["GET /idle → - timeout",
                                               "GET /next → 200 complete"])
        #expect(wire.counter("connections_evicted") == 0)
        #expect(wire.counter("connections_expired") == 1)
    }

    @Test("Past the pending-request cap the oldest request is abandoned, later pairs stay right")
    func pendingCap() {
        let wire = Wire(limits: TrackerLimits(maxPendingRequests: 2))
        let talk = Conversation(wire: wire)
        talk.handshake()
        talk.send(.client, Messages.request("/1") + Messages.request("/2")
                  + Messages.request("/3"), at: 10)
        #expect(wire.exchanges.map(\.line) == ["GET /1 → - abandoned"])
        #expect(wire.counter("pending_requests_dropped") == 1)

        talk.send(.server, Messages.response(201), at: 20)
        talk.send(.server, Messages.response(202), at: 21)
        talk.send(.server, Messages.response(203), at: 22)

        #expect(wire.exchanges.map(\.line) == [
            "GET /1 → - abandoned", "- - → 201 response_only",
            "GET /2 → 202 complete", "GET /3 → 203 complete",
        ])
    }

    @Test("Lone ACKs for untracked connections are counted, not tracked")
    func segmentsWithoutConnection() {
        let talk = Conversation()
        talk.control(.client, flags: [.ack], at: 1)
        talk.control(.server, flags: [.fin, .ack], at: 2)

        #expect(talk.wire.tracker.connectionCount == 0)
        #expect(talk.wire.counter("segments_without_connection") == 2)
    }

    @Test("The last ACK of a connection that closed cleanly is not counted as stray")
    func teardownAckNotCounted() {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/a"), at: 10)
        talk.send(.server, Messages.response(), at: 20)
        talk.fin(.client, at: 30)
        talk.fin(.server, at: 31)
        talk.control(.client, flags: [.ack], at: 32)

        #expect(talk.wire.counter("segments_without_connection") == 0)
        #expect(talk.wire.counter("segments_after_close") == 0)
    }

    @Test("Every counter appears under its stable name")
    func counterNames() {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/a"), at: 10)
        talk.send(.server, Messages.response(), at: 20)
        talk.fin(.client, at: 30)
        talk.fin(.server, at: 31)

        let names = talk.wire.tracker.counterValues.map(\.name)
        let expected = [
            "connections", "connections_closed", "connections_reset", "connections_expired",
            "connections_evicted", "connections_replaced_by_syn", "non_http_connections",
            "stray_syns", "resets_out_of_window", "tcp_segments_too_far_ahead",
            "segments_without_connection", "undetermined_bytes", "opaque_bytes", "exchanges",
            "unanswered", "responses_without_request", "unparsed_requests_unanswered",
            "pending_requests_dropped", "parse_errors", "tcp_delivered_bytes", "tcp_gaps",
            "tcp_gap_bytes", "tcp_gaps_at_hold_cap", "snap_truncated_bytes",
        ]
        for name in expected {
            #expect(names.contains(name), "missing \(name)")
        }
        #expect(Set(names).count == names.count)
        #expect(talk.wire.counter("connections") == 1)
        #expect(talk.wire.counter("connections_closed") == 1)
        #expect(talk.wire.counter("exchanges") == 1)
        let delivered = Messages.request("/a").utf8.count + Messages.response().utf8.count
        #expect(talk.wire.counter("tcp_delivered_bytes") == delivered)
    }
}
