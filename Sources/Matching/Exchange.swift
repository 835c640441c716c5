import Capture
import Decode
import HTTP

/// One HTTP request and its response (or the lack of one), as seen on the wire.
///
/// This is the unit earshot reports. Times are packet capture times; strings are copies of
/// what the messages said.
public struct Exchange: Sendable {
    /// The side that sent the request.
    public var client: Endpoint
    /// The side that answered.
    public var server: Endpoint
    /// 1 for the first exchange seen on its connection, 2 for the next, and so on.
    public var sequenceInConnection: Int
    /// The request head; `nil` when the request was never seen (capture loss).
    public var request: RequestHead?
    /// The final response head; `nil` when no response was seen.
    public var response: ResponseHead?
    /// The status of an interim response (usually 100) that preceded the final one.
    public var interimStatus: Int?
    /// Request body payload bytes.
    public var requestBodyBytes: Int
    /// Response body payload bytes (after removing chunk framing).
    public var responseBodyBytes: Int
    /// When the request's first byte was captured.
    public var requestStart: Timestamp?
    /// When the request's last byte was captured.
    public var requestEnd: Timestamp?
    /// When the final response's first byte was captured.
    public var responseStart: Timestamp?
    /// When the response's last byte was captured.
    public var responseEnd: Timestamp?
    /// When earshot gave up waiting for the response (the reset, close, idle expiry or end of
    /// capture that decided `outcome`); `nil` for a complete exchange.
    public var endedAt: Timestamp?
    /// How the exchange ended.
    public var outcome: ExchangeOutcome
    /// The round trip of the connection's TCP handshake seen from the capture point (client
    /// SYN to the ACK that completed it): the network's share of any latency. `nil` when the
    /// handshake was not seen.
    public var handshakeRTTNanoseconds: Int64?
    /// What was unusual about how it was seen.
    public var flags: ExchangeFlags

    public init(
        client: Endpoint,
        server: Endpoint,
        sequenceInConnection: Int,
        request: RequestHead? = nil,
        response: ResponseHead? = nil,
        interimStatus: Int? = nil,
        requestBodyBytes: Int = 0,
        responseBodyBytes: Int = 0,
        requestStart: Timestamp? = nil,
        requestEnd: Timestamp? = nil,
        responseStart: Timestamp? = nil,
        responseEnd: Timestamp? = nil,
        endedAt: Timestamp? = nil,
        outcome: ExchangeOutcome = .complete,
        handshakeRTTNanoseconds: Int64? = nil,
        flags: ExchangeFlags = []
    ) {
        self.client = client
        self.server = server
        self.sequenceInConnection = sequenceInConnection
        self.request = request
        self.response = response
        self.interimStatus = interimStatus
        self.requestBodyBytes = requestBodyBytes
        self.responseBodyBytes = responseBodyBytes
        self.requestStart = requestStart
        self.requestEnd = requestEnd
        self.responseStart = responseStart
        self.responseEnd = responseEnd
        self.endedAt = endedAt
        self.outcome = outcome
        self.handshakeRTTNanoseconds = handshakeRTTNanoseconds
        self.flags = flags
    }

    /// Nanoseconds from the request's first byte to the response's last byte; for an exchange
    /// that never got its whole answer, to the moment earshot gave up on it (`endedAt`).
    /// Never negative.
    public var durationNanoseconds: Int64? {
        guard let start = self.requestStart ?? self.responseStart,
              let end = self.responseEnd ?? self.endedAt ?? self.responseStart ?? self.requestEnd
        else { return nil }
        return max(0, end.nanoseconds(since: start))
    }

    /// Nanoseconds from the request's last byte to the response's first byte: the time the
    /// server took before answering. Never negative.
    public var waitNanoseconds: Int64? {
        guard let requestEnd = self.requestEnd, let responseStart = self.responseStart
        else { return nil }
        return max(0, responseStart.nanoseconds(since: requestEnd))
    }

    /// Nanoseconds from the response's first byte to its last byte.
    public var transferNanoseconds: Int64? {
        guard let start = self.responseStart, let end = self.responseEnd else { return nil }
        return max(0, end.nanoseconds(since: start))
    }
}

/// How an exchange ended.
public enum ExchangeOutcome: String, Sendable, CaseIterable {
    /// The response was seen to its last byte.
    case complete
    /// The client closed its side (FIN) before the response completed: it gave up waiting.
    case clientClosed = "client_closed"
    /// The connection was reset before the response completed.
    case reset
    /// The connection was closed (FIN) before the response completed.
    case closed
    /// The connection went idle past the idle timeout before the response completed.
    case timeout
    /// The capture ended (end of file, or the capture was stopped) before the response completed.
    case captureEnded = "capture_ended"
    /// The connection was evicted to stay under the connection cap before the response completed.
    case evicted
    /// The connection stopped being parseable as HTTP before the response completed.
    case abandoned
    /// A response whose request was never seen (capture loss or a connection picked up mid-way).
    case responseOnly = "response_only"
}

/// What was unusual about how an exchange was seen. Each flag has a stable report name.
public struct ExchangeFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// Bytes of the exchange were never captured; the framing was kept across the gap.
    public static let gap = ExchangeFlags(rawValue: 1 << 0)
    /// Segments of the exchange were sent more than once.
    public static let retransmitted = ExchangeFlags(rawValue: 1 << 1)
    /// The connection's handshake was not seen; it was picked up mid-stream.
    public static let midstream = ExchangeFlags(rawValue: 1 << 2)
    /// The snap length cut packets short; bodies were counted from the IP lengths.
    public static let truncated = ExchangeFlags(rawValue: 1 << 3)
    /// The server answered before the request was complete.
    public static let requestIncomplete = ExchangeFlags(rawValue: 1 << 4)
    /// The request could not be parsed (the server's answer still pairs with it).
    public static let malformedRequest = ExchangeFlags(rawValue: 1 << 5)
    /// Packet timestamps ran backwards across directions; a time difference was clamped to 0.
    public static let clockSkew = ExchangeFlags(rawValue: 1 << 6)
    /// The response switched protocols (101) or opened a tunnel (CONNECT); the connection's
    /// later bytes are not HTTP.
    public static let upgraded = ExchangeFlags(rawValue: 1 << 7)
    /// Segments arrived out of order and were put back in order.
    public static let reordered = ExchangeFlags(rawValue: 1 << 8)
    /// The exchange travelled inside a CONNECT tunnel that carried plain HTTP.
    public static let tunneled = ExchangeFlags(rawValue: 1 << 9)
    /// What the server sent back could not be parsed as a response (a bad status line, a head
    /// past the size cap); it still answered this request.
    public static let malformedResponse = ExchangeFlags(rawValue: 1 << 10)

    /// Every flag with its report name, in report order.
    public static let named: [(flag: ExchangeFlags, name: String)] = [
        (.gap, "gap"),
        (.retransmitted, "retransmitted"),
        (.reordered, "reordered"),
        (.midstream, "midstream"),
        (.truncated, "truncated"),
        (.requestIncomplete, "request_incomplete"),
        (.malformedRequest, "malformed_request"),
        (.malformedResponse, "malformed_response"),
        (.clockSkew, "clock_skew"),
        (.upgraded, "upgraded"),
        (.tunneled, "tunneled"),
    ]
}
