/// How much the log says, from `error` (least) to `trace` (most).
public enum LogLevel: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    /// Stopped, or lost a capability.
    case error
    /// Degraded, still running.
    case warning
    /// Start, stop, periodic summary.
    case info
    /// Per connection.
    case debug
    /// Per packet.
    case trace

    /// Parses a `--log-level` value (`error`, `warning`, `info`, `debug`, `trace`), ignoring
    /// case; `nil` for anything else.
    public init?(name: String) {
        guard let level = Self.allCases.first(where: { $0.description == name.lowercased() })
        else { return nil }
        self = level
    }

    /// The level's name as it starts a log line and as `--log-level` takes it.
    public var description: String {
        switch self {
        case .error: "error"
        case .warning: "warning"
        case .info: "info"
        case .debug: "debug"
        case .trace: "trace"
        }
    }

    /// Whether `lhs` says less than `rhs` (`error` < `trace`).
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
