import Foundation
@testable import Report
import Testing

@Suite struct MillisecondFormattingTests {
    @Test(
        "Milliseconds have exactly three decimals, rounded half up",
        arguments: [
            (0, "0.000"),
            (1, "0.000"),
            (499, "0.000"),
            (500, "0.001"),
            (999_499, "0.999"),
            (999_500, "1.000"),
            (1_000_000, "1.000"),
            (1_234_567, "1.235"),
            (1_234_499, "1.234"),
            (60_000_000_000, "60000.000"),
            (86_400_000_000_000, "86400000.000"),
            (Int64.max, "9223372036854.776"),
            (-1, "0.000"),
            (Int64.min, "0.000"),
        ] as [(Int64, String)]
    )
    func threeDecimals(nanoseconds: Int64, expected: String) throws {
        var writer = JSONWriter()
        writer.appendMilliseconds(nanoseconds: nanoseconds)

        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
        #expect(try Fixtures.parse(writer.bytes) is NSNumber)
    }

    @Test(
        "The text report's one-decimal milliseconds round half up too",
        arguments: [
            (0, "0.0"), (49_999, "0.0"), (50_000, "0.1"), (1_234_500_000, "1234.5"),
            (1_200_149_999, "1200.1"), (1_200_150_000, "1200.2"), (Int64.max, "9223372036854.8"),
        ] as [(Int64, String)]
    )
    func oneDecimal(nanoseconds: Int64, expected: String) {
        #expect(DecimalText.milliseconds(nanoseconds: nanoseconds, decimals: 1) == expected)
    }

    @Test("No decimals prints whole milliseconds without a point")
    func noDecimals() {
        #expect(DecimalText.milliseconds(nanoseconds: 1_500_000, decimals: 0) == "2")
        #expect(DecimalText.milliseconds(nanoseconds: 1_499_999, decimals: 0) == "1")
    }

    @Test("Six decimals shows every nanosecond")
    func sixDecimals() {
        #expect(DecimalText.milliseconds(nanoseconds: 1_234_567, decimals: 6) == "1.234567")
    }
}
