import HTTP
import Reassembly

/// Caps and timeouts that bound the memory of `ConnectionTracker`.
public struct TrackerLimits: Sendable {
    /// Connections tracked at once; at the cap the least recently active hundredth are ended
    /// (their waiting requests reported `evicted`, counted as `connections_evicted`).
    public var maxConnections: Int
    /// Packet time a connection may stay silent before it expires and its unanswered requests
    /// are reported with outcome `timeout`.
    public var idleTimeoutNanoseconds: Int64
    /// Requests waiting for their responses on one connection; past it the oldest is reported
    /// as `abandoned`.
    public var maxPendingRequests: Int
    /// Caps on out-of-order data per direction.
    public var reassembly: ReassemblyLimits
    /// Caps on HTTP heads.
    public var http: HTTPLimits

    public init(
        maxConnections: Int = 100_000,
        idleTimeoutNanoseconds: Int64 = 120_000_000_000,
        maxPendingRequests: Int = 256,
        reassembly: ReassemblyLimits = ReassemblyLimits(),
        http: HTTPLimits = HTTPLimits()
    ) {
        self.maxConnections = maxConnections
        self.idleTimeoutNanoseconds = idleTimeoutNanoseconds
        self.maxPendingRequests = maxPendingRequests
        self.reassembly = reassembly
        self.http = http
    }
}
