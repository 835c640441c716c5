import HTTP
import Testing

@Suite struct HTTPParserCountersTests {
    @Test("Counter names are stable, unique snake_case with the http_ prefix")
    func names() {
        let names = HTTPParserCounters().counterValues.map(\.name)
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(name.hasPrefix("http_"))
            #expect(name.allSatisfy { $0.isLowercase || $0 == "_" }, "\(name)")
        }
        #expect(names.contains("http_resync_skipped_bytes"))
        #expect(names.contains("http_bad_header_lines_ignored"))
        for problem in HTTPParseProblem.allCases {
            #expect(names.contains("http_parse_errors_" + problem.rawValue))
        }
    }

    @Test("Messages are counted as started, complete and incomplete")
    func messageCounts() {
        let run = Feed.run(.server, [
            .text("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx"),
            .text("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc"),
            .finish(),
        ])
        #expect(run.parser.counters.messagesStarted == 3)
        #expect(run.parser.counters.messagesComplete == 2)
        #expect(run.parser.counters.messagesIncomplete == 1)
        #expect(run.parser.counters.interimResponses == 1)
    }

    @Test("Each parse failure bumps the counter of its problem")
    func failureCounts() {
        let run = Feed.run(.client, [
            .text("NOT A REQUEST\r\n"),
            .text("GET / HTTP/1.1\r\nX: \u{0}\r\n\r\n"),
            .text("PUT / HTTP/1.1\r\nContent-Length: x\r\n\r\n"),
            .text("PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nq\r\n"),
            .text("GET / HTTP/1.1\r\n"),
            .gap(3),
        ], limits: HTTPLimits(maxHeadBytes: 64))
        let counters = run.parser.counters
        #expect(counters.failures(.malformedStartLine) == 1)
        #expect(counters.failures(.malformedHeader) == 1)
        #expect(counters.failures(.badContentLength) == 1)
        #expect(counters.failures(.badChunk) == 1)
        #expect(counters.failures(.lostFraming) == 1)
        #expect(counters.failures(.headTooLarge) == 0)
        let failed = run.events.filter { if case .failed = $0 { true } else { false } }
        #expect(failed.count == 5)
    }

    @Test("Counters of many parsers add up")
    func adding() {
        var total = HTTPParserCounters()
        let run = Feed.run(.client, [.text("GET / HTTP/1.1\r\n\r\nbad\r\n")])
        total.add(run.parser.counters)
        total.add(run.parser.counters)
        #expect(total.messagesStarted == 4)
        #expect(total.malformedStartLines == 2)
        #expect(total.counterValues.map(\.value)
                    == run.parser.counterValues.map { $0.value * 2 })
    }
}
