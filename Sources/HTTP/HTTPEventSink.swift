import Capture

/// HTTP protocol version from a request or status line.
public enum HTTPVersion: Hashable, Sendable, CustomStringConvertible {
    case http10
    case http11
    /// Any other `HTTP/x.y` seen on the wire, kept as text for the report.
    case other(String)

    /// `1.0`, `1.1` or the digits seen.
    public var description: String {
        switch self {
        case .http10: "1.0"
        case .http11: "1.1"
        case .other(let text): text
        }
    }
}

/// What a request head says, copied out of the stream once the head is complete.
public struct RequestHead: Hashable, Sendable {
    /// The method token as sent (`GET`, `QUERY`, `CCM_POST`).
    public var method: String
    /// The request-target exactly as sent (origin form, absolute form, `*`, or authority form).
    public var target: String
    /// The protocol version.
    public var version: HTTPVersion
    /// The `Host` header value, if any.
    public var host: String?
    /// Whether the request carries `Expect: 100-continue`.
    public var expectsContinue: Bool
    /// Whether the request asks to switch protocols (`Upgrade` listed in `Connection`).
    public var requestsUpgrade: Bool
    /// Whether the client asked to close the connection after this exchange.
    public var closesConnection: Bool

    public init(
        method: String,
        target: String,
        version: HTTPVersion,
        host: String? = nil,
        expectsContinue: Bool = false,
        requestsUpgrade: Bool = false,
        closesConnection: Bool = false
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.host = host
        self.expectsContinue = expectsContinue
        self.requestsUpgrade = requestsUpgrade
        self.closesConnection = closesConnection
    }
}

/// What a status line and response head say.
public struct ResponseHead: Hashable, Sendable {
    /// The three-digit status code.
    public var status: Int
    /// The protocol version.
    public var version: HTTPVersion
    /// Whether the server will close the connection after this response.
    public var closesConnection: Bool

    public init(status: Int, version: HTTPVersion, closesConnection: Bool = false) {
        self.status = status
        self.version = version
        self.closesConnection = closesConnection
    }

    /// Whether this is an interim (1xx other than 101) response that precedes the final one.
    public var isInterim: Bool {
        (100..<200).contains(self.status) && self.status != 101
    }
}

/// What the matching layer knows about the request a response answers, which decides the
/// response's framing (RFC 9112, section 6.3).
public enum ResponseContext: Sendable {
    /// An ordinary request: framing follows the status and headers.
    case ordinary
    /// A `HEAD` request: the response has no body whatever its headers say.
    case answersHEAD
    /// A `CONNECT` request: a 2xx response turns the connection into an opaque tunnel.
    case answersCONNECT
}

/// Why part of a stream could not be parsed as HTTP.
public enum HTTPParseProblem: String, Sendable, CaseIterable {
    /// A start line that is not a request line (or status line) at a message boundary.
    case malformedStartLine = "malformed_start_line"
    /// A header line without a colon, with a bad name, or a bare CR.
    case malformedHeader = "malformed_header"
    /// A head longer than the parser's cap.
    case headTooLarge = "head_too_large"
    /// A Content-Length that is not a number, or conflicting values.
    case badContentLength = "bad_content_length"
    /// A chunk-size line that is not hex or is absurdly long.
    case badChunk = "bad_chunk"
    /// Bytes lost (gap) where the framing could not be kept.
    case lostFraming = "lost_framing"
}

/// How the last byte of a message was reached.
public struct MessageEnd: Sendable {
    /// Capture time of the packet carrying the message's last byte.
    public var timestamp: Timestamp
    /// Body payload bytes (after removing chunk framing), counting bytes in known-length holes.
    public var bodyBytes: Int
    /// Whether bytes of this message were lost (a gap) but its framing was kept.
    public var hadGap: Bool
    /// Whether bytes of this message were missing from the capture (snap length) but their
    /// length was known.
    public var wasTruncated: Bool
    /// Whether the message reached the end its framing promised. A close-delimited body that
    /// ends with the stream is complete; a message cut off by the end of the stream, inside its
    /// head or before its declared length, is not.
    public var isComplete: Bool

    public init(
        timestamp: Timestamp,
        bodyBytes: Int,
        hadGap: Bool = false,
        wasTruncated: Bool = false,
        isComplete: Bool = true
    ) {
        self.timestamp = timestamp
        self.bodyBytes = bodyBytes
        self.hadGap = hadGap
        self.wasTruncated = wasTruncated
        self.isComplete = isComplete
    }
}

/// Receives what an `HTTPStreamParser` finds, in stream order.
///
/// Implemented by the matching layer (and by test recorders). Calls are synchronous, made from
/// inside `HTTPStreamParser` methods.
public protocol HTTPEventSink {
    /// The first byte of a new message (its start line) arrived at `timestamp`.
    mutating func messageStarted(at timestamp: Timestamp)
    /// A request head is complete.
    mutating func requestHeadParsed(_ head: RequestHead)
    /// A response head is complete; the sink answers with what it knows of the request, which
    /// decides whether a body follows.
    mutating func responseHeadParsed(_ head: ResponseHead) -> ResponseContext
    /// The message's last byte was reached.
    mutating func messageEnded(_ end: MessageEnd)
    /// Bytes that are not HTTP were met; the parser is now resynchronising. `timestamp` is when
    /// the offending bytes arrived. A message in progress is abandoned without `messageEnded`.
    mutating func parseFailed(_ problem: HTTPParseProblem, at timestamp: Timestamp)
    /// The stream stopped being HTTP after a 101 or a 2xx to CONNECT; later bytes are ignored.
    mutating func becameOpaque()
}
