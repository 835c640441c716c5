import Capture
import Decode
import HTTP
import Reassembly

/// Which side of a connection sent the requests.
enum Roles {
    /// Not known yet: no handshake seen and no start line found.
    case unknown
    /// The endpoint that sent the connection's first seen packet is the client.
    case firstSourceIsClient
    /// The endpoint that received the connection's first seen packet is the client.
    case firstSourceIsServer
}

/// One direction of a connection, named from the first packet seen on it.
enum Direction {
    case fromFirstSource
    case toFirstSource
}

/// The state of one TCP connection: its two reassembled streams, their HTTP parsers and the
/// requests waiting for responses.
///
/// A class because the parsers' sinks and the reassemblers' consumers all update the same
/// connection while one of its members is being mutated; it is owned by `ConnectionTracker`
/// and used from one thread.
final class Connection {
    let firstSource: Endpoint
    let firstDestination: Endpoint
    let limits: TrackerLimits
    let counters: MatchingCounters

    var roles = Roles.unknown
    var sawHandshake = false
    var clientISN: UInt32?
    /// When the client's SYN was seen, until the handshake's last ACK arrives.
    var synTime: Timestamp?
    var sawSynAck = false
    /// Client SYN to handshake-completing ACK.
    var handshakeRTT: Int64?
    var lastActivity: Timestamp

    // MARK: - Streams

    var streamFromFirst = StreamReassembler()
    var streamToFirst = StreamReassembler()
    /// Sequence number of stream position 0 in each direction.
    var baseSeqFromFirst: UInt32 = 0
    var baseSeqToFirst: UInt32 = 0
    /// Bytes delivered or skipped so far in each direction.
    var positionFromFirst: Int64 = 0
    var positionToFirst: Int64 = 0
    var finishedFromFirst = false
    var finishedToFirst = false

    // MARK: - HTTP

    var clientParser: HTTPStreamParser?
    var serverParser: HTTPStreamParser?
    /// The client stream's sequence number where its parser started.
    var clientParserBaseSeq: UInt32 = 0
    var isOpaque = false
    /// Whether the response just parsed opened a CONNECT tunnel, to be entered once the
    /// server's parser has returned.
    var opensTunnel = false
    /// Whether the connection now carries the inside of a CONNECT tunnel.
    var isTunnel = false
    /// Whether the connection turned out not to carry HTTP; its bytes are no longer parsed.
    var isIgnored = false
    /// Whether any request or response head parsed on this connection.
    var hasParsedHead = false {
        didSet { self.confirmDeferredParseErrors() }
    }
    /// Client parse errors met before anything on the connection parsed: counted once the
    /// connection proves to be HTTP, forgotten if it proves to be another protocol.
    var deferredParseErrors: [HTTPParseProblem] = []

    // MARK: - Matching

    /// Requests in the order they were sent; the first is the one the next response answers.
    var pending: [PendingExchange] = []
    /// Whether the last pending entry is a request whose bytes are still arriving.
    var clientMessageOpen = false
    /// Packet times of the request whose bytes are arriving.
    var requestSpan: TimeSpan?
    /// Packet times of the response whose bytes are arriving.
    var responseSpan: TimeSpan?
    /// The response being received, when it answers no pending request.
    var orphanResponse: Exchange?
    /// Whether a response is being received for `pending[0]`.
    var isRespondingToFirstPending = false
    /// Requests dropped at the pending cap before their responses began: that many of the next
    /// responses answer them, not the requests still queued.
    var responsesOwedToDropped = 0
    /// Acknowledgement number of the segment being processed, for the pairing guard.
    var currentAck: UInt32?
    /// How an exchange cut short by the end of a stream is reported.
    var closingOutcome = ExchangeOutcome.closed
    var closingTime: Timestamp?
    /// When the client closed its side, if it did before the connection ended.
    var clientClosedAt: Timestamp?
    var nextExchangeNumber = 1
    /// Exchanges finished while processing the current segment, for the tracker to emit.
    var finished: [Exchange] = []

    init(
        firstSource: Endpoint,
        firstDestination: Endpoint,
        at timestamp: Timestamp,
        limits: TrackerLimits,
        counters: MatchingCounters
    ) {
        self.firstSource = firstSource
        self.firstDestination = firstDestination
        self.lastActivity = timestamp
        self.limits = limits
        self.counters = counters
    }

    /// A SYN with a new initial sequence number that arrived while this connection was live,
    /// waiting to see whether the server accepts it.
    var heldSYN: HeldSYN?

    /// Whether a FIN or an accepted RST was seen in either direction.
    var hasSeenFINOrReset = false

    /// Whether both directions have ended, or the connection was reset.
    var isDone = false

    /// The client's endpoint, once roles are known.
    var client: Endpoint {
        self.roles == .firstSourceIsServer ? self.firstDestination : self.firstSource
    }

