/// A packet capture time: nanoseconds since the Unix epoch, UTC.
///
/// Every time in earshot is one of these, taken from the capture, never from the clock of the
/// machine that replays it. Differences between two timestamps are `Duration`-like nanosecond
/// counts kept as `Int64`.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public var nanoseconds: Int64

    /// The epoch itself; used as "no time yet" by callers that need a placeholder.
    public static let zero = Timestamp(nanoseconds: 0)

    /// Creates a timestamp from nanoseconds since the epoch.
    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// Creates a timestamp from whole seconds and a nanosecond fraction.
    public init(seconds: Int64, nanoseconds fraction: Int64) {
        self.nanoseconds = seconds &* 1_000_000_000 &+ fraction
    }

    /// Whole seconds since the epoch (rounded down).
    public var seconds: Int64 {
        let (quotient, remainder) = self.nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// The nanoseconds past `seconds`, in `0..<1_000_000_000`.
    public var fractionNanoseconds: Int64 {
        let remainder = self.nanoseconds % 1_000_000_000
        return remainder < 0 ? remainder + 1_000_000_000 : remainder
    }

    /// Nanoseconds from `earlier` to `self`; negative when `earlier` is later.
    public func nanoseconds(since earlier: Timestamp) -> Int64 {
        self.nanoseconds &- earlier.nanoseconds
    }

    /// This timestamp moved by a signed number of nanoseconds.
    public func advanced(byNanoseconds delta: Int64) -> Timestamp {
        Timestamp(nanoseconds: self.nanoseconds &+ delta)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    /// `seconds.nanoseconds`, for logs and test failures.
    public var description: String {
        let fraction = String(self.fractionNanoseconds)
        return "\(self.seconds)." + String(repeating: "0", count: 9 - fraction.count) + fraction
    }
}
