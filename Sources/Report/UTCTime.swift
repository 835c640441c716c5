import Capture

/// A `Timestamp` broken into its UTC calendar date and time of day, computed by hand.
///
/// The proleptic Gregorian calendar is used throughout and leap seconds do not exist, as in Unix
/// time. An `Int64` of nanoseconds spans the years 1677 to 2262, so the year always has four
/// digits.
struct UTCTime: Equatable {
    /// The calendar year, such as 2026.
    var year: Int64
    /// The month, 1 to 12.
    var month: Int64
    /// The day of the month, 1 to 31.
    var day: Int64
    /// The hour, 0 to 23.
    var hour: Int64
    /// The minute, 0 to 59.
    var minute: Int64
    /// The second, 0 to 59.
    var second: Int64
    /// The nanoseconds past `second`, 0 to 999 999 999.
    var nanosecond: Int64

    private static let secondsPerDay: Int64 = 86_400

    /// Splits a timestamp into UTC date and time fields.
    init(_ timestamp: Timestamp) {
        let parts = Self.split(timestamp)
        (self.year, self.month, self.day) = Self.civilDate(daysSinceEpoch: parts.days)
        self.hour = parts.secondOfDay / 3_600
        self.minute = parts.secondOfDay / 60 % 60
        self.second = parts.secondOfDay % 60
        self.nanosecond = parts.nanosecond
    }

    /// Splits a timestamp into whole days since the epoch, the second of that day and the
    /// nanosecond of that second, all rounded towards the past.
    static func split(_ timestamp: Timestamp)
        -> (days: Int64, secondOfDay: Int64, nanosecond: Int64)
    {
        // Split here rather than through `Timestamp.seconds` and `fractionNanoseconds`, whose
        // multiplication overflows for the earliest representable second.
        var (seconds, fraction) = timestamp.nanoseconds.quotientAndRemainder(
            dividingBy: 1_000_000_000
        )
        if fraction < 0 {
            seconds -= 1
            fraction += 1_000_000_000
        }
        let days = Self.floorDivide(seconds, Self.secondsPerDay)
        return (days, seconds - days * Self.secondsPerDay, fraction)
    }

    /// The Gregorian date `days` days after 1970-01-01 (negative before it).
    ///
    /// Counts from 0000-03-01 so that the leap day falls at the end of each counted year, then
    /// splits the count into 400-year cycles (146 097 days each), years within the cycle, and
    /// days within the year. With March as month 0, month lengths repeat in a 5-month pattern of
    /// 153 days (31 30 31 30 31), which `(5 * dayOfYear + 2) / 153` inverts.
    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        // 719 468 days separate 0000-03-01 from 1970-01-01.
        let shifted = days + 719_468
        let cycle = Self.floorDivide(shifted, 146_097)
        let dayOfCycle = shifted - cycle * 146_097
        // Remove the leap days accumulated so far: one every 4 years, none every 100, one every
        // 400 (the last day of the cycle), to find the year within the cycle.
        let yearOfCycle = (dayOfCycle - dayOfCycle / 1_460 + dayOfCycle / 36_524
            - dayOfCycle / 146_096) / 365
        let dayOfYear = dayOfCycle - (365 * yearOfCycle + yearOfCycle / 4 - yearOfCycle / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfCycle + cycle * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Division rounding towards negative infinity, for times before the epoch.
    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }
}
