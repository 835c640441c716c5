import Report
import Testing

@Suite struct SummaryLineTests {
    @Test("Counters print in the given order, zeros included")
    func text() {
        let line = SummaryLine([("packets", 48_211), ("kernel_drops", 0), ("tcp_gaps", 2)])

        #expect(line.text == "info: summary packets=48211 kernel_drops=0 tcp_gaps=2")
    }

    @Test("No counters leave the bare phrase")
    func empty() {
        #expect(SummaryLine([]).text == "info: summary")
    }

    @Test("Merging keeps first-seen order and adds values under the same name")
    func merging() {
        let line = SummaryLine(merging: [
            [("packets", 10), ("tcp_gaps", 1)],
            [("exchanges", 4), ("tcp_gaps", 2)],
            [],
            [("packets", 5)],
        ])

        #expect(line.text == "info: summary packets=15 tcp_gaps=3 exchanges=4")
    }

    @Test("Negative values print with their sign")
    func negative() {
        #expect(SummaryLine([("delta", -3)]).text == "info: summary delta=-3")
    }

    @Test("The periodic line says stats, the final one summary, by default")
    func labels() {
        let counters: [(name: String, value: Int)] = [("packets", 7), ("tcp_gaps", 0)]
        let final = SummaryLine(counters)
        let periodic = SummaryLine(counters, label: .stats)
        let merged = SummaryLine(merging: [counters, [("packets", 1)]], label: .stats)

        #expect(final.label == .summary)
        #expect(final.text == "info: summary packets=7 tcp_gaps=0")
        #expect(periodic.text == "info: stats packets=7 tcp_gaps=0")
        #expect(merged.text == "info: stats packets=8 tcp_gaps=0")
        #expect(final.labeled(.stats).text == periodic.text)
        #expect(periodic.labeled(.summary).text == final.text)
        #expect(SummaryLine([], label: .stats).text == "info: stats")
    }
}
