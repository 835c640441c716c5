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
    static func appendDigits(_ value: UInt64, minimumWidth: Int, to bytes: inout [UInt8]) {
        var digitCount = 1
        var rest = value / 10
        while rest > 0 {
            digitCount += 1
            rest /= 10
        }
        let width = max(digitCount, minimumWidth)
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var index = start + width - 1
        rest = value
        while rest > 0 {
            bytes[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            index -= 1
        }
    }

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
