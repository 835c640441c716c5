import Capture
import Foundation
import Glibc
import Matching
import Report
import Testing

@Suite struct ReportSinkTests {
    private static func temporaryPath() throws -> String {
        try TemporaryReportFile.path()
    }

    private static func cleanUp(_ path: String) {
        TemporaryReportFile.cleanUp(path)
    }

    private static func contents(_ path: String) -> String {
        TemporaryReportFile.contents(path)
    }

    @Test("A report file is created, appended to, and keeps earlier lines")
    func appendsToFile() throws {
        let path = try Self.temporaryPath()
        defer { Self.cleanUp(path) }
        try "earlier line\n".write(toFile: path, atomically: false, encoding: .utf8)

        for _ in 0..<2 {
            let sink = try ReportSink(output: .file(path: path), format: .json)
            sink.report(Fixtures.fullExchange())
            sink.report(Fixtures.responseOnlyExchange())
            sink.close()
            #expect(sink.reported == 2)
        }
        let lines = Self.contents(path).split(separator: "\n")

        #expect(lines.count == 5)
        #expect(lines.first == "earlier line")
        for line in lines.dropFirst() {
            let record = try Fixtures.parse(Array(line.utf8)) as? [String: Any]
            #expect(record?["type"] as? String == "exchange")
        }
    }

    @Test("A created report file has mode 0644 at most")
    func fileMode() throws {
        let path = try Self.temporaryPath()
        defer { Self.cleanUp(path) }
        let sink = try ReportSink(output: .file(path: path), format: .json)
        sink.close()
        var status = stat()

        #expect(stat(path, &status) == 0)
        #expect(status.st_mode & 0o777 & ~0o644 == 0)
        #expect(status.st_mode & 0o600 == 0o600)
    }

    @Test("An output that cannot be opened throws a message naming the path and the fix")
    func unwritable() throws {
        let missing = "/nonexistent-earshot-dir/report.jsonl"
        #expect(throws: ReportError.cannotOpen(path: missing, reason: "no such file or directory"))
        {
            _ = try ReportSink(output: .file(path: missing), format: .json)
        }

        let directory = FileManager.default.temporaryDirectory.path
        do {
            _ = try ReportSink(output: .file(path: directory), format: .text)
            Issue.record("opening a directory for appending succeeded")
        } catch {
            #expect(error.description.hasPrefix("cannot open report output '\(directory)'"))
            #expect(error.description.contains("is a directory"))
            #expect(error.description.contains("--output"))
        }
    }

