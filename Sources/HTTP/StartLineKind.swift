/// The kind of start line found by `HTTPStreamParser.findMessageStart(in:)`.
public enum StartLineKind: Sendable {
    /// A request line (`GET /path HTTP/1.1`).
    case request
    /// A status line (`HTTP/1.1 200 OK`).
    case response
}
