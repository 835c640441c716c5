import Glibc
import Report
import Testing

@Suite struct LogTests {
    /// Runs `body` with a logger writing into a pipe and returns what it wrote.
    private func captured(level: LogLevel, _ body: (Log) -> Void) throws -> String {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        body(Log(level: level, fileDescriptor: ends[1]))
        close(ends[1])
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = read(ends[0], &buffer, buffer.count)
            guard count > 0 else { break }
            output += buffer.prefix(count)
        }
        return String(decoding: output, as: UTF8.self)
    }

    @Test("Lines are the level, a fixed phrase, then key=value pairs in order")
    func format() throws {
        let output = try self.captured(level: .info) { log in
            log.info("capture started", ["interface": "eth0", "snaplen": 262_144])
            log.warning("kernel drops started", ["drops": 12])
            log.error("capture stopped")
        }

        #expect(output == """
            info: capture started interface=eth0 snaplen=262144
            warning: kernel drops started drops=12
            error: capture stopped

            """)
    }

    @Test("Messages above the level are dropped without building their fields")
    func levelFilter() throws {
        var built = 0
        func field() -> Int {
            built += 1
            return built
        }
        let output = try self.captured(level: .warning) { log in
            log.info("not shown", ["n": field()])
            log.debug("not shown", ["n": field()])
            log.trace("not shown", ["n": field()])
            log.warning("shown", ["n": field()])
        }

        #expect(output == "warning: shown n=1\n")
        #expect(built == 1)
    }

    @Test("Trace shows everything", arguments: LogLevel.allCases)
    func traceShowsAll(level: LogLevel) {
        #expect(Log(level: .trace).isEnabled(level))
        #expect(Log(level: .error).isEnabled(level) == (level == .error))
    }

    @Test(
        "Values with spaces, quotes, equals signs or control characters are quoted",
        arguments: [
            ("plain", "plain"),
            ("10.0.0.1:80", "10.0.0.1:80"),
            ("", #""""#),
            ("two words", #""two words""#),
            ("a=b", #""a=b""#),
            (#"say "hi""#, #""say \"hi\"""#),
            ("line\nbreak\t\u{1B}", #""line\nbreak\t\x1b""#),
            (#"back\slash"#, #"back\slash"#),
        ]
    )
    func quoting(value: String, expected: String) {
        #expect(Log.line(.debug, phrase: "p", fields: ["k": value]) == "debug: p k=" + expected)
    }

    @Test("An error that describes itself is written as one line")
    func errorDescribing() throws {
        let failure = ReportError.cannotOpen(path: "/x\ny", reason: "permission denied")
        let output = try self.captured(level: .error) { $0.error(describing: failure) }

        #expect(output.hasPrefix("error: cannot open report output '/x\\ny' for appending"))
        #expect(output.filter { $0 == "\n" }.count == 1)
    }

    @Test("The summary is written at info and above only")
    func summary() throws {
        let line = SummaryLine([("packets", 3)])
        #expect(try self.captured(level: .info) { $0.summary(line) } == "info: summary packets=3\n")
        #expect(try self.captured(level: .warning) { $0.summary(line) } == "")
    }

    @Test(
        "--log-level names parse, ignoring case",
        arguments: [
            ("error", LogLevel.error), ("WARNING", .warning), ("Info", .info), ("debug", .debug),
            ("trace", .trace),
        ]
    )
    func levelNames(name: String, level: LogLevel) {
        #expect(LogLevel(name: name) == level)
        #expect(LogLevel(name: level.description) == level)
    }

    @Test("Unknown level names are rejected")
    func unknownLevels() {
        for name in ["", "warn", "verbose", "info "] {
            #expect(LogLevel(name: name) == nil)
        }
    }
}
