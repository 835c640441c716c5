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
            [("exchanges_reported", 4), ("tcp_gaps", 2)],
            [],
            [("packets", 5)],
        ])

        #expect(line.text == "info: summary packets=15 tcp_gaps=3 exchanges_reported=4")
    }

    @Test("Negative values print with their sign")
    func negative() {
        #expect(SummaryLine([("delta", -3)]).text == "info: summary delta=-3")
    }
}
