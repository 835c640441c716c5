import Capture

/// Which kind of messages a stream carries.
public enum HTTPRole: Sendable {
    /// The client's stream: requests.
    case client
    /// The server's stream: responses.
    case server
}

/// The kind of start line found by `HTTPStreamParser.findMessageStart(in:)`.
public enum StartLineKind: Sendable {
    case request
    case response
}

/// Caps that keep one stream's parser state bounded.
public struct HTTPLimits: Sendable {
    /// The longest head (start line and headers) kept track of; longer heads are malformed.
    public var maxHeadBytes: Int = 64 * 1024

    public init(maxHeadBytes: Int = 64 * 1024) {
        self.maxHeadBytes = maxHeadBytes
    }
}

/// An incremental HTTP/1.x parser for one direction of one connection.
///
/// Stub: the real parser replaces this file.
public struct HTTPStreamParser {
    public let role: HTTPRole

    public init(role: HTTPRole, startsMidstream: Bool, limits: HTTPLimits = HTTPLimits()) {
        self.role = role
    }

    public mutating func parse(
        _ bytes: UnsafeRawBufferPointer,
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) {}

    public mutating func skip(
        _ count: Int,
        at timestamp: Timestamp,
        isKnownHole: Bool,
        into sink: inout some HTTPEventSink
    ) {}

    public mutating func finish(at timestamp: Timestamp, into sink: inout some HTTPEventSink) {}

    public var isOpaque: Bool { false }

    public static func findMessageStart(
        in bytes: UnsafeRawBufferPointer
    ) -> (offset: Int, kind: StartLineKind)? {
        nil
    }
}
