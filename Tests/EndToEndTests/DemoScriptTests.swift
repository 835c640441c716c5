#if canImport(Glibc)
import TestSupport
import Glibc
#endif
import Foundation
import Testing

/// Runs scripts/demo.sh, the README's first command, end to end: two network namespaces
/// standing for the client and database pods, the demo apps in them, earshot capturing inside
/// the client's namespace with the pods file, and everything removed afterwards.
///
/// The live demo makes network namespaces, which needs root with CAP_SYS_ADMIN: without it,
/// those tests are skipped and say why. CI runs as root. The script uses the earshot the tests use
/// (`EARSHOT_BINARY`) instead of building a release one. All its traffic stays inside the two
/// namespaces it makes.
@Suite(.serialized)
struct DemoScriptTests {
    /// The client pod's name as the pods file gives it, with its namespace.
    static let clientPod = "shop/shop-frontend-7d9f8b6c5d-x2x7q"
    /// The database pod's name with its namespace.
    static let databasePod = "data/kv-db-0"
    /// The slow requests the demo client makes (600 and 800 ms queries).
    static let slowPaths = [
        "/query/orders?customer=1042&status=open",
        "/query/report?period=2024-06&group=region",
        "/query/report?period=daily",
    ]

    @Test(
        "The demo prints the slow client → database requests naming both pods, then cleans up",
        .enabled(
            if: DemoScriptTests.canMakeNetworkNamespaces,
            "the demo makes network namespaces: run as root with CAP_SYS_ADMIN"
        )
    )
    func liveDemo() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }

        let demo = try Self.startDemo([], in: scratch)
        defer { demo.stop() }
        let status = try demo.waitForExit(timeoutSeconds: 90)

        #expect(status == 0, "\(demo.standardError)")
        let lines = demo.standardOutputLines
        for path in Self.slowPaths {
            let line = lines.first { $0.contains("kv-db.data.svc.cluster.local:6380" + path + " ") }
            #expect(line?.contains(Self.clientPod) == true, "\(path): \(demo.standardOutput)")
            #expect(line?.contains(Self.databasePod + ":6380") == true, "\(path)")
        }
        let reported = lines.filter { $0.contains(Self.clientPod) }
        #expect(reported.count == Self.slowPaths.count, "\(demo.standardOutput)")
        #expect(!demo.standardError.contains("replaying"), "\(demo.standardError)")
        #expect(demo.standardError.contains("client: done, 15 requests"))
        #expect(demo.standardError.contains("labels app=kv-db"))
        let summary = demo.standardError.split(separator: "\n")
            .last { $0.hasPrefix("info: summary packets=") }
        #expect(summary?.contains(" slow=3 reported=3 ") == true, "\(demo.standardError)")
        #expect(Self.leftovers(of: demo) == [])
        #expect(Self.temporaryFolders(of: demo) == [])
    }

    @Test(
        "Earshot options pass through: JSON lines carry both pods' namespaces and labels",
        .enabled(
            if: DemoScriptTests.canMakeNetworkNamespaces,
            "the demo makes network namespaces: run as root with CAP_SYS_ADMIN"
        )
    )
    func optionsPassThrough() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }

        let demo = try Self.startDemo(["--format", "json", "--slow", "700"], in: scratch)
        defer { demo.stop() }
        let status = try demo.waitForExit(timeoutSeconds: 90)

        #expect(status == 0, "\(demo.standardError)")
        let exchanges = try demo.standardOutputLines.map(CommandLineTests.object)
        let paths = exchanges.compactMap { $0["path"] as? String }
        #expect(paths == Array(Self.slowPaths.dropFirst()), "\(demo.standardOutput)")
        for exchange in exchanges {
            let client = exchange["client"] as? [String: Any]
            let server = exchange["server"] as? [String: Any]
            #expect(client?["namespace"] as? String == "shop", "\(exchange)")
            #expect(server?["pod"] as? String == "kv-db-0", "\(exchange)")
            #expect(server?["namespace"] as? String == "data", "\(exchange)")
            let labels = server?["labels"] as? [String: Any]
            #expect(labels?["app"] as? String == "kv-db", "\(exchange)")
            #expect(exchange["duration_ms"] as? Double ?? 0 >= 700, "\(exchange)")
        }
        #expect(Self.leftovers(of: demo) == [])
    }

    @Test(
        "Interrupted while the client runs, the demo removes its namespaces and processes",
        .enabled(
            if: DemoScriptTests.canMakeNetworkNamespaces,
            "the demo makes network namespaces: run as root with CAP_SYS_ADMIN"
        ),
        arguments: [SIGINT, SIGTERM]
    )
    func interrupted(signalNumber: Int32) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }

        let demo = try Self.startDemo([], in: scratch)
        defer { demo.stop() }
        try demo.waitUntil("client request", timeoutSeconds: 60) {
            demo.standardError.contains("client: GET")
        }
        // The check below finds a running demo's namespaces and processes, so an empty
        // answer after the exit means something.
        let running = Self.leftovers(of: demo)
        #expect(running.filter { $0.hasPrefix("network namespace") }.count == 2, "\(running)")
        #expect(running.filter { $0.contains("kvdb.py") }.count == 1, "\(running)")
        #expect(running.contains { $0.contains("earshot") && $0.contains("capture") })
        #expect(Self.temporaryFolders(of: demo).count == 1)
        demo.send(signalNumber)
        let status = try demo.waitForExit(timeoutSeconds: 15)

        #expect(status == 128 + signalNumber, "\(demo.standardError)")
        #expect(!demo.standardError.contains("client: done"), "\(demo.standardError)")
        #expect(Self.leftovers(of: demo) == [])
        #expect(Self.temporaryFolders(of: demo) == [])
    }

    @Test(
        "Without the right to make network namespaces, the demo says so and replays instead",
        .enabled(
            if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
            "dropping CAP_SYS_ADMIN with setpriv needs root and util-linux"
        )
    )
    func fallsBackToReplay() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }

        let withoutSysAdmin = ["/usr/bin/setpriv", "--bounding-set", "-sys_admin",
                               "--inh-caps", "-sys_admin"]
        let demo = try Self.startDemo([], prefix: withoutSysAdmin, in: scratch)
        defer { demo.stop() }
        let status = try demo.waitForExit(timeoutSeconds: 60)

        #expect(status == 0, "\(demo.standardError)")
        #expect(demo.standardError.contains("network namespaces are not allowed here"))
        #expect(!demo.standardError.contains("client:"), "\(demo.standardError)")
        let lines = demo.standardOutputLines.filter { $0.contains(Self.clientPod) }
        #expect(lines.count == Self.slowPaths.count, "\(demo.standardOutput)")
        #expect(lines.allSatisfy { $0.contains(Self.databasePod) })
        #expect(Self.leftovers(of: demo) == [])
    }

    @Test("With --replay the demo replays its recording and names both pods")
    func replay() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }

        let demo = try Self.startDemo(["--replay"], in: scratch)
        defer { demo.stop() }
        let status = try demo.waitForExit(timeoutSeconds: 60)

        #expect(status == 0, "\(demo.standardError)")
        let lines = demo.standardOutputLines.filter { $0.contains(Self.clientPod) }
        #expect(lines.count == Self.slowPaths.count, "\(demo.standardOutput)")
        #expect(lines.allSatisfy { $0.contains(Self.databasePod) })
        #expect(!demo.standardError.contains("client:"), "\(demo.standardError)")
    }

    @Test("The Kubernetes demo's ConfigMaps hold exactly the apps the local demo runs")
    func configMapsMatchApps() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let script = Replay.repositoryRoot.appendingPathComponent("demo/configmaps.py").path

        let check = try ChildProcess(command: "python3", arguments: [script, "--check"],
                                     directory: scratch)
        defer { check.stop() }
        let status = try check.waitForExit(timeoutSeconds: 30)

        #expect(status == 0, "\(check.standardError)")
    }

    // MARK: - Helpers

    /// Whether this process may make network namespaces: root with CAP_SYS_ADMIN (bit 21 of
    /// the effective set), which `ip netns add` needs. Without it the script replays instead.
    static let canMakeNetworkNamespaces: Bool = {
        guard getuid() == 0,
              let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("CapEff:") }),
              let mask = UInt64(line.dropFirst("CapEff:".count)
                  .trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        return mask & (1 << 21) != 0
    }()

    /// Starts `bash scripts/demo.sh` with `arguments`, using the earshot under test.
    ///
    /// The test runner's children inherit a signal mask that blocks SIGINT and SIGTERM, and
    /// bash cannot unblock them, so a small Python step clears the mask before running the
    /// script, as a terminal would start it.
    ///
    /// - Parameters:
    ///   - prefix: a command that runs the rest (such as `setpriv` dropping a capability).
    static func startDemo(
        _ arguments: [String],
        prefix: [String] = [],
        in scratch: ScratchDirectory
    ) throws -> ChildProcess {
        let earshot = try EarshotBinary.location()
        let script = Replay.repositoryRoot.appendingPathComponent("scripts/demo.sh").path
        let unblock = "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
            + "os.execvp(sys.argv[1], sys.argv[1:])"
        let command = ["/usr/bin/env", "EARSHOT_BINARY=\(earshot.path)", "python3", "-c",
                       unblock, "bash", script] + arguments
        let line = prefix + command
        return try ChildProcess(
            executable: URL(fileURLWithPath: line[0]),
            arguments: Array(line.dropFirst()),
            directory: scratch
        )
    }

    /// What a finished demo left behind: its network namespaces (named after its process id)
    /// and any process it started (each carries `EARSHOT_DEMO_RUN=<its process id>`), so
    /// that another demo running at the same time is not counted.
    static func leftovers(of demo: ChildProcess) -> [String] {
        var found: [String] = []
        let suffix = "-\(demo.processIdentifier)"
        let namespaces = (try? FileManager.default.contentsOfDirectory(atPath: "/var/run/netns"))
            ?? []
        found += namespaces.filter { $0.hasPrefix("earshot-demo-") && $0.hasSuffix(suffix) }
            .map { "network namespace \($0)" }
        let tag = Data("EARSHOT_DEMO_RUN=\(demo.processIdentifier)".utf8)
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for pid in processes where Int32(pid) != nil {
            let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ")
                ?? Data()
            guard environment.split(separator: 0).contains(tag) else { continue }
            let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
            let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            found.append("process \(pid): \(words.joined(separator: " "))")
        }
        return found
    }

    /// The temporary folders of `demo` now present (named after its process id).
    static func temporaryFolders(of demo: ChildProcess) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        return names.filter { $0.hasPrefix("earshot-demo-\(demo.processIdentifier).") }
    }
}
