import Capture
import Decode
import HTTP
import Reassembly

/// Follows every TCP connection in the traffic and turns their HTTP messages into exchanges.
///
/// This is the packet path after decoding: segments in, exchanges out, no I/O and no clock.
/// Time moves only with the packets' own timestamps, so a replay and a live capture of the same
/// traffic report the same thing.
public final class ConnectionTracker {
    /// The caps and timeouts in force.
    public let limits: TrackerLimits

    private var connections: [ConnectionKey: Connection] = [:]
    /// Connections that ended recently, with when they ended: a late retransmission for one of
    /// them must not open a new mid-stream connection and report its bytes again.
    private var recentlyClosed: [ConnectionKey: Timestamp] = [:]
    private let counters = MatchingCounters()
    private var lastSweep: Timestamp?
    /// The latest packet time seen; the tracker's notion of "now".
    public private(set) var now = Timestamp.zero

    /// Creates a tracker with no connections.
    public init(limits: TrackerLimits = TrackerLimits()) {
        self.limits = limits
        self.connections.reserveCapacity(1024)
    }

    /// Connections currently tracked.
    public var connectionCount: Int {
        self.connections.count
    }

    /// Every counter with its stable summary name, in a fixed order.
    public var counterValues: [(name: String, value: Int)] {
        self.counters.counterValues
    }

    // MARK: - Input

    /// Takes one TCP segment and hands every exchange it completes to `emit`, in order.
    ///
    /// Also expires idle connections every few seconds of packet time.
    public func ingest(_ segment: TCPSegment, emit: (Exchange) -> Void) {
        self.now = max(self.now, segment.timestamp)
        self.sweepIfDue(emit: emit)

        let key = ConnectionKey(segment.source, segment.destination)
        var connection = self.connections[key]
        if let existing = connection {
            switch self.reuse(of: existing, by: segment) {
            case .sameConnection:
                break
            case .heldBack:
                return
            case .replace(let at, let syn):
                existing.close(outcome: .closed, at: at)
                self.counters.connectionsReplacedBySYN += 1
                self.release(existing, key: key, emit: emit)
                connection = nil
                if let syn {
                    // The SYN held back until the server accepted it opens the new connection.
                    connection = self.open(for: syn.segment, key: key, emit: emit)
                    connection?.ingest(syn.segment)
                }
            }
        }
        if connection == nil {
            connection = self.open(for: segment, key: key, emit: emit)
        }
        guard let connection else { return }

        connection.ingest(segment)
        self.drain(connection, emit: emit)
        if connection.isDone {
            self.connections[key] = nil
            self.rememberClosed(key)
        }
    }

    /// Expires connections silent since before `now - idleTimeout`, reporting their waiting
    /// requests with outcome `timeout`.
    public func expireIdle(now: Timestamp, emit: (Exchange) -> Void) {
        self.now = max(self.now, now)
        let deadline = self.now.advanced(byNanoseconds: -self.limits.idleTimeoutNanoseconds)
        for (key, connection) in self.connections where connection.lastActivity < deadline {
            connection.close(outcome: .timeout, at: self.now)
            self.counters.connectionsExpired += 1
            self.release(connection, key: key, emit: emit)
        }
        let graceDeadline = self.now.advanced(byNanoseconds: -Self.closedGraceNanoseconds)
        self.recentlyClosed = self.recentlyClosed.filter { $0.value >= graceDeadline }
    }

    /// Ends every connection, reporting what is still open with `outcome` (`captureEnded` at
    /// the end of a file or when a live capture stops).
    public func finishAll(outcome: ExchangeOutcome = .captureEnded, emit: (Exchange) -> Void) {
        let open = self.connections.sorted { $0.value.lastActivity < $1.value.lastActivity }
        for (key, connection) in open {
            connection.close(outcome: outcome, at: self.now)
            self.release(connection, key: key, emit: emit)
        }
    }

    // MARK: - Connections

    /// What a segment on a tracked four-tuple means for the connection there.
    enum Reuse {
        /// It belongs to the tracked connection.
        case sameConnection
        /// A SYN with a new initial sequence number on a live connection: held back until the
        /// server accepts it.
        case heldBack
        /// The tracked connection is over from `at`; `syn`, when given, opens the next one.
        case replace(at: Timestamp, syn: HeldSYN?)
    }

