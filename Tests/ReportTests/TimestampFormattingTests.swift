import Capture
import Foundation
@testable import Report
import Testing

@Suite struct TimestampFormattingTests {
    @Test(
        "Timestamps print as RFC 3339 UTC with nine fractional digits",
        arguments: [
            (0, "1970-01-01T00:00:00.000000000Z"),
            (1, "1970-01-01T00:00:00.000000001Z"),
            (-1, "1969-12-31T23:59:59.999999999Z"),
            (951_782_400_000_000_000, "2000-02-29T00:00:00.000000000Z"),
            (1_709_164_800_000_000_000, "2024-02-29T00:00:00.000000000Z"),
            (1_709_251_199_999_999_999, "2024-02-29T23:59:59.999999999Z"),
            (1_709_251_200_000_000_000, "2024-03-01T00:00:00.000000000Z"),
            (1_735_689_599_500_000_000, "2024-12-31T23:59:59.500000000Z"),
            (1_796_399_190_123_456_789, "2026-12-04T15:46:30.123456789Z"),
            (2_147_483_647_000_000_000, "2038-01-19T03:14:07.000000000Z"),
            (2_147_483_648_000_000_000, "2038-01-19T03:14:08.000000000Z"),
            (4_107_542_400_000_000_000, "2100-03-01T00:00:00.000000000Z"),
            (Int64.max, "2262-04-11T23:47:16.854775807Z"),
            (Int64.min, "1677-09-21T00:12:43.145224192Z"),
        ] as [(Int64, String)]
    )
    func knownDates(nanoseconds: Int64, expected: String) throws {
        var writer = JSONWriter()
        writer.appendTimestamp(Timestamp(nanoseconds: nanoseconds))

        #expect(String(decoding: writer.bytes, as: UTF8.self) == "\"" + expected + "\"")
        #expect(try Fixtures.parse(writer.bytes) as? String == expected)
    }

    @Test("Civil dates agree with Foundation's Gregorian calendar for 1677 to 2262")
    func civilDatesAgreeWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // Every 97th day over the whole Int64 range, plus every day around 2000 and 2100.
        let sampled = stride(from: Int64(-106_751), through: 106_750, by: 97)
        for days in Array(sampled) + Array(10_900...11_100) + Array(47_400...47_600) {
            let date = Date(timeIntervalSince1970: Double(days) * 86_400)
            let expected = calendar.dateComponents([.year, .month, .day], from: date)
            let found = UTCTime.civilDate(daysSinceEpoch: days)

            #expect(Int(found.year) == expected.year, "day \(days)")
            #expect(Int(found.month) == expected.month, "day \(days)")
            #expect(Int(found.day) == expected.day, "day \(days)")
        }
    }

    @Test("One writer printing times from alternating days prints each one's own date")
    func reusedWriter() {
        let times: [Int64] = [
            1_709_251_199_999_999_999, 1_709_251_200_000_000_000, 0, -1,
            1_709_251_199_000_000_000, 1_796_399_190_123_456_789,
        ]
        var shared = JSONWriter()
        var expected: [UInt8] = []
        for nanoseconds in times {
            shared.appendTimestamp(Timestamp(nanoseconds: nanoseconds))
            var fresh = JSONWriter()
            fresh.appendTimestamp(Timestamp(nanoseconds: nanoseconds))
            expected += fresh.bytes
        }

        #expect(shared.bytes == expected)
        #expect(String(decoding: shared.bytes.prefix(32), as: UTF8.self)
            == "\"2024-02-29T23:59:59.999999999Z\"")
    }

    @Test("Time of day splits the seconds since midnight")
    func timeOfDay() {
        let time = UTCTime(Timestamp(seconds: 1_796_399_190, nanoseconds: 5))

        #expect([time.year, time.month, time.day] == [2026, 12, 4])
        #expect([time.hour, time.minute, time.second, time.nanosecond] == [15, 46, 30, 5])
    }
}
