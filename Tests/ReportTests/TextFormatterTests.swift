import Capture
import Decode
import HTTP
import Matching
import Report
import Testing

@Suite struct TextFormatterTests {
    private let formatter = TextFormatter()

    /// Character offset of the first occurrence of `needle` in `line`.
    private func column(of needle: String, in line: String) throws -> Int {
        let range = try #require(line.range(of: needle), "'\(needle)' in '\(line)'")
        return line.distance(from: line.startIndex, to: range.lowerBound)
    }

    /// The characters of `line` before `offset`, with the last space-separated word taken.
    private func word(endingAt offset: Int, in line: String) -> Substring {
        let before = line.prefix(offset)
        guard let space = before.lastIndex(of: " ") else { return before }
        return before[before.index(after: space)...]
    }

    @Test("A full exchange prints every column")
    func fullLine() {
        let line = self.formatter.line(for: Fixtures.fullExchange())

        #expect(line == "2026-12-04 15:46:30.123         1234.6      1200.1  201 (100)  POST   "
            + "         10.0.0.1:5678 → 10.0.0.2:80            "
            + "shop.example/api/items?token=secret&x=1  [gap,midstream]")
    }

    @Test("The header names each column once; rows hold only values")
    func headerNamesColumns() {
        let header = self.formatter.headerLine()
        let line = self.formatter.line(for: Fixtures.fullExchange())

        #expect(header.hasPrefix("TIME (UTC)               DURATION (ms)   WAIT (ms)  STATUS     "
            + "METHOD "))
        #expect(!line.contains("wait"))
        #expect(!line.contains(" ms"))
    }

    @Test("The time column carries the UTC date, so an old capture does not look like today")
    func dateShown() {
        var exchange = Fixtures.completeExchange(lasting: 1)
        // 2012-02-29T23:59:58.0405Z: a leap day in an old capture.
        exchange.requestStart = Timestamp(seconds: 1_330_559_998, nanoseconds: 40_500_000)

        #expect(self.formatter.line(for: exchange).hasPrefix("2012-02-29 23:59:58.040  "))
    }

    @Test("An exchange with no time at all shows dashes in the date and time")
    func noTime() {
        var exchange = Fixtures.unansweredExchange(lasting: 0)
        (exchange.requestStart, exchange.requestEnd) = (nil, nil)
        let line = self.formatter.line(for: exchange)

        #expect(line.hasPrefix(
            "---------- --:--:--.---              -           -  ---        GET "
        ))
    }

    @Test("An interim status follows the final one in parentheses", arguments: [
        (201, 100, "201 (100)  "),
        (nil, 100, "--- (100)  "),
        (200, nil, "200        "),
        (nil, nil, "---        "),
    ] as [(Int?, Int?, String)])
    func interimStatus(final: Int?, interim: Int?, shown: String) throws {
        var exchange = Fixtures.fullExchange()
        exchange.response = final.map { ResponseHead(status: $0, version: .http11) }
        exchange.interimStatus = interim
        let header = self.formatter.headerLine()
        let line = self.formatter.line(for: exchange)
        let status = try self.column(of: "STATUS", in: header)
        let method = try self.column(of: "METHOD", in: header)

        #expect(String(line.dropFirst(status).prefix(method - status)) == shown, "\(line)")
    }

    @Test("Columns line up with the header for IPv4 exchanges and durations to 9 999 999 ms")
    func alignment() throws {
        var longest = Fixtures.fullExchange()
        longest.requestEnd = Fixtures.start
        longest.responseStart = Fixtures.start
        longest.responseEnd = Fixtures.start.advanced(byNanoseconds: 9_999_999_999_999)
        var longWait = Fixtures.fullExchange()
        longWait.responseStart = Fixtures.start.advanced(byNanoseconds: 9_999_999_960_000)
        longWait.responseEnd = longWait.responseStart
        let header = self.formatter.headerLine()
        let cases: [(exchange: Exchange, target: String, duration: String, wait: String)] = [
            (Fixtures.fullExchange(), "shop.example/", "1234.6", "1200.1"),
            (Fixtures.unansweredExchange(lasting: 5_000_000_000), "/slow", "5000.0", "-"),
            (Fixtures.completeExchange(lasting: 12_345), "a/", "0.0", "0.0"),
            (Fixtures.completeExchange(lasting: 987_654_321_000), "a/", "987654.3", "0.0"),
            (longest, "shop.example/", "10000000.0", "0.0"),
            (longWait, "shop.example/", "10000000.0", "9999998.7"),
        ]
        let arrow = try self.column(of: "→", in: header)
        let status = try self.column(of: "STATUS", in: header)
        let method = try self.column(of: "METHOD", in: header)
        let target = try self.column(of: "HOST/PATH", in: header)
        let durationEnd = try self.column(of: "DURATION (ms)", in: header) + 13
        let waitEnd = try self.column(of: "WAIT (ms)", in: header) + 9

        for (exchange, targetText, duration, wait) in cases {
            let line = self.formatter.line(for: exchange)
            let statusText = exchange.response.map { String($0.status) } ?? "---"
            let methodText = exchange.request?.method ?? "-"
            #expect(try self.column(of: "→", in: line) == arrow, "\(line)")
            #expect(try self.column(of: "  \(statusText) ", in: line) + 2 == status, "\(line)")
            #expect(try self.column(of: "  \(methodText) ", in: line) + 2 == method, "\(line)")
            #expect(try self.column(of: "  \(targetText)", in: line) + 2 == target, "\(line)")
            #expect(self.word(endingAt: durationEnd, in: line) == duration, "\(line)")
            #expect(self.word(endingAt: waitEnd, in: line) == wait, "\(line)")
        }
    }

    @Test("Missing values show as dashes, and the outcome follows when not complete")
    func missingValues() {
        let unanswered = self.formatter.line(for: Fixtures.unansweredExchange(lasting: 0))
        let orphan = self.formatter.line(for: Fixtures.responseOnlyExchange())

        #expect(unanswered.contains("0.0           -  ---        GET "))
        #expect(unanswered.hasSuffix("  /slow  timeout"))
        #expect(orphan.contains("  404        -       "))
        #expect(orphan.hasSuffix("[fe80::1]:8080         -  response_only"))
    }

    @Test("A line without outcome or flags ends at the path, without trailing spaces")
    func noTrailingSpace() {
        let line = self.formatter.line(for: Fixtures.completeExchange(lasting: 1))

        #expect(line.hasSuffix("  a/"))
        #expect(!self.formatter.headerLine().hasSuffix(" "))
    }

    @Test("Host and path are cut to 80 characters with an ellipsis")
    func truncation() throws {
        var exchange = Fixtures.completeExchange(lasting: 1)
        exchange.request?.host = "h"
        exchange.request?.target = "/" + String(repeating: "é", count: 200)
        let line = self.formatter.line(for: exchange)
        let shown = line.dropFirst(try self.column(of: "h/", in: line))

        #expect(shown.count == TextFormatter.maximumTargetLength)
        #expect(shown.hasSuffix("é…"))

        exchange.request?.target = "/" + String(repeating: "x", count: 78)
        let exactlyFitting = "h/" + String(repeating: "x", count: 78)
        #expect(self.formatter.line(for: exchange).hasSuffix("  " + exactlyFitting))
    }

    @Test("Wide characters count as one character each, so such a line takes more cells")
    func wideCharactersCountAsOne() throws {
        var exchange = Fixtures.completeExchange(lasting: 1)
        exchange.request?.host = "h"
        exchange.request?.target = "/" + String(repeating: "東", count: 100)
        let line = self.formatter.line(for: exchange)
        let shown = line.dropFirst(try self.column(of: "h/", in: line))

        #expect(shown.count == TextFormatter.maximumTargetLength)
        #expect(shown.filter { $0 == "東" }.count == 77)
    }

    @Test("Control and bidirectional-override characters are shown as escapes")
    func sanitizes() {
        var exchange = Fixtures.completeExchange(lasting: 1)
        exchange.request?.host = "evil\u{1B}[2J"
        exchange.request?.target = "/a\u{7F}b\u{9B}c\u{202E}d\n"
        let line = self.formatter.line(for: exchange)

        #expect(line.hasSuffix("  evil\\x1b[2J/a\\x7fb\\x9bc\\u{202e}d\\x0a"))
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
    }

    @Test("stripQuery applies to the text line too")
    func stripQuery() {
        let formatter = TextFormatter(options: ReportOptions(stripQuery: true))
        let line = formatter.line(for: Fixtures.fullExchange())

        #expect(line.contains("  shop.example/api/items  [gap,midstream]"))
        #expect(!line.contains("secret"))
    }

    @Test("A target that is not a path is shown alone, without the Host header")
    func absoluteForm() {
        var exchange = Fixtures.fullExchange()
        exchange.request?.target = "http://proxy.example/x"
        exchange.flags = []

        #expect(self.formatter.line(for: exchange).hasSuffix("  http://proxy.example/x"))
    }

    @Test("Time of day is cut to the millisecond, not rounded into the next second")
    func timeOfDayTruncates() {
        var exchange = Fixtures.completeExchange(lasting: 1)
        exchange.requestStart = Timestamp(seconds: 1_796_428_799, nanoseconds: 999_999_999)

        #expect(self.formatter.line(for: exchange).hasPrefix("2026-12-04 23:59:59.999  "))
    }
}
