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
        if let existing = connection, self.startsNewConnection(segment, replacing: existing) {
            existing.close(outcome: .closed, at: segment.timestamp)
            self.counters.connectionsReplacedBySYN += 1
            self.release(existing, key: key, emit: emit)
            connection = nil
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

    /// Whether a bare SYN with a new initial sequence number starts a new connection on a
    /// four-tuple that is still tracked (its end was missed, or the port was reused).
    private func startsNewConnection(_ segment: TCPSegment, replacing existing: Connection)
        -> Bool
    {
        guard segment.flags.contains(.syn), !segment.flags.contains(.ack) else { return false }
        guard let isn = existing.clientISN else {
            // The old connection was picked up mid-stream: a SYN means it is over.
            return existing.roles != .unknown || existing.positionFromFirst > 0
                || existing.positionToFirst > 0
        }
        return isn != segment.seq
    }

    /// How long segments of a closed connection are dropped rather than taken for a new one.
    static let closedGraceNanoseconds: Int64 = 30_000_000_000

    private func rememberClosed(_ key: ConnectionKey) {
        guard self.recentlyClosed.count < self.limits.maxConnections else { return }
        self.recentlyClosed[key] = self.now
    }

    private func open(for segment: TCPSegment, key: ConnectionKey, emit: (Exchange) -> Void)
        -> Connection?
    {
        // A lone ACK or FIN for a connection not tracked carries nothing to parse.
        guard segment.flags.contains(.syn) || segment.payloadLength > 0 else {
            self.counters.segmentsWithoutConnection += 1
            return nil
        }
        if !segment.flags.contains(.syn), self.recentlyClosed[key] != nil {
            self.counters.segmentsAfterClose += 1
            return nil
        }
        self.recentlyClosed[key] = nil
        if self.connections.count >= self.limits.maxConnections {
            self.expireIdle(now: self.now, emit: emit)
            guard self.connections.count < self.limits.maxConnections else {
                self.counters.connectionsRefusedAtCap += 1
                return nil
            }
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