    /// The server's endpoint, once roles are known.
    var server: Endpoint {
        self.roles == .firstSourceIsServer ? self.firstSource : self.firstDestination
    }

    /// Whether `direction` carries the client's stream (never, while roles are unknown).
    func isClient(_ direction: Direction) -> Bool {
        switch self.roles {
        case .unknown: false
        case .firstSourceIsClient: direction == .fromFirstSource
        case .firstSourceIsServer: direction == .toFirstSource
        }
    }

    /// Counts a parse error now if the connection is known to carry HTTP, later if it may not.
    func countParseError(_ problem: HTTPParseProblem) {
        if self.hasParsedHead {
            self.counters.parseProblems[problem, default: 0] += 1
        } else if self.deferredParseErrors.count < 16 {
            self.deferredParseErrors.append(problem)
        }
    }

    private func confirmDeferredParseErrors() {
        guard self.hasParsedHead, !self.deferredParseErrors.isEmpty else { return }
        for problem in self.deferredParseErrors {
            self.counters.parseProblems[problem, default: 0] += 1
        }
        self.deferredParseErrors.removeAll()
    }

    /// Starts parsing the inside of a CONNECT tunnel as a new HTTP conversation: plain HTTP
    /// through a proxy is reported, anything else (TLS) makes the connection ignored.
    func enterTunnel() {
        self.opensTunnel = false
        self.isTunnel = true
        self.hasParsedHead = false
        self.deferredParseErrors.removeAll()
        let limits = self.limits.http
        self.clientParser = HTTPStreamParser(role: .client, startsMidstream: false,
                                             limits: limits)
        self.serverParser = HTTPStreamParser(role: .server, startsMidstream: false,
                                             limits: limits)
    }

    /// How an exchange without its whole response ends, and when: a client that had closed
    /// its side first gave up (`client_closed`, at its FIN); otherwise `outcome` at `time`.
    func unansweredEnding(
        _ outcome: ExchangeOutcome,
        at time: Timestamp
    ) -> (outcome: ExchangeOutcome, time: Timestamp) {
        guard let closed = self.clientClosedAt, closed <= time else { return (outcome, time) }
        return (.clientClosed, closed)
    }

    // MARK: - Segments

    /// Takes one segment of this connection.
    func ingest(_ segment: TCPSegment) {
        self.lastActivity = max(self.lastActivity, segment.timestamp)
        let direction: Direction =
            segment.source == self.firstSource ? .fromFirstSource : .toFirstSource
        self.learnRoles(from: segment, direction: direction)
        self.currentAck = segment.flags.contains(.ack) ? segment.ack : nil
        let movesOn = segment.payloadLength > 0 || segment.flags.contains(.fin)
        if movesOn, let ack = self.currentAck, self.roles != .unknown {
            // A side that sends (or closes) after acknowledging bytes has them: every byte of
            // the other stream it acknowledges is delivered or declared lost first. So the
            // answer to a lost request finds its placeholder queued, and a response whose
            // tail was lost ends before the next request starts.
            self.skipHoles(inStreamTo: direction, before: ack, at: segment.timestamp)
        }

        self.feed(segment, into: direction)
        if segment.flags.contains(.ack) {
            self.noteAcknowledgement(segment.ack, from: direction, at: segment.timestamp)
        }

        if segment.flags.contains(.fin) {
            self.hasSeenFINOrReset = true
        }
        if segment.flags.contains(.rst) {
            self.reset(by: segment, from: direction)
            return
        }
        self.finishEndedStreams(at: segment.timestamp)
    }

    /// Hands a segment to the reassembler of its direction.
    private func feed(_ segment: TCPSegment, into direction: Direction) {
        var router = StreamRouter(connection: self, direction: direction)
        switch direction {
        case .fromFirstSource:
            if !self.streamFromFirst.isSynchronized {
                self.baseSeqFromFirst = Self.firstDataSeq(of: segment)
            }
            self.streamFromFirst.ingest(segment, limits: self.limits.reassembly,
                                        counters: &self.counters.reassembly, into: &router)
        case .toFirstSource:
            if !self.streamToFirst.isSynchronized {
                self.baseSeqToFirst = Self.firstDataSeq(of: segment)
            }
            self.streamToFirst.ingest(segment, limits: self.limits.reassembly,
                                      counters: &self.counters.reassembly, into: &router)
        }
    }

    /// Ends the connection on a plausible reset; ignores (and counts) one far out of window.
    private func reset(by segment: TCPSegment, from direction: Direction) {
        guard self.isPlausibleReset(segment, from: direction) else {
            self.counters.resetsOutOfWindow += 1
            return
        }
        self.hasSeenFINOrReset = true
        self.close(outcome: .reset, at: segment.timestamp)
        self.counters.connectionsReset += 1
    }

