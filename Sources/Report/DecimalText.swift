/// Hand-written number formatting into byte buffers: integers, zero-padded fields and
/// milliseconds with a fixed number of decimals. No Foundation, no scientific notation.
enum DecimalText {
    /// Powers of ten up to 10^6, indexed by exponent.
    private static let powersOfTen: [Int64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    /// Appends the decimal digits of `value`, with a leading `-` when negative.
    static func appendInteger(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        Self.appendDigits(value.magnitude, minimumWidth: 1, to: &bytes)
    }

    /// Appends the decimal digits of `value`, padded with leading zeros to `minimumWidth`.
    ///
    /// - Parameters:
    ///   - value: The number to print.
    ///   - minimumWidth: Digits to print at least, up to 20 (the width of `UInt64.max`).
    ///   - bytes: The buffer to append to.
    static func appendDigits(_ value: UInt64, minimumWidth: Int, to bytes: inout [UInt8]) {
        precondition(minimumWidth <= Self.maximumDigits, "at most 20 digits")
        // Digits are produced last first into scratch space on the stack, then appended in
        // one copy: growing the array digit by digit costs more than the arithmetic.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.maximumDigits) { scratch in
            var start = Self.maximumDigits
            var rest = value
            repeat {
                start -= 1
                scratch[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            while Self.maximumDigits - start < minimumWidth {
                start -= 1
                scratch[start] = UInt8(ascii: "0")
            }
            // Safe: start is in 0..<maximumDigits and every byte from it on was written above.
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[start...]))
        }
    }

    /// Writes exactly `width` digits of `value` (its lowest ones) into `buffer` from `start`.
    ///
    /// - Parameters:
    ///   - value: The number to print; digits above `width` are dropped.
    ///   - width: The number of digits written.
    ///   - buffer: The destination; `start + width` must not pass its end.
    ///   - start: Where the first (most significant) digit goes.
    static func writeDigits(
        _ value: UInt64,
        width: Int,
        into buffer: UnsafeMutableBufferPointer<UInt8>,
        at start: Int
    ) {
        var rest = value
        var index = start + width
        while index > start {
            index -= 1
            buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
    }

    /// Digits in `UInt64.max`.
    private static let maximumDigits = 20

    /// Appends `nanoseconds` as milliseconds with exactly `decimals` digits after the point,
    /// rounding half up (`1234567` with 3 decimals is `1.235`). Negative values print as zero.
    ///
    /// - Parameters:
    ///   - nanoseconds: The span to print.
    ///   - decimals: Digits after the point, 0 to 6; with 0 no point is printed.
    ///   - bytes: The buffer to append to.
    static func appendMilliseconds(
        nanoseconds: Int64,
        decimals: Int,
        to bytes: inout [UInt8]
    ) {
        precondition((0...6).contains(decimals), "milliseconds take 0 to 6 decimals")
        let value = max(0, nanoseconds)
        // Nanoseconds per unit of the last printed digit: 1000 for 3 decimals (microseconds).
        let unit = Self.powersOfTen[6 - decimals]
        let (whole, remainder) = value.quotientAndRemainder(dividingBy: unit)
        // `whole + 1` cannot overflow: `unit` is at least 10 whenever a remainder exists.
        let units = remainder * 2 >= unit && remainder > 0 ? whole + 1 : whole
        let scale = Self.powersOfTen[decimals]
        let (integerPart, fraction) = units.quotientAndRemainder(dividingBy: scale)
        Self.appendDigits(UInt64(integerPart), minimumWidth: 1, to: &bytes)
        guard decimals > 0 else { return }
        bytes.append(UInt8(ascii: "."))
        Self.appendDigits(UInt64(fraction), minimumWidth: decimals, to: &bytes)
    }

    /// `appendMilliseconds` as a `String`, for the text report.
    static func milliseconds(nanoseconds: Int64, decimals: Int) -> String {
        var bytes: [UInt8] = []
        Self.appendMilliseconds(nanoseconds: nanoseconds, decimals: decimals, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
