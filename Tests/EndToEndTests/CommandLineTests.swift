import TestSupport
import Capture
import Foundation
import Testing

/// Runs the built `earshot` executable and holds its exit status, standard output and
/// standard error to what README.md promises.
@Suite struct CommandLineTests {
    static let demo = Replay.fixtures.appendingPathComponent("demo.pcap").path
    static let keepAlive = Replay.fixtures.appendingPathComponent("keepalive-mixed.pcap").path

    static func fixture(_ name: String) -> String {
        Replay.fixtures.appendingPathComponent(name + ".pcap").path
    }

    // MARK: - Help and usage errors

    @Test("--help exits 0 and names every option in the README's table",
          arguments: ["--help", "-h", "help"])
    func help(flag: String) throws {
        let run = try EarshotBinary.run([flag])

        try #require(run.status == 0, "\(run)")
        #expect(run.standardError.isEmpty, "\(run)")
        let options = try Self.readmeOptions()
        #expect(options.count >= 14, "README options: \(options)")
        for option in options {
            let mentioned = [" ", ",", "\n"].contains { after in
                run.standardOutput.contains(" \(option)\(after)")
            }
            #expect(mentioned, "help does not mention \(option)")
        }
        for command in ["replay", "capture", "bench"] {
            #expect(run.standardOutput.contains("earshot \(command)"), "\(command)")
        }
    }

    @Test("No arguments prints the help and exits 0")
    func noArguments() throws {
        let bare = try EarshotBinary.run([])
        let help = try EarshotBinary.run(["--help"])

        #expect(bare.status == 0, "\(bare)")
        #expect(bare.standardOutput == help.standardOutput)
        #expect(bare.standardError.isEmpty, "\(bare)")
    }

    @Test("--version prints the version and the libpcap version")
    func version() throws {
        let run = try EarshotBinary.run(["--version"])

        #expect(run.status == 0, "\(run)")
        #expect(run.standardOutput.hasPrefix("earshot "), "\(run)")
        #expect(run.standardOutput.contains("libpcap"), "\(run)")
    }

    @Test("A usage error exits 64 with the error, the usage and a hint on standard error only",
          arguments: [
              ["bogus"],
              ["replay"],
              ["replay", "--all"],
              ["replay", demo, "--bogus"],
              ["replay", demo, "extra-argument"],
              ["replay", demo, "--slow"],
              ["replay", demo, "--format", "xml"],
              ["replay", demo, "--log-level", "loud"],
              ["capture", "--frobnicate"],
              ["capture", "-s", "-1"],
              ["capture", "--idle-timeout", "ten"],
              ["bench", "--packets", "-1"],
              ["replay", demo, "other.pcap"],
              ["replay", demo, "-i", "lo"],
              ["replay", demo, "--packets", "5000"],
              ["capture", "--write", "x.pcap"],
              ["bench", "--all"],
              ["replay", demo, "--labels", "--format", "json"],
              ["replay", demo, "--pods-file", "x.json", "--selector", "=bad"],
          ])
    func usageError(arguments: [String]) throws {
        let run = try EarshotBinary.run(arguments)

        #expect(run.status == 64, "\(run)")
        #expect(run.standardOutput.isEmpty, "\(run)")
        #expect(run.errorLines.first?.hasPrefix("error: ") == true, "\(run)")
        #expect(run.standardError.contains("usage: earshot replay FILE"), "\(run)")
        #expect(run.errorLines.last?.contains("earshot --help") == true, "\(run)")
    }

    @Test("Options may come before the file and take --name=value",
          arguments: [
              ["replay", "--all", "--format", "json", demo],
              ["replay", demo, "--all", "--format=JSON"],
              ["replay", "--slow=0", "--format=json", demo],
          ])
    func optionPlacement(arguments: [String]) throws {
        let run = try EarshotBinary.run(arguments)

        #expect(run.status == 0, "\(run)")
        #expect(run.outputLines.count == 8, "\(run)")
    }