    /// Whether a reset's sequence number lies near where its sender's stream is: a reset far
    /// outside it (blind injection, a stale packet) would not be accepted by the receiver
    /// either (RFC 5961, section 3), so it does not end the connection here.
    private func isPlausibleReset(_ segment: TCPSegment, from direction: Direction) -> Bool {
        let stream = direction == .fromFirstSource ? self.streamFromFirst : self.streamToFirst
        guard stream.isSynchronized else { return true }
        let distance = SequenceNumber.distance(from: stream.nextSeq, to: segment.seq)
        return abs(distance) <= Self.resetWindowBytes
    }

    /// How far from the expected sequence number a reset is still taken as real.
    static let resetWindowBytes = 1 << 20

    /// Skips the holes that `ack` covers in the stream flowing towards `direction`'s sender.
    private func skipHoles(inStreamTo direction: Direction, before ack: UInt32,
                           at time: Timestamp) {
        switch direction {
        case .fromFirstSource:
            var router = StreamRouter(connection: self, direction: .toFirstSource)
            self.streamToFirst.skipHoles(before: ack, at: time,
                                         counters: &self.counters.reassembly, into: &router)
        case .toFirstSource:
            var router = StreamRouter(connection: self, direction: .fromFirstSource)
            self.streamFromFirst.skipHoles(before: ack, at: time,
                                           counters: &self.counters.reassembly, into: &router)
        }
    }

    private static func firstDataSeq(of segment: TCPSegment) -> UInt32 {
        segment.flags.contains(.syn) ? segment.seq &+ 1 : segment.seq
    }

    private func learnRoles(from segment: TCPSegment, direction: Direction) {
        self.timeHandshake(segment, direction: direction)
        guard segment.flags.contains(.syn), self.roles == .unknown else { return }
        let senderIsClient = !segment.flags.contains(.ack)
        let firstIsClient = (direction == .fromFirstSource) == senderIsClient
        self.roles = firstIsClient ? .firstSourceIsClient : .firstSourceIsServer
        self.sawHandshake = true
        if senderIsClient {
            self.clientISN = segment.seq
        }
    }

    /// Measures the handshake's round trip: client SYN, server SYN-ACK, client ACK.
    private func timeHandshake(_ segment: TCPSegment, direction: Direction) {
        guard self.handshakeRTT == nil else { return }
        let flags = segment.flags
        if flags.contains(.syn) {
            if !flags.contains(.ack) {
                self.synTime = self.synTime ?? segment.timestamp
            } else {
                self.sawSynAck = self.synTime != nil
            }
        } else if self.sawSynAck, flags.contains(.ack), let synTime = self.synTime,
                  self.isClient(direction) {
            self.handshakeRTT = max(0, segment.timestamp.nanoseconds(since: synTime))
        }
    }

    private func noteAcknowledgement(_ ack: UInt32, from direction: Direction, at time: Timestamp) {
        // An acknowledgement sent in one direction covers the stream flowing the other way.
        var router = StreamRouter(connection: self, direction: direction == .fromFirstSource
                                  ? .toFirstSource : .fromFirstSource)
        switch direction {
        case .fromFirstSource:
            self.streamToFirst.noteAcknowledgement(ack, at: time, limits: self.limits.reassembly,
                                                   counters: &self.counters.reassembly,
                                                   into: &router)
        case .toFirstSource:
            self.streamFromFirst.noteAcknowledgement(ack, at: time,
                                                     limits: self.limits.reassembly,
                                                     counters: &self.counters.reassembly,
                                                     into: &router)
        }
    }

    /// Ends the parser of each direction whose stream reached its FIN.
    private func finishEndedStreams(at time: Timestamp) {
        if self.streamFromFirst.hasReachedFIN && !self.finishedFromFirst {
            self.finishedFromFirst = true
            self.finishStream(.fromFirstSource, at: time)
        }
        if self.streamToFirst.hasReachedFIN && !self.finishedToFirst {
            self.finishedToFirst = true
            self.finishStream(.toFirstSource, at: time)
        }
        if self.finishedFromFirst && self.finishedToFirst {
            self.close(outcome: .closed, at: time)
            self.counters.connectionsClosed += 1
        }
    }

    private func finishStream(_ direction: Direction, at time: Timestamp) {
        self.closingOutcome = .closed
        self.closingTime = time
        if self.isClient(direction) {
            self.clientClosedAt = self.clientClosedAt ?? time
            var sink = RequestSink(connection: self)
            self.clientParser?.finish(at: time, into: &sink)
        } else if self.roles != .unknown {
            var sink = ResponseSink(connection: self)
            self.serverParser?.finish(at: time, into: &sink)
            // The server has closed its side: nothing still waiting can be answered now.
            self.reportUnanswered(outcome: .closed, at: time)
        }
    }
}
