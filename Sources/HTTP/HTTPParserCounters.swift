/// Counts of what an `HTTPStreamParser` saw, with stable snake_case names for the summary.
///
/// Each parser keeps its own; the owner of many parsers sums them with `add(_:)`.
public struct HTTPParserCounters: Sendable, Equatable {
    /// Messages whose first byte was seen (`messageStarted` events).
    public var messagesStarted = 0
    /// Messages that reached the end their framing promised.
    public var messagesComplete = 0
    /// Messages cut off by the end of the stream.
    public var messagesIncomplete = 0
    /// Interim (1xx other than 101) responses.
    public var interimResponses = 0
    /// Streams that stopped being HTTP (101, 2xx to CONNECT, or the other side's switch).
    public var opaqueStreams = 0
    /// Start lines that were not a request (or status) line.
    public var malformedStartLines = 0
    /// Heads abandoned for a bare CR or NUL.
    public var malformedHeaders = 0
    /// Heads (or trailer sections) longer than `HTTPLimits.maxHeadBytes`.
    public var headsTooLarge = 0
    /// Messages abandoned for an invalid or conflicting Content-Length.
    public var badContentLengths = 0
    /// Messages abandoned for a bad chunk-size line or missing CRLF after chunk data.
    public var badChunks = 0
    /// Messages (or message boundaries) lost to a gap the framing could not bridge.
    public var lostFraming = 0
    /// Bytes discarded while looking for the next message start.
    public var resyncSkippedBytes = 0
    /// Header lines without a colon or with a bad name, ignored without failing the head.
    public var badHeaderLinesIgnored = 0
    /// Lines starting with whitespace (obsolete line folding), ignored.
    public var foldedLinesIgnored = 0
    /// Body bytes lost to real gaps while the framing was kept.
    public var bodyGapBytes = 0
    /// Body bytes in known-length holes (snap length) while the framing was kept.
    public var bodyTruncatedBytes = 0
    /// Gap bytes that fell outside a body with known framing (and started a resync).
    public var unframedGapBytes = 0
    /// Bytes ignored after the stream became opaque.
    public var opaqueBytesIgnored = 0
    /// Requests whose Transfer-Encoding does not end in chunked, so their body length is unknown.
    public var unframedRequestBodies = 0

    /// Creates counters at zero.
    public init() {}

    /// The counter for parse failures of one kind.
    public func failures(_ problem: HTTPParseProblem) -> Int {
        switch problem {
        case .malformedStartLine: self.malformedStartLines
        case .malformedHeader: self.malformedHeaders
        case .headTooLarge: self.headsTooLarge
        case .badContentLength: self.badContentLengths
        case .badChunk: self.badChunks
        case .lostFraming: self.lostFraming
        }
    }

    /// Adds one parse failure of kind `problem`.
    mutating func recordFailure(_ problem: HTTPParseProblem) {
        switch problem {
        case .malformedStartLine: self.malformedStartLines += 1
        case .malformedHeader: self.malformedHeaders += 1
        case .headTooLarge: self.headsTooLarge += 1
        case .badContentLength: self.badContentLengths += 1
        case .badChunk: self.badChunks += 1
        case .lostFraming: self.lostFraming += 1
        }
    }

    /// Adds every counter of `other` to this one.
    public mutating func add(_ other: HTTPParserCounters) {
        self.messagesStarted += other.messagesStarted
        self.messagesComplete += other.messagesComplete
        self.messagesIncomplete += other.messagesIncomplete
        self.interimResponses += other.interimResponses
        self.opaqueStreams += other.opaqueStreams
        self.malformedStartLines += other.malformedStartLines
        self.malformedHeaders += other.malformedHeaders
        self.headsTooLarge += other.headsTooLarge
        self.badContentLengths += other.badContentLengths
        self.badChunks += other.badChunks
        self.lostFraming += other.lostFraming
        self.resyncSkippedBytes += other.resyncSkippedBytes
        self.badHeaderLinesIgnored += other.badHeaderLinesIgnored
        self.foldedLinesIgnored += other.foldedLinesIgnored
        self.bodyGapBytes += other.bodyGapBytes
        self.bodyTruncatedBytes += other.bodyTruncatedBytes
        self.unframedGapBytes += other.unframedGapBytes
        self.opaqueBytesIgnored += other.opaqueBytesIgnored
        self.unframedRequestBodies += other.unframedRequestBodies
    }

    /// Every counter with its stable snake_case name, in a fixed order.
    ///
    /// Parse failures appear as `http_parse_errors_<problem>`, using `HTTPParseProblem`'s raw
    /// values (`http_parse_errors_bad_chunk`).
    public var counterValues: [(name: String, value: Int)] {
        var values: [(name: String, value: Int)] = [
            ("http_messages_started", self.messagesStarted),
            ("http_messages_complete", self.messagesComplete),
            ("http_messages_incomplete", self.messagesIncomplete),
            ("http_interim_responses", self.interimResponses),
            ("http_opaque_streams", self.opaqueStreams),
        ]
        for problem in HTTPParseProblem.allCases {
            values.append(("http_parse_errors_" + problem.rawValue, self.failures(problem)))
        }
        values += [
            ("http_resync_skipped_bytes", self.resyncSkippedBytes),
            ("http_bad_header_lines_ignored", self.badHeaderLinesIgnored),
            ("http_folded_lines_ignored", self.foldedLinesIgnored),
            ("http_body_gap_bytes", self.bodyGapBytes),
            ("http_body_truncated_bytes", self.bodyTruncatedBytes),
            ("http_unframed_gap_bytes", self.unframedGapBytes),
            ("http_opaque_bytes_ignored", self.opaqueBytesIgnored),
            ("http_unframed_request_bodies", self.unframedRequestBodies),
        ]
        return values
    }
}