    @Test("A capture whose snap length cut the heads says so and how to fix it")
    func snapLengthWarning() throws {
        let run = try EarshotBinary.run(["replay", Self.fixture("snaplen"), "--all"])

        #expect(run.status == 0, "\(run)")
        #expect(run.errorLines.contains { $0.hasPrefix("warning: the capture's snap length") },
                "\(run)")
        let clean = try EarshotBinary.run(["replay", Self.demo, "--all"])
        #expect(!clean.standardError.contains("warning:"), "\(clean)")
    }

    @Test("A reader that stops early (| head -1) ends the replay quietly with status 0")
    func readerGoesAway() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let binary = try EarshotBinary.location().path
        let script = "'\(binary)' replay '\(Self.fixture("concurrent"))' --all --format json "
            + "2>'\(scratch.file("stderr.txt"))' | head -1 >/dev/null; echo ${PIPESTATUS[0]}"
        let shell = try ChildProcess(command: "bash", arguments: ["-c", script],
                                     directory: scratch)
        defer { shell.stop() }
        _ = try shell.waitForExit(timeoutSeconds: 60)

        #expect(shell.standardOutputLines == ["0"], "\(shell.standardError)")
        let errors = try String(contentsOfFile: scratch.file("stderr.txt"), encoding: .utf8)
        #expect(!errors.contains("error:"), "\(errors)")
        #expect(errors.contains("info: summary"), "\(errors)")
    }

    @Test("An unknown command or option is named in the error")
    func unknownNamed() throws {
        let command = try EarshotBinary.run(["bogus"])
        let option = try EarshotBinary.run(["replay", Self.demo, "--bogus"])

        #expect(command.errorLines.first?.contains("'bogus'") == true, "\(command)")
        #expect(option.errorLines.first?.contains("'--bogus'") == true, "\(option)")
    }

    @Test("--slow rejects anything but a number of milliseconds",
          arguments: ["abc", "-5", "nan", "", "inf", "1e12", "12ms"])
    func badSlow(value: String) throws {
        let run = try EarshotBinary.run(["replay", Self.demo, "--slow", value])

        #expect(run.status == 64, "\(run)")
        #expect(run.standardOutput.isEmpty, "\(run)")
        #expect(run.errorLines.first?.hasPrefix("error: --slow") == true, "\(run)")
        #expect(run.errorLines.first?.contains("'\(value)'") == true, "\(run)")
    }

    // MARK: - Input that is not a capture

    @Test("Replaying what is not a capture exits 1 with one line naming the path",
          arguments: ["missing", "directory", "empty", "text", "short header", "link type"])
    func notACapture(kind: String) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path: String
        switch kind {
        case "missing": path = scratch.file("no-such.pcap")
        case "directory": path = scratch.path
        case "empty": path = scratch.file("empty.pcap")
        case "text": path = scratch.file("notes.pcap")
        case "link type": path = scratch.file("user0.pcap")
        default: path = scratch.file("header.pcap")
        }
        if kind == "link type" {
            // DLT_USER0 (147): a valid file earshot has no decoder for.
            try PcapWriter(path: path, linkType: LinkType(rawValue: 147)).close()
        }
        let contents: [String: [UInt8]] = [
            "empty": [],
            "text": Array("GET / HTTP/1.1\r\nHost: example\r\n\r\nnot a capture\n".utf8),
            "short header": [0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0],
        ]
        if let bytes = contents[kind] {
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        }

        let run = try EarshotBinary.run(["replay", path, "--all", "--format", "json"])

        #expect(run.status == 1, "\(run)")
        #expect(run.standardOutput.isEmpty, "\(run)")
        #expect(run.errorLines.count == 1, "\(run)")
        #expect(run.errorLines.first?.hasPrefix("error: ") == true, "\(run)")
        #expect(run.standardError.contains("'\(path)'"), "\(run)")
    }

    @Test("A capture with no packets exits 0 with an empty report and a zero summary")
    func noPackets() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("nothing.pcap")
        try PcapWriter(path: path, linkType: .ethernet).close()

        let run = try EarshotBinary.run(["replay", path, "--all"])

        #expect(run.status == 0, "\(run)")
        #expect(run.standardOutput.isEmpty, "\(run)")
        #expect(run.summary?.hasPrefix("info: summary packets=0 ") == true, "\(run)")
    }

    @Test("A capture cut mid-record exits 1 naming the file and still reports what came before",
          arguments: [50, -1])
    func truncatedCapture(cutBytes: Int) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("cut.pcap")
        let whole = try Data(contentsOf: URL(fileURLWithPath: Self.keepAlive))
        // -1 keeps only the first half, so the cut falls in the middle of the exchanges.
        let kept = cutBytes < 0 ? whole.count / 2 : whole.count - cutBytes
        try whole.prefix(kept).write(to: URL(fileURLWithPath: path))
        let full = try EarshotBinary.run(["replay", Self.keepAlive, "--all", "--format", "json"])

        let run = try EarshotBinary.run(["replay", path, "--all", "--format", "json"])

        #expect(run.status == 1, "\(run)")
        #expect(run.errorLines.last?.hasPrefix("error: ") == true, "\(run)")
        #expect(run.errorLines.last?.contains("'\(path)'") == true, "\(run)")
        #expect(run.summary != nil, "\(run)")
        let complete = run.outputLines.filter { $0.contains(#""outcome":"complete""#) }
        #expect(!complete.isEmpty, "\(run)")
        for line in complete {
            #expect(full.outputLines.contains(line), "not in the full replay: \(line)")
        }
        if cutBytes >= 0 {
            let fullComplete = full.outputLines.filter { $0.contains(#""outcome":"complete""#) }
            #expect(complete == fullComplete, "\(run)")
        } else {
            #expect(complete.count < full.outputLines.count, "\(run)")
        }
    }

    // MARK: - Report

    @Test("Every JSON line parses and has the README's keys in the README's order")
    func jsonLines() throws {
        let run = try EarshotBinary.run(["replay", Self.keepAlive, "--all", "--format", "json"])
        let (keys, optional) = try Self.readmeKeys()

        #expect(run.status == 0, "\(run)")
        #expect(keys.first == "type" && keys.last == "connection_seq", "README keys: \(keys)")
        #expect(run.outputLines.count == 11, "\(run)")
        for line in run.outputLines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            #expect(object is [String: Any], "\(line)")
            let seen = Self.topLevelKeys(of: line)
            let expected = keys.filter { !optional.contains($0) || seen.contains($0) }
            #expect(seen == expected, "\(line)")
        }
    }

    @Test("By default only exchanges lasting 500 ms or more are reported")
    func defaultThreshold() throws {
        let truth = try FixtureTruth.load("demo")
        let slow = truth.connections.flatMap(\.exchanges)
            .filter { ($0.server_delay_ms ?? 0) >= 500 }
            .map { "\($0.method ?? "-") \($0.path ?? "-")" }

        let run = try EarshotBinary.run(["replay", Self.demo, "--format", "json"])

        #expect(run.status == 0, "\(run)")
        #expect(!slow.isEmpty && slow.count < truth.total_exchanges)
        let reported = try run.outputLines.map(Self.object)
        let names = reported.map { exchange in
            "\(exchange["method"] as? String ?? "-") \(exchange["path"] as? String ?? "-")"
        }
        #expect(names == slow, "\(run)")
        for exchange in reported {
            let duration = exchange["duration_ms"] as? Double ?? 0
            #expect(duration >= 500, "\(exchange)")
        }
        #expect(run.summary?.contains(" slow=\(slow.count) ") == true, "\(run)")
        #expect(run.summary?.contains(" reported=\(slow.count) ") == true, "\(run)")
    }

    @Test("Without --format the report is JSON when standard output is not a terminal")
    func defaultFormat() throws {
        let run = try EarshotBinary.run(["replay", Self.demo, "--all"])

        #expect(run.status == 0, "\(run)")
        #expect(run.outputLines.count == 8, "\(run)")
        #expect(run.outputLines.allSatisfy { $0.hasPrefix(#"{"type":"exchange""#) }, "\(run)")
    }

    @Test("--slow sets the threshold and --all reports every exchange")
    func thresholds() throws {
        let all = try EarshotBinary.run(["replay", Self.demo, "--all", "--format", "json"])
        let some = try EarshotBinary.run(["replay", Self.demo, "--slow", "10", "--format", "json"])
        let none = try EarshotBinary.run(["replay", Self.demo, "--slow", "5000"])

        #expect(all.outputLines.count == 8, "\(all)")
        #expect(some.outputLines.count == 6, "\(some)")
        #expect(none.status == 0 && none.standardOutput.isEmpty, "\(none)")
    }

    @Test("--output appends to the file and leaves standard output empty")
    func outputAppends() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("report.jsonl")
        let arguments = ["replay", Self.demo, "--all", "--format", "json", "--output", path]

        let first = try EarshotBinary.run(arguments)
        let once = try String(contentsOfFile: path, encoding: .utf8)
        let second = try EarshotBinary.run(arguments)
        let twice = try String(contentsOfFile: path, encoding: .utf8)

        #expect(first.status == 0 && second.status == 0, "\(first)\n\(second)")
        #expect(first.standardOutput.isEmpty && second.standardOutput.isEmpty)
        #expect(ChildProcess.completeLines(of: once).count == 8, "\(once)")
        #expect(twice == once + once)
    }

    @Test("An --output file that cannot be opened exits 1 naming it")
    func outputUnwritable() throws {
        let path = "/nonexistent-earshot-folder/report.jsonl"

        let run = try EarshotBinary.run(["replay", Self.demo, "--output", path])

        #expect(run.status == 1, "\(run)")
        #expect(run.standardOutput.isEmpty, "\(run)")
        #expect(run.errorLines.contains { $0.hasPrefix("error: ") && $0.contains(path) }, "\(run)")
    }

    @Test("--strip-query drops query strings from the reported paths")
    func stripQuery() throws {
        let kept = try EarshotBinary.run(["replay", Self.demo, "--all", "--format", "json"])
        let stripped = try EarshotBinary.run(
            ["replay", Self.demo, "--all", "--format", "json", "--strip-query"]
        )

        let keptPaths = try kept.outputLines.map { try Self.object($0)["path"] as? String }
        let strippedPaths = try stripped.outputLines.map { try Self.object($0)["path"] as? String }
        #expect(keptPaths.contains("/api/products?page=2"), "\(kept)")
        #expect(strippedPaths.contains("/api/products"), "\(stripped)")
        #expect(!stripped.standardOutput.contains("?"), "\(stripped)")
        #expect(strippedPaths.count == keptPaths.count)
    }

    @Test("--format text prints a header, then one line per exchange in aligned columns")
    func textFormat() throws {
        let run = try EarshotBinary.run(["replay", Self.demo, "--all", "--format", "text"])

        #expect(run.status == 0, "\(run)")
        let lines = run.outputLines.map { Array($0) }
        #expect(lines.count == 9, "\(run)")
        guard let header = lines.first else { return }
        #expect(String(header).hasPrefix("TIME (UTC)"), "\(run)")
        let arrow = header.firstIndex(of: "→")
        let status = Self.column("STATUS", in: header)
        let method = Self.column("METHOD", in: header)
        let path = Self.column("HOST/PATH", in: header)
        #expect(arrow != nil && status != nil && method != nil && path != nil, "\(run)")
        for line in lines.dropFirst() {
            let text = String(line)
            #expect(line.firstIndex(of: "→") == arrow, "\(text)")
            #expect(Self.column("shop.example.com/", in: line) == path, "\(text)")
            let word = { (start: Int) in String(line[start...].prefix { $0 != " " }) }
            #expect(status.map(word).flatMap { Int($0) } != nil, "\(text)")
            #expect(method.map(word).map { ["GET", "POST", "PUT"].contains($0) } == true)
        }
        #expect(!run.standardOutput.contains("{"), "\(run)")
    }

    @Test("The summary on standard error names the headline counters")
    func summary() throws {
        let run = try EarshotBinary.run(["replay", Self.demo, "--format", "json"])

        let summary = try #require(run.summary, "\(run)")
        #expect(summary.hasPrefix("info: summary packets="), "\(summary)")
        for counter in ["exchanges", "slow", "unanswered", "parse_errors", "tcp_gaps"] {
            #expect(summary.contains(" \(counter)="), "\(counter) missing: \(summary)")
        }
        #expect(summary.contains(" exchanges=8 "), "\(summary)")
        #expect(summary.contains(" slow=4 "), "\(summary)")
        #expect(run.errorLines.allSatisfy { !$0.hasPrefix("{") }, "\(run)")
    }

    @Test("Credentials in headers never reach the report or the logs",
          arguments: [
              ["--all", "--format", "json"],
              ["--all", "--format", "text"],
              ["--all", "--format", "json", "--log-level", "trace"],
          ])
    func credentialsHidden(options: [String]) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("credentials.pcap")
        try HandBuiltCapture.write(Self.credentialExchanges, to: path)

        let run = try EarshotBinary.run(["replay", path] + options)

        #expect(run.status == 0, "\(run)")
        #expect(run.outputLines.contains { $0.contains("/account/profile") }, "\(run)")
        #expect(run.outputLines.contains { $0.contains("/login") }, "\(run)")
        for secret in ["SECRET123", "SECRET456", "SECRET789", "SECRETABC", "Bearer"] {
            #expect(!run.standardOutput.contains(secret), "\(secret) in stdout: \(run)")
            #expect(!run.standardError.contains(secret), "\(secret) in stderr: \(run)")
        }
    }

    // MARK: - Bench

    @Test("bench exits 0 and prints a ratio to the bare read loop for each stage")
    func bench() throws {
        let run = try EarshotBinary.run(["bench", "--packets", "20000"], timeoutSeconds: 300)

        #expect(run.status == 0, "\(run)")
        #expect(run.outputLines.first?.hasPrefix("bench: ") == true, "\(run)")
        let ratios = run.outputLines.filter { $0.hasSuffix("x baseline") }
        #expect(ratios.count == 4, "\(run)")
        #expect(ratios.first?.contains("1.00x baseline") == true, "\(run)")
        #expect(run.outputLines.last?.hasPrefix("peak resident memory: ") == true, "\(run)")
    }

    // MARK: - Helpers

    /// Two exchanges whose headers carry credentials earshot must never print.
    static let credentialExchanges: [HandBuiltCapture.Exchange] = [
        HandBuiltCapture.Exchange(
            request: "GET /account/profile HTTP/1.1\r\nHost: app.example\r\n"
                + "Authorization: Bearer SECRET123\r\nCookie: sid=SECRET456\r\n\r\n",
            response: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        ),
        HandBuiltCapture.Exchange(
            request: "POST /login HTTP/1.1\r\nHost: app.example\r\n"
                + "Proxy-Authorization: Basic SECRETABC\r\nContent-Length: 0\r\n\r\n",
            response: "HTTP/1.1 204 No Content\r\nSet-Cookie: sid=SECRET789; HttpOnly\r\n\r\n",
            serverDelayMilliseconds: 700
        ),
    ]

    /// The JSON object on one report line.
    static func object(_ line: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any], "not an object: \(line)")
    }

    /// Where `word` starts in `line`, counted in characters.
    static func column(_ word: String, in line: [Character]) -> Int? {
        let target = Array(word)
        guard line.count >= target.count else { return nil }
        return (0...(line.count - target.count)).first {
            Array(line[$0..<($0 + target.count)]) == target
        }
    }

    /// The keys of the outermost object of a JSON line, in the order they are written.
    static func topLevelKeys(of line: String) -> [String] {
        var keys: [String] = []
        var depth = 0
        var isInString = false
        var isEscaped = false
        var current: [UInt8] = []
        var lastString: String?
        for byte in line.utf8 {
            if isInString {
                if isEscaped {
                    isEscaped = false
                } else if byte == UInt8(ascii: "\\") {
                    isEscaped = true
                } else if byte == UInt8(ascii: "\"") {
                    isInString = false
                    lastString = String(decoding: current, as: UTF8.self)
                    continue
                }
                current.append(byte)
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                isInString = true
                current = []
            case UInt8(ascii: ":"):
                if depth == 1, let key = lastString { keys.append(key) }
                lastString = nil
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: lastString = nil
            }
        }
        return keys
    }

    /// The option names (`--slow`, `-i`, `--interface`, …) in README's option table.
    static func readmeOptions() throws -> [String] {
        try Self.readmeTable(headedBy: "| option |").flatMap { row in
            Self.backticked(row.first ?? "").compactMap { $0.split(separator: " ").first }
                .map(String.init).filter { $0.hasPrefix("-") }
        }
    }

    /// README's report keys in order, and those it says appear only when present.
    static func readmeKeys() throws -> (keys: [String], optional: Set<String>) {
        var keys: [String] = []
        var optional: Set<String> = []
        for row in try Self.readmeTable(headedBy: "| key |") {
            let names = Self.backticked(row.first ?? "")
            keys += names
            if row.joined().contains("only when present") {
                optional.formUnion(names)
            }
        }
        return (keys, optional)
    }

    /// The body rows of the README table whose header line starts with `header`, as cells.
    private static func readmeTable(headedBy header: String) throws -> [[String]] {
        let url = Replay.repositoryRoot.appendingPathComponent("README.md")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix(header) }, "no \(header) table")
        return lines[(start + 2)...].prefix { $0.hasPrefix("|") }.map { line in
            line.replacingOccurrences(of: "\\|", with: "/").split(separator: "|")
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    /// The `quoted` parts of a Markdown cell.
    private static func backticked(_ cell: String) -> [String] {
        cell.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
}
