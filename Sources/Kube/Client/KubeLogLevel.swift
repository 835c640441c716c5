/// How much a Kube log line matters; the CLI maps it onto the report's log levels.
public enum KubeLogLevel: String, Sendable, Comparable, CaseIterable {
    /// Stopped, or lost a capability.
    case error
    /// Degraded, still running.
    case warning
    /// Start, stop, recovery.
    case info
    /// Per request.
    case debug

    /// Whether `lhs` is more severe than `rhs`.
    public static func < (lhs: KubeLogLevel, rhs: KubeLogLevel) -> Bool {
        let order: [KubeLogLevel] = [.error, .warning, .info, .debug]
        // Safe: every case is in `order`.
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

/// Where Kube writes its log lines: a fixed phrase, then `key=value` pairs. Kube cannot import
/// the report layer, so the CLI passes one of these in. Called from watcher threads.
public typealias KubeLogger = @Sendable (KubeLogLevel, String) -> Void