    /// Decides whether a SYN starts a new connection on a four-tuple that is still tracked (its
    /// end was missed, or the port was reused).
    ///
    /// When the old connection is plausibly over (it closed or reset, went quiet, or never
    /// carried data) the SYN replaces it at once. Otherwise the SYN is held back: a stray SYN
    /// in a live exchange (injected, or from a confused middlebox) must not cut it short, but
    /// a server that answers it with a SYN-ACK has taken it for a new connection, and so do we.
    private func reuse(of existing: Connection, by segment: TCPSegment) -> Reuse {
        guard segment.flags.contains(.syn) else { return .sameConnection }
        if segment.flags.contains(.ack) {
            guard let held = existing.heldSYN, segment.ack == held.segment.seq &+ 1 else {
                return .sameConnection
            }
            self.counters.straySYNs -= 1
            return .replace(at: held.segment.timestamp, syn: held)
        }
        if let isn = existing.clientISN, isn == segment.seq {
            return .sameConnection
        }
        let hasCarriedData = existing.positionFromFirst > 0 || existing.positionToFirst > 0
        let quietNanoseconds = segment.timestamp.nanoseconds(since: existing.lastActivity)
        if existing.hasSeenFINOrReset || !hasCarriedData
            || quietNanoseconds >= Self.quietBeforeReuseNanoseconds {
            return .replace(at: segment.timestamp, syn: nil)
        }
        if existing.heldSYN == nil {
            self.counters.straySYNs += 1
        }
        existing.heldSYN = HeldSYN(segment: segment)
        return .heldBack
    }

    /// How long a connection must have been silent for a SYN with a new ISN to replace it.
    static let quietBeforeReuseNanoseconds: Int64 = 1_000_000_000

    /// How long segments of a closed connection are dropped rather than taken for a new one.
    static let closedGraceNanoseconds: Int64 = 30_000_000_000

    private func rememberClosed(_ key: ConnectionKey) {
        guard self.recentlyClosed.count < self.limits.maxConnections else { return }
        self.recentlyClosed[key] = self.now
    }

    private func open(for segment: TCPSegment, key: ConnectionKey, emit: (Exchange) -> Void)
        -> Connection?
    {
        let isRecentlyClosed = self.recentlyClosed[key] != nil
        // A lone ACK or FIN for a connection not tracked carries nothing to parse; after a
        // close it is the ordinary end of the teardown and is not even counted.
        guard segment.flags.contains(.syn) || segment.payloadLength > 0 else {
            if !isRecentlyClosed {
                self.counters.segmentsWithoutConnection += 1
            }
            return nil
        }
        if !segment.flags.contains(.syn), isRecentlyClosed {
            self.counters.segmentsAfterClose += 1
            return nil
        }
        self.recentlyClosed[key] = nil
        if self.connections.count >= self.limits.maxConnections {
            self.evictLeastRecentlyActive(emit: emit)
        }
        let connection = Connection(
            firstSource: segment.source,
            firstDestination: segment.destination,
            at: segment.timestamp,
            limits: self.limits,
            counters: self.counters
        )
        self.connections[key] = connection
        self.counters.connectionsOpened += 1
        return connection
    }

    /// Makes room at the connection cap: ends the least recently active hundredth of the
    /// connections at once (their waiting requests are reported `evicted`), so that a flood of
    /// new connections costs one scan per hundredth of the cap, not one per packet.
    private func evictLeastRecentlyActive(emit: (Exchange) -> Void) {
        let count = max(1, self.limits.maxConnections / 100)
        var byActivity = self.connections.map { (key: $0.key, lastActivity: $0.value.lastActivity) }
        byActivity.sort { $0.lastActivity < $1.lastActivity }
        for entry in byActivity.prefix(count) {
            guard let connection = self.connections[entry.key] else { continue }
            connection.close(outcome: .evicted, at: self.now)
            self.counters.connectionsEvicted += 1
            self.release(connection, key: entry.key, emit: emit)
        }
    }

    private func release(_ connection: Connection, key: ConnectionKey,
                         emit: (Exchange) -> Void) {
        self.drain(connection, emit: emit)
        self.connections[key] = nil
        self.rememberClosed(key)
    }

    private func drain(_ connection: Connection, emit: (Exchange) -> Void) {
        guard !connection.finished.isEmpty else { return }
        for exchange in connection.finished {
            emit(exchange)
        }
        connection.finished.removeAll(keepingCapacity: true)
    }

    private func sweepIfDue(emit: (Exchange) -> Void) {
        let interval = min(self.limits.idleTimeoutNanoseconds / 4, 5_000_000_000)
        guard let last = self.lastSweep else {
            self.lastSweep = self.now
            return
        }
        guard self.now.nanoseconds(since: last) >= interval else { return }
        self.lastSweep = self.now
        self.expireIdle(now: self.now, emit: emit)
    }
}
