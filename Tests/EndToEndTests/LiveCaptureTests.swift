#if canImport(Glibc)
import TestSupport
import Glibc
#endif
import Foundation
import Testing

/// Runs `earshot capture` on the loopback interface while a local server answers real requests
/// from curl, stops it with SIGINT like Ctrl-C, and checks what it reported.
///
/// Capturing needs root (or CAP_NET_RAW): run as another user, these tests are skipped, and
/// the skip says why. CI runs as root, so there they run. All traffic stays on 127.0.0.1.
@Suite(
    .serialized,
    .enabled(if: getuid() == 0, "live capture on lo needs root or CAP_NET_RAW; run as root")
)
struct LiveCaptureTests {
    @Test("Every request on lo is reported once with its path, status and server wait")
    func everyRequest() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let server = try LoopbackHTTPServer(in: scratch)
        defer { server.stop() }
        let fast = (1...20).map { "/fast/\($0)" }
        let slow = ["/sleep/700/first", "/sleep/700/second"]
        let earshot = try Self.startCapture(port: server.port, ["--all", "--format", "json"],
                                            in: scratch)
        defer { earshot.stop() }

        try Self.curl(fast.map(server.url), in: scratch)
        try Self.curl(slow.map(server.url), in: scratch)
        let status = try Self.interrupt(earshot, afterExchanges: fast.count + slow.count)

