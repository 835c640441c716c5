import Capture

/// Parses the RFC 3339 date-times the API server writes (`creationTimestamp`, `startTime`,
/// `deletionTimestamp`) into timestamps, by hand so that no calendar or locale code is involved.
///
///     2024-05-01T12:34:56Z            (metav1.Time: whole seconds, UTC)
///     2024-05-01T12:34:56.123456Z     (metav1.MicroTime: a fraction)
///     2024-05-01T14:34:56+02:00       (any offset, RFC 3339 section 5.6)
///
/// Fractions beyond nanoseconds are cut; a leap second (`:60`) counts as the following second.
enum RFC3339 {
    /// The instant `text` names; `nil` when it is not an RFC 3339 date-time with a valid date,
    /// time and offset.
    static func timestamp(_ text: String) -> Timestamp? {
        var cursor = Cursor(Array(text.utf8))
        guard let (days, secondOfDay, fraction) = Self.localTime(&cursor) else { return nil }
        guard let offsetSeconds = Self.offset(&cursor), cursor.isAtEnd else { return nil }

        let seconds = days * 86_400 + secondOfDay - offsetSeconds
        return Timestamp(seconds: seconds, nanoseconds: fraction)
    }

    // MARK: - Grammar

    /// `full-date "T" partial-time`: days since the epoch, second of the day, nanoseconds.
    private static func localTime(_ cursor: inout Cursor) -> (Int64, Int64, Int64)? {
        guard let year = cursor.digits(4), cursor.take(UInt8(ascii: "-")),
            let month = cursor.digits(2), cursor.take(UInt8(ascii: "-")),
            let day = cursor.digits(2)
        else { return nil }
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        // RFC 3339 allows a lower-case `t` and, by its note in section 5.6, a space.
        guard let separator = cursor.next(), [0x54, 0x74, 0x20].contains(separator) else {
            return nil
        }
        guard let hour = cursor.digits(2), cursor.take(UInt8(ascii: ":")),
            let minute = cursor.digits(2), cursor.take(UInt8(ascii: ":")),
            let second = cursor.digits(2)
        else { return nil }
        guard hour < 24, minute < 60, second <= 60 else { return nil }
        guard let fraction = Self.fraction(&cursor) else { return nil }

        let days = Self.daysSinceEpoch(year: year, month: month, day: day)
        return (days, hour * 3600 + minute * 60 + second, fraction)
    }

    /// An optional `.digits` fraction as nanoseconds; `nil` when the dot has no digit after it.
    private static func fraction(_ cursor: inout Cursor) -> Int64? {
        guard cursor.take(UInt8(ascii: ".")) else { return 0 }
        var nanoseconds: Int64 = 0
        var count = 0
        while let digit = cursor.peekDigit() {
            cursor.advance()
            if count < 9 {
                nanoseconds = nanoseconds * 10 + digit
            }
            count += 1
        }
        guard count > 0 else { return nil }
        for _ in min(count, 9)..<9 {
            nanoseconds *= 10
        }
        return nanoseconds
    }

    /// `Z` or `±hh:mm`, as seconds east of UTC.
    private static func offset(_ cursor: inout Cursor) -> Int64? {
        guard let sign = cursor.next() else { return nil }
        if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
            return 0
        }
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        guard let hours = cursor.digits(2), cursor.take(UInt8(ascii: ":")),
            let minutes = cursor.digits(2), hours < 24, minutes < 60
        else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return sign == UInt8(ascii: "-") ? -seconds : seconds
    }

    // MARK: - Calendar

    /// Days in `month` (1–12) of the proleptic Gregorian `year`.
    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2:
            let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return isLeap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    /// Days from 1970-01-01 to the given date: count whole 400-year eras (146,097 days each)
    /// from 0000-03-01, so that the leap day falls at the end of each counted year.
    private static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let marchYear = month <= 2 ? year - 1 : year
        let era = marchYear / 400  // Years here are 0...9999, never negative.
        let yearOfEra = marchYear - era * 400
        let marchMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * marchMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        // 719,468 days lie between 0000-03-01 and 1970-01-01.
        return era * 146_097 + dayOfEra - 719_468
    }

    // MARK: - Cursor

    /// Reads ASCII bytes front to back; every read returns `nil` (or `false`) past the end.
    private struct Cursor {
        private let bytes: [UInt8]
        private var index = 0

        /// A cursor at the first byte.
        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        /// Whether every byte was read.
        var isAtEnd: Bool {
            self.index == self.bytes.count
        }

        /// The next byte, consumed.
        mutating func next() -> UInt8? {
            guard self.index < self.bytes.count else { return nil }
            defer { self.index += 1 }
            return self.bytes[self.index]
        }

        /// Skips a byte already peeked.
        mutating func advance() {
            self.index += 1
        }

        /// The next byte's value when it is a decimal digit, not consumed.
        func peekDigit() -> Int64? {
            guard self.index < self.bytes.count else { return nil }
            let byte = self.bytes[self.index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            return Int64(byte - UInt8(ascii: "0"))
        }

        /// Exactly `count` decimal digits as a number.
        mutating func digits(_ count: Int) -> Int64? {
            var value: Int64 = 0
            for _ in 0..<count {
                guard let digit = self.peekDigit() else { return nil }
                value = value * 10 + digit
                self.index += 1
            }
            return value
        }

        /// Consumes `byte` when it comes next.
        mutating func take(_ byte: UInt8) -> Bool {
            guard self.index < self.bytes.count, self.bytes[self.index] == byte else {
                return false
            }
            self.index += 1
            return true
        }
    }
}
