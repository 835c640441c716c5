import Capture
import Testing

@testable import Kube

@Suite struct RFC3339Tests {
    @Test(
        "API times parse to the instant they name",
        arguments: [
            ("1970-01-01T00:00:00Z", Int64(0), Int64(0)),
            ("2024-05-01T12:00:00Z", 1_714_564_800, 0),
            ("2024-02-29T23:59:59Z", 1_709_251_199, 0),
            ("2000-03-01T00:00:00Z", 951_868_800, 0),
            ("1969-12-31T23:59:59Z", -1, 0),
            ("2024-05-01T12:00:00.5Z", 1_714_564_800, 500_000_000),
            ("2024-05-01T12:00:00.123456Z", 1_714_564_800, 123_456_000),
            ("2024-05-01T12:00:00.1234567891Z", 1_714_564_800, 123_456_789),
            ("2024-05-01T14:00:00+02:00", 1_714_564_800, 0),
            ("2024-05-01T06:30:00-05:30", 1_714_564_800, 0),
            ("2024-05-01t12:00:00z", 1_714_564_800, 0),
            ("2024-05-01 12:00:00Z", 1_714_564_800, 0),
            ("2016-12-31T23:59:60Z", 1_483_228_800, 0),
        ]
    )
    func parses(text: String, seconds: Int64, fraction: Int64) {
        #expect(RFC3339.timestamp(text) == Timestamp(seconds: seconds, nanoseconds: fraction))
    }

    @Test(
        "Texts that are not RFC 3339 date-times are refused",
        arguments: [
            "", "2024-05-01", "2024-05-01T12:00:00", "2024-05-01T12:00Z", "2024-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-05-01T24:00:00Z",
            "2024-05-01T12:60:00Z", "2024-05-01T12:00:61Z", "2024-05-01T12:00:00.Z",
            "2024-05-01T12:00:00+2:00", "2024-05-01T12:00:00+24:00", "2024-05-01X12:00:00Z",
            "2024-05-01T12:00:00Zjunk", "+2024-05-01T12:00:00Z", "２０２４-05-01T12:00:00Z",
            "2024-00-10T00:00:00Z", "2024-05-00T00:00:00Z",
        ]
    )
    func refuses(text: String) {
        #expect(RFC3339.timestamp(text) == nil)
    }

    @Test("Consecutive midnights over four years lie one day apart")
    func everyDay() {
        // Consecutive midnights are 86,400 s apart across month, year and leap-day boundaries.
        var previous = RFC3339.timestamp("2023-01-01T00:00:00Z")
        var day = 1
        for year in 2023...2026 {
            for month in 1...12 {
                let length = [
                    31, (year % 4 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
                    31,
                ][month - 1]
                for date in 1...length where !(year == 2023 && month == 1 && date == 1) {
                    let text =
                        "\(year)-" + (month < 10 ? "0" : "") + "\(month)-"
                        + (date < 10 ? "0" : "") + "\(date)T00:00:00Z"
                    let current = RFC3339.timestamp(text)
                    #expect(
                        current?.nanoseconds(since: previous ?? .zero) == 86_400_000_000_000,
                        "\(text)"
                    )
                    previous = current
                    day += 1
                }
            }
        }
        #expect(day == 1461)
    }
}
