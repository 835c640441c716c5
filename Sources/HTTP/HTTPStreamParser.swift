import Capture

/// An incremental HTTP/1.x parser for one direction of one connection (RFC 9112 framing).
///
/// Feed it the stream in order: `parse` for bytes seen, `skip` for bytes never seen, `finish`
/// when the stream ends. It reports messages to an `HTTPEventSink` in stream order and keeps no
/// message bytes: lines are parsed in the caller's buffer, bodies are counted, never copied.
/// Only a line cut by the end of a `parse` buffer is carried over, in a buffer capped by
/// `HTTPLimits.maxHeadBytes`; and method, target and Host are copied once their head is done
/// (or briefly kept when a head spans `parse` calls).
///
/// Each byte is examined once however the stream is cut: `parse` called with every two-way
/// split of a message, or a byte at a time, reports the same events.
///
/// When it does not know where messages begin (after a parse failure, after a gap outside a
/// body, or when created with `startsMidstream`), it resynchronises: it discards bytes until a
/// line that starts a message of its role, at the start of a `parse` buffer or right after an
/// `LF`, by the strict rules of `findMessageStart(in:)`. After a failure that leaves it inside a
/// line (a head over the cap), only a line after that line's `LF` is considered: the start of a
/// `parse` buffer in the middle of the line is not.
///
/// The parser does no I/O and never reads the clock; one owner calls it.
public struct HTTPStreamParser {
    /// Which messages the stream carries: requests (`.client`) or responses (`.server`).
    public let role: HTTPRole
    /// The caps this parser keeps to.
    public let limits: HTTPLimits
    /// What the parser has seen so far.
    public internal(set) var counters = HTTPParserCounters()

    /// Where the parser stands in the stream.
    var state: ParserState
    /// The start of a line that the end of an earlier `parse` buffer cut, without its `LF`.
    var carry: [UInt8] = []
    /// Capture time of the packet that brought the carry's first byte.
    var carryTimestamp = Timestamp.zero
    /// Copies of head fields whose line is no longer in a caller's buffer.
    var keptBytes: [UInt8] = []
    /// What the head in progress has said so far.
    var head = HeadScan()
    /// Body bytes, flags and times of the message in progress.
    var progress = MessageProgress(startedAt: .zero)

    /// A carry buffer with more capacity than this is released once its line is done, so a
    /// rare huge head does not pin memory for the life of the connection.
    static let retainedCarryCapacity = 4096

    /// Creates a parser for one direction of a connection.
    ///
    /// - Parameters:
    ///   - role: `.client` for the stream of requests, `.server` for responses.
    ///   - startsMidstream: whether the stream's start was not seen (no handshake); the parser
    ///     then resynchronises before reporting anything.
    ///   - limits: caps on carried and head bytes.
    public init(role: HTTPRole, startsMidstream: Bool, limits: HTTPLimits = HTTPLimits()) {
        var limits = limits
        // The property is settable after `HTTPLimits.init`: keep room for a status line anyway.
        limits.maxHeadBytes = max(16, limits.maxHeadBytes)
        self.role = role
        self.limits = limits
        self.state = startsMidstream ? .resyncLineStart : .idle
    }

    /// Whether the stream stopped being HTTP (after 101, a 2xx to CONNECT, or `switchToOpaque`);
    /// later bytes are ignored.
    public var isOpaque: Bool {
        self.state == .opaque
    }

    /// Every counter with its stable snake_case name, in a fixed order.
    public var counterValues: [(name: String, value: Int)] {
        self.counters.counterValues
    }

    // MARK: - Feeding the stream

    /// Parses the next contiguous, in-order stream bytes, all carried by one packet.
    ///
    /// - Parameters:
    ///   - bytes: the stream bytes; borrowed for the duration of the call only.
    ///   - timestamp: capture time of the packet that carried them.
    ///   - sink: receives the events these bytes complete, in stream order.
    public mutating func parse(
        _ bytes: UnsafeRawBufferPointer,
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) {
        guard !bytes.isEmpty else { return }
        if self.state == .resyncSkippingLine {
            // A packet boundary is a likely message boundary: look at it. Not so after a
            // failure inside a line (`resyncAwaitingLineFeed`): this buffer continues the line.
            self.state = .resyncLineStart
        }
        if self.state.isInsideMessage {
            self.progress.lastByteTimestamp = timestamp
        }

        var position = 0
        while position < bytes.count {
            position = self.step(bytes, from: position, at: timestamp, into: &sink)
        }

        if self.state == .head {
            self.keepHeadFields(from: bytes)
        }
    }