    @Test("With a threshold, only exchanges at least that long are reported")
    func threshold() throws {
        let path = try Self.temporaryPath()
        defer { Self.cleanUp(path) }
        let sink = try ReportSink(
            output: .file(path: path),
            format: .json,
            slowNanoseconds: 1_000_000_000
        )
        var timeless = Fixtures.completeExchange(lasting: 0)
        (timeless.requestStart, timeless.requestEnd) = (nil, nil)
        (timeless.responseStart, timeless.responseEnd) = (nil, nil)

        sink.report(Fixtures.completeExchange(lasting: 999_999_999))  // too fast
        sink.report(Fixtures.completeExchange(lasting: 1_000_000_000))  // exactly at it
        sink.report(Fixtures.unansweredExchange(lasting: 2_000_000_000))  // hanging long enough
        sink.report(Fixtures.unansweredExchange(lasting: 10))  // hanging, not long enough
        sink.report(timeless)
        sink.close()
        let lines = Self.contents(path).split(separator: "\n")

        #expect(sink.reported == 2)
        #expect(sink.belowThreshold == 3)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains("\"duration_ms\":1000.000") ||
            $0.contains("\"duration_ms\":2000.000") })
        // `reported` is the summary's headline counter, not repeated among the sink's own.
        #expect(sink.counters.map(\.name) == [
            "exchanges_below_threshold", "exchanges_unwritten", "exchanges_out_of_scope",
        ])
        #expect(sink.counters.map(\.value) == [3, 0, 0])
    }

    @Test("Without a threshold, every exchange is reported, even one without times")
    func noThreshold() throws {
        let path = try Self.temporaryPath()
        defer { Self.cleanUp(path) }
        let sink = try ReportSink(output: .file(path: path), format: .json)
        var timeless = Fixtures.unansweredExchange(lasting: 0)
        (timeless.requestStart, timeless.requestEnd) = (nil, nil)

        #expect(sink.isReportable(timeless))
        sink.report(timeless)
        sink.report(Fixtures.completeExchange(lasting: 0))
        sink.close()

        #expect(sink.reported == 2)
        #expect(sink.belowThreshold == 0)
    }

    @Test("Output is buffered until flush, and written once the buffer passes 64 KiB")
    func buffering() throws {
        let path = try Self.temporaryPath()
        defer { Self.cleanUp(path) }
        let sink = try ReportSink(output: .file(path: path), format: .json)
        let lineLength = ExchangeRecord.line(for: Fixtures.fullExchange()).utf8.count

        sink.report(Fixtures.fullExchange())
        #expect(Self.contents(path).isEmpty)
        sink.flush()
        #expect(Self.contents(path).utf8.count == lineLength)
        sink.flush()  // nothing buffered: nothing written
        #expect(Self.contents(path).utf8.count == lineLength)

        let needed = ReportSink.flushThreshold / lineLength + 1
        for _ in 0..<needed { sink.report(Fixtures.fullExchange()) }
        #expect(Self.contents(path).utf8.count == lineLength * (needed + 1))
        #expect(sink.reported == needed + 1)
        sink.close()
        sink.close()
    }

    @Test("Dropping the sink writes what it buffered")
    func deinitFlushes() throws {
        let path = try Self.temporaryPath()
        defer { Self.cleanUp(path) }
        do {
            let sink = try ReportSink(output: .file(path: path), format: .json)
            sink.report(Fixtures.fullExchange())
        }

        #expect(Self.contents(path).split(separator: "\n").count == 1)
    }

    @Test("The text format writes its header once, then aligned lines")
    func textFormat() throws {
        let path = try Self.temporaryPath()
        defer { Self.cleanUp(path) }
        let options = ReportOptions(stripQuery: true)
        let sink = try ReportSink(output: .file(path: path), format: .text, options: options)
        sink.report(Fixtures.fullExchange())
        sink.flush()
        sink.report(Fixtures.completeExchange(lasting: 5))
        sink.close()
        let formatter = TextFormatter(options: options)

        #expect(Self.contents(path) == [
            formatter.headerLine(),
            formatter.line(for: Fixtures.fullExchange()),
            formatter.line(for: Fixtures.completeExchange(lasting: 5)),
        ].joined(separator: "\n") + "\n")
    }

    @Test("A closed pipe stops the report without a crash and counts what was lost")
    func brokenPipe() throws {
        // The CLI ignores SIGPIPE the same way; without it the write would kill the process.
        signal(SIGPIPE, SIG_IGN)
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        close(ends[0])
        defer { close(ends[1]) }
        let sink = try ReportSink(
            output: .fileDescriptor(ends[1], name: "the test pipe"),
            format: .json
        )

        sink.report(Fixtures.fullExchange())
        sink.report(Fixtures.fullExchange())
        sink.flush()
        sink.report(Fixtures.fullExchange())
        sink.flush()
        sink.close()

        #expect(sink.failure == .outputClosed(name: "the test pipe"))
        #expect(sink.isOutputClosed)
        #expect(sink.reported == 0)
        #expect(sink.unwritten == 3)
        #expect(sink.failure?.description.contains("broken pipe") == true)
    }

    @Test("Lines reach a pipe reader intact")
    func pipeReader() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let sink = try ReportSink(output: .fileDescriptor(ends[1], name: "pipe"), format: .json)
        sink.report(Fixtures.responseOnlyExchange())
        sink.close()
        close(ends[1])
        var buffer = [UInt8](repeating: 0, count: 4_096)
        let count = read(ends[0], &buffer, buffer.count)

        #expect(sink.failure == nil)
        #expect(!sink.isOutputClosed)
        #expect(String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
            == ExchangeRecord.line(for: Fixtures.responseOnlyExchange()))
    }
}
