/// A packet capture time: nanoseconds since the Unix epoch, UTC.
///
/// Every time in earshot is one of these, taken from the capture, never from the clock of the
/// machine that replays it. Differences between two timestamps are `Duration`-like nanosecond
/// counts kept as `Int64`.
///
/// `Int64` nanoseconds reach from 1677 to 2262. A time outside that range (a capture file's
/// absurd seconds count or time resolution) saturates at `min` or `max` instead of wrapping
/// round to some plausible other time; so do `advanced(byNanoseconds:)` and
/// `nanoseconds(since:)`.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public var nanoseconds: Int64

    /// The epoch itself; used as "no time yet" by callers that need a placeholder.
    public static let zero = Timestamp(nanoseconds: 0)
    /// The earliest time a timestamp holds (1677-09-21T00:12:43.145224192Z).
    public static let min = Timestamp(nanoseconds: .min)
    /// The latest time a timestamp holds (2262-04-11T23:47:16.854775807Z).
    public static let max = Timestamp(nanoseconds: .max)

    /// Creates a timestamp from nanoseconds since the epoch.
    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// Creates a timestamp from whole seconds and a nanosecond fraction (which may be negative
    /// or hold whole seconds); a time outside the representable range saturates at `min` or
    /// `max`.
    public init(seconds: Int64, nanoseconds fraction: Int64) {
        let (scaled, isScaleOverflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (sum, isSumOverflow) = scaled.addingReportingOverflow(fraction)
        guard isScaleOverflow || isSumOverflow else {
            self.nanoseconds = sum
            return
        }
        // Rare: compute exactly in 128 bits, then clamp.
        let exact = Int128(seconds) * 1_000_000_000 + Int128(fraction)
        self.nanoseconds = Int64(clamping: exact)
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

    /// Nanoseconds from `earlier` to `self`; negative when `earlier` is later. A difference
    /// too large for `Int64` saturates.
    public func nanoseconds(since earlier: Timestamp) -> Int64 {
        let (difference, isOverflow) = self.nanoseconds.subtractingReportingOverflow(
            earlier.nanoseconds
        )
        guard isOverflow else { return difference }
        // Only operands of opposite signs overflow; `earlier`'s sign gives the direction.
        return earlier.nanoseconds < 0 ? .max : .min
    }

    /// This timestamp moved by a signed number of nanoseconds, saturating at `min` and `max`.
    public func advanced(byNanoseconds delta: Int64) -> Timestamp {
        let (moved, isOverflow) = self.nanoseconds.addingReportingOverflow(delta)
        guard isOverflow else { return Timestamp(nanoseconds: moved) }
        return delta < 0 ? .min : .max
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