    /// Accounts for `count` stream bytes that will never be seen.
    ///
    /// Inside a body whose framing survives (Content-Length remaining, chunk data with at least
    /// `count` bytes left, close-delimited) the bytes count as body and the message is flagged.
    /// Anywhere else the message in progress is abandoned with `lostFraming` and the parser
    /// resynchronises after the hole: bytes on the two sides are never joined.
    ///
    /// - Parameters:
    ///   - count: how many bytes are missing.
    ///   - timestamp: capture time of the packet that revealed the hole.
    ///   - isKnownHole: `true` when the length is known but the bytes were not captured (snap
    ///     length), `false` for real loss.
    ///   - sink: receives the events the hole completes.
    public mutating func skip(
        _ count: Int,
        at timestamp: Timestamp,
        isKnownHole: Bool,
        into sink: inout some HTTPEventSink
    ) {
        guard count > 0 else { return }
        switch self.state {
        case .opaque:
            self.counters.opaqueBytesIgnored += count
        case .closeDelimitedBody:
            self.countHole(count, at: timestamp, isKnownHole: isKnownHole)
        case .fixedBody(let remaining):
            self.skipFixedBody(count, remaining: remaining, at: timestamp,
                               isKnownHole: isKnownHole, into: &sink)
        case .chunkData(let remaining) where count <= remaining:
            self.countHole(count, at: timestamp, isKnownHole: isKnownHole)
            let left = remaining - count
            self.state = left == 0 ? .chunkDataEnd : .chunkData(remaining: left)
        case .resyncSkippingLine, .resyncAwaitingLineFeed, .resyncLineStart:
            // A candidate line cut by the hole is dropped, never continued after it.
            self.counters.unframedGapBytes += count
            self.counters.resyncSkippedBytes += self.carry.count
            self.releaseCarry()
            self.state = .resyncLineStart
        case .idle, .head, .chunkSize, .chunkData, .chunkDataEnd, .trailers:
            self.counters.unframedGapBytes += count
            self.fail(.lostFraming, at: timestamp, into: &sink)
        }
    }

    /// Ends the stream (FIN, RST or end of capture).
    ///
    /// A close-delimited body ends complete; a message cut off in its head or before its
    /// framing's end ends incomplete; otherwise nothing is reported. Both `messageEnded` times
    /// are those of the message's last byte seen, not `timestamp`.
    public mutating func finish(at timestamp: Timestamp, into sink: inout some HTTPEventSink) {
        switch self.state {
        case .closeDelimitedBody:
            self.endMessage(at: self.progress.lastByteTimestamp, isComplete: true, into: &sink)
        case .head, .fixedBody, .chunkSize, .chunkData, .chunkDataEnd, .trailers:
            self.endMessage(at: self.progress.lastByteTimestamp, isComplete: false, into: &sink)
        case .idle, .resyncSkippingLine, .resyncAwaitingLineFeed, .resyncLineStart, .opaque:
            break
        }
        self.releaseCarry()
        if self.state != .opaque {
            self.state = .idle
        }
    }

    /// Stops parsing because the other direction switched protocols (a 101 answering this
    /// stream's Upgrade request, or a 2xx to its CONNECT); later bytes are ignored.
    ///
    /// A message in progress ends incomplete. No `becameOpaque` event is sent: the caller
    /// already knows.
    public mutating func switchToOpaque(into sink: inout some HTTPEventSink) {
        guard self.state != .opaque else { return }
        if self.state.isInsideMessage {
            self.endMessage(at: self.progress.lastByteTimestamp, isComplete: false, into: &sink)
        }
        self.releaseCarry()
        self.state = .opaque
        self.counters.opaqueStreams += 1
    }

    /// Finds the first plausible request line or status line in `bytes`, at offset 0 or right
    /// after an `LF`; used to tell which side is the client when no handshake was seen.
    ///
    /// A status line must start `HTTP/1.` digit `SP` a status code from 100 to 999. A request
    /// line must start with a well-known method (GET HEAD POST PUT DELETE CONNECT OPTIONS TRACE
    /// PATCH) and `SP`, or be a whole well-formed line ending in ` HTTP/1.x` whose method is at
    /// most 32 upper-case letters, digits, `-` and `_`.
    ///
    /// - Returns: the line's offset and kind, or `nil` when no line qualifies.
    public static func findMessageStart(
        in bytes: UnsafeRawBufferPointer
    ) -> (offset: Int, kind: StartLineKind)? {
        var lineStart = 0
        while lineStart < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[lineStart...])
            if case .accept = StartLine.verdict(on: rest, kind: .response) {
                return (lineStart, .response)
            }
            if case .accept = StartLine.verdict(on: rest, kind: .request) {
                return (lineStart, .request)
            }
            guard let lineFeed = ByteScan.indexOfLineFeed(
                in: bytes, from: lineStart, to: bytes.count
            ) else { return nil }
            lineStart = lineFeed + 1
        }
        return nil
    }

    // MARK: - Dispatch

    /// Consumes bytes from `position` as the current state directs; returns where it stopped.
    private mutating func step(
        _ bytes: UnsafeRawBufferPointer,
        from position: Int,
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) -> Int {
        switch self.state {
        case .idle:
            return self.skipEmptyLines(bytes, from: position, at: timestamp, into: &sink)
        case .head, .chunkSize, .chunkDataEnd, .trailers:
            return self.readLine(bytes, from: position, at: timestamp, into: &sink)
        case .fixedBody(let remaining):
            return self.countFixedBody(bytes, from: position, remaining: remaining,
                                       at: timestamp, into: &sink)
        case .chunkData(let remaining):
            let taken = min(remaining, bytes.count - position)
            self.progress.bodyBytes += taken
            let left = remaining - taken
            self.state = left == 0 ? .chunkDataEnd : .chunkData(remaining: left)
            return position + taken
        case .closeDelimitedBody:
            self.progress.bodyBytes += bytes.count - position
            return bytes.count
        case .resyncSkippingLine, .resyncAwaitingLineFeed:
            return self.skipThroughLineFeed(bytes, from: position)
        case .resyncLineStart:
            return self.examineLineStart(bytes, from: position, at: timestamp, into: &sink)
        case .opaque:
            self.counters.opaqueBytesIgnored += bytes.count - position
            return bytes.count
        }
    }
}