        #expect(status == 0, "\(earshot.standardError)")
        let exchanges = try earshot.standardOutputLines.map(CommandLineTests.object)
        let paths = exchanges.compactMap { $0["path"] as? String }
        #expect(paths.sorted() == (fast + slow).sorted(), "\(earshot.standardOutput)")
        for exchange in exchanges {
            #expect(exchange["method"] as? String == "GET", "\(exchange)")
            #expect(exchange["status"] as? Int == 200, "\(exchange)")
            #expect(exchange["outcome"] as? String == "complete", "\(exchange)")
            let server = exchange["server"] as? [String: Any]
            #expect(server?["ip"] as? String == "127.0.0.1", "\(exchange)")
        }
        let slowExchanges = exchanges.filter { slow.contains($0["path"] as? String ?? "") }
        for exchange in slowExchanges {
            #expect(exchange["duration_ms"] as? Double ?? 0 >= 700, "\(exchange)")
            #expect(exchange["wait_ms"] as? Double ?? 0 >= 700, "\(exchange)")
        }
        let sequence = exchanges.filter { fast.contains($0["path"] as? String ?? "") }
            .compactMap { $0["connection_seq"] as? Int }
        #expect(sequence == Array(1...20), "keep-alive: \(sequence)")
        let summary = earshot.standardError.split(separator: "\n")
            .last { $0.hasPrefix("info: summary packets=") }
        #expect(summary?.contains(" exchanges=22 ") == true, "\(earshot.standardError)")
        #expect(summary?.contains(" slow=2 ") == true, "\(earshot.standardError)")
        #expect(summary?.contains(" kernel_drops=") == true, "\(earshot.standardError)")
    }

    @Test("By default a live capture reports only the request slower than 500 ms")
    func onlySlow() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let server = try LoopbackHTTPServer(in: scratch)
        defer { server.stop() }
        let paths = ["/fast/a", "/sleep/700/slow", "/fast/b", "/fast/c"]
        let earshot = try Self.startCapture(port: server.port, [], in: scratch)
        defer { earshot.stop() }

        try Self.curl(paths.map(server.url), in: scratch)
        let status = try Self.interrupt(earshot, afterExchanges: paths.count)

        #expect(status == 0, "\(earshot.standardError)")
        let exchanges = try earshot.standardOutputLines.map(CommandLineTests.object)
        #expect(exchanges.count == 1, "\(earshot.standardOutput)")
        #expect(exchanges.first?["path"] as? String == "/sleep/700/slow")
        #expect(exchanges.first?["duration_ms"] as? Double ?? 0 >= 700)
        let summary = earshot.standardError.split(separator: "\n")
            .last { $0.hasPrefix("info: summary packets=") }
        #expect(summary?.contains(" exchanges=4 ") == true, "\(earshot.standardError)")
        #expect(summary?.contains(" reported=1 ") == true, "\(earshot.standardError)")
    }

    @Test("A capture filter libpcap rejects exits 1 with an error naming the filter")
    func badFilter() throws {
        let filter = "tcp port nonsense("

        let run = try EarshotBinary.run(["capture", "-i", "lo", "-f", filter], timeoutSeconds: 30)

        #expect(run.status == 1, "\(run)")
        #expect(run.standardOutput.isEmpty, "\(run)")
        #expect(run.errorLines.count == 1, "\(run)")
        #expect(run.errorLines.first?.hasPrefix("error: ") == true, "\(run)")
        #expect(run.standardError.contains("'\(filter)'"), "\(run)")
    }

    @Test("An interface that does not exist exits 1 with an error naming it")
    func missingInterface() throws {
        let run = try EarshotBinary.run(["capture", "-i", "nosuchif0"], timeoutSeconds: 30)

        #expect(run.status == 1, "\(run)")
        #expect(run.standardOutput.isEmpty, "\(run)")
        #expect(run.errorLines.count == 1, "\(run)")
        #expect(run.errorLines.first?.hasPrefix("error: ") == true, "\(run)")
        #expect(run.standardError.contains("'nosuchif0'"), "\(run)")
    }

    @Test("SIGHUP reopens the report file, so a rotated log keeps its lines and a new one starts")
    func reopenOnHangUp() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let server = try LoopbackHTTPServer(in: scratch)
        defer { server.stop() }
        let report = scratch.file("report.jsonl")
        let rotated = scratch.file("report.jsonl.1")
        let earshot = try Self.startCapture(port: server.port, ["--all", "--output", report],
                                            in: scratch)
        defer { earshot.stop() }

        try Self.curl([server.url("/fast/before")], in: scratch)
        _ = ChildProcess.poll(timeoutSeconds: 10) {
            earshot.standardError.contains(" exchanges=1 ")
        }
        try FileManager.default.moveItem(atPath: report, toPath: rotated)
        earshot.send(SIGHUP)
        try earshot.waitUntil("'reopened' line", timeoutSeconds: 10) {
            earshot.standardError.contains("info: reopened the report output")
        }
        try Self.curl([server.url("/fast/after")], in: scratch)
        let status = try Self.interrupt(earshot, afterExchanges: 2)

        #expect(status == 0, "\(earshot.standardError)")
        let old = try String(contentsOfFile: rotated, encoding: .utf8)
        let new = try String(contentsOfFile: report, encoding: .utf8)
        #expect(old.contains("/fast/before") && !old.contains("/fast/after"), "\(old)")
        #expect(new.contains("/fast/after") && !new.contains("/fast/before"), "\(new)")
    }

    @Test("The heartbeat file is written while the capture loop runs, even without traffic")
    func heartbeat() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("heartbeat")
        let earshot = try Self.startCapture(port: 9, ["--heartbeat-file", path], in: scratch)
        defer { earshot.stop() }

        let written = ChildProcess.poll(timeoutSeconds: 10) {
            FileManager.default.fileExists(atPath: path)
        }
        earshot.send(SIGINT)
        _ = try earshot.waitForExit(timeoutSeconds: 10)

        #expect(written, "\(earshot.standardError)")
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let seconds = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(abs(seconds - Int(Date().timeIntervalSince1970)) < 60, "\(text)")
    }

    @Test("SIGTERM stops a live capture cleanly too")
    func terminate() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let earshot = try Self.startCapture(port: 9, ["--all"], in: scratch)
        defer { earshot.stop() }

        earshot.send(SIGTERM)
        let status = try earshot.waitForExit(timeoutSeconds: 10)

        #expect(status == 0, "\(earshot.standardError)")
        #expect(earshot.standardOutput.isEmpty, "\(earshot.standardOutput)")
        #expect(earshot.standardError.contains("info: summary packets=0 "),
                "\(earshot.standardError)")
    }

    @Test("SIGINT stops a capture even when its parent started it with SIGINT blocked")
    func inheritedBlockedSignals() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        // The blocked mask survives exec: earshot must unblock the signals it stops on.
        let script = "import os, signal, sys; "
            + "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM}); "
            + "os.execv(sys.argv[1], sys.argv[1:])"
        let arguments = ["-c", script, try EarshotBinary.location().path,
                         "capture", "-i", "lo", "-f", "tcp port 9"]
        let earshot = try ChildProcess(command: "python3", arguments: arguments,
                                       directory: scratch)
        defer { earshot.stop() }
        try earshot.waitUntil("'info: capturing' line", timeoutSeconds: 20) {
            earshot.standardError.contains("info: capturing")
        }

        earshot.send(SIGINT)
        let status = try earshot.waitForExit(timeoutSeconds: 10)

        #expect(status == 0, "\(earshot.standardError)")
        #expect(earshot.standardError.contains("info: summary packets="),
                "\(earshot.standardError)")
    }

    // MARK: - Helpers

    /// Starts `earshot capture -i lo` on `port`, with a summary every second, and waits until
    /// it says it is capturing.
    private static func startCapture(
        port: Int,
        _ options: [String],
        in scratch: ScratchDirectory
    ) throws -> ChildProcess {
        let arguments = ["capture", "-i", "lo", "-f", "tcp port \(port)", "--stats-interval", "1"]
            + options
        let earshot = try EarshotBinary.start(arguments, in: scratch)
        try earshot.waitUntil("'info: capturing' line", timeoutSeconds: 20) {
            earshot.standardError.contains("info: capturing")
        }
        return earshot
    }

    /// Fetches `urls` in order with one curl, which keeps one connection alive for them all.
    private static func curl(_ urls: [String], in scratch: ScratchDirectory) throws {
        // --noproxy: a proxy from the environment must never carry this traffic off the host.
        var arguments = ["--silent", "--show-error", "--noproxy", "*", "--max-time", "30",
                         "--write-out", "%{http_code}\\n"]
        for url in urls {
            arguments += ["--output", "/dev/null", url]
        }
        let curl = try ChildProcess(command: "curl", arguments: arguments, directory: scratch)
        defer { curl.stop() }
        let status = try curl.waitForExit(timeoutSeconds: 60)
        let codes = curl.standardOutputLines
        guard status == 0, codes == Array(repeating: "200", count: urls.count) else {
            throw ChildProcess.Failure(description: "curl exited \(status) with codes \(codes): "
                                       + curl.standardError)
        }
    }

    /// Waits (bounded) until a periodic summary counts `exchanges`, so that every packet was
    /// read, then sends SIGINT as Ctrl-C would and returns earshot's exit status.
    private static func interrupt(_ earshot: ChildProcess, afterExchanges exchanges: Int) throws
        -> Int32
    {
        // Stop anyway after the wait and let the assertions say what is missing.
        _ = ChildProcess.poll(timeoutSeconds: 10) {
            earshot.standardError.contains(" exchanges=\(exchanges) ")
        }
        earshot.send(SIGINT)
        return try earshot.waitForExit(timeoutSeconds: 20)
    }
}
