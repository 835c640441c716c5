#if canImport(Glibc)
import TestSupport
import Glibc
#endif
import Foundation
import Testing

/// Runs `earshot capture` on `lo` with names from the fake Kubernetes API server (real TLS, a
/// CA of its own, a bearer token, through a kubeconfig) while pods come and go: the database
/// pod is replaced by another at the same address, then the pods watch expires (410) and the
/// re-list brings a new client pod. Every pod address is a loopback address of this machine,
/// so the traffic between "pods" is real and stays on 127.0.0.0/8.
///
/// Capturing needs root (or CAP_NET_RAW): run as another user, the test is skipped, and the
/// skip says why. CI runs as root.
@Suite(
    .serialized,
    .enabled(if: getuid() == 0, "live capture on lo needs root or CAP_NET_RAW; run as root")
)
struct LiveIdentityTests {
    @Test("A live capture follows pod churn, address reuse and a 410 without a wrong name")
    func churnReuseAndExpiry() throws {
        let began = ContinuousClock.now
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var cluster = LiveIdentityCluster(began: Int(Self.wallClock()))
        let cuePath = { (name: String) in FakeKubeAPI.cuePath(name, in: scratch) }
        let api = try FakeKubeAPI(in: scratch, scenario: cluster.scenario(cuePath: cuePath))
        defer { api.stop() }
        let server = try LoopbackHTTPServer(in: scratch, host: LiveIdentityCluster.serverIP)
        defer { server.stop() }
        let earshot = try Self.startCapture(port: server.port, api: api, in: scratch)
        defer { earshot.stop() }

        // Phase 1: web-1 calls db-old.
        try Self.curl(from: LiveIdentityCluster.clientIP, (1...5).map { server.url("/p1/\($0)") },
                      in: scratch)
        try Self.waitForLines(5, earshot)

        // Phase 2: db-old is deleted and db-new takes its address; a call that began before
        // the deletion ends after it.
        let straddle = try Self.startCurl(from: LiveIdentityCluster.clientIP,
                                          [server.url("/sleep/2000/straddle")], in: scratch)
        defer { straddle.stop() }
        try earshot.waitUntil("straddling connection", timeoutSeconds: 10) {
            Self.isConnected(from: LiveIdentityCluster.clientIP,
                             to: LiveIdentityCluster.serverIP, port: server.port)
        }
        // curl sends its request as soon as it connects; leave it a moment to arrive.
        usleep(200_000)
        cluster.deletion = Self.wallClock()
        try api.update(cluster.scenario(cuePath: cuePath))
        try api.cue("churn")
        try Self.waitForRequests(api, earshot, "watch", "pods", count: 3)
        try Self.finish(straddle, count: 1)
        // Safe: newStart is set once the deletion is.
        let newStart = Double(cluster.newStart!)
        _ = ChildProcess.poll(timeoutSeconds: 5) { Self.wallClock() >= newStart + 0.2 }
        try Self.curl(from: LiveIdentityCluster.clientIP, (1...5).map { server.url("/p2/\($0)") },
                      in: scratch)
        try Self.waitForLines(11, earshot)

        // Phase 3: the pods watch ends with 410; the re-list shows web-2 and web-1's new label.
        cluster.expiry = Self.wallClock()
        try api.update(cluster.scenario(cuePath: cuePath))
        try api.cue("expire")
        try Self.waitForRequests(api, earshot, "watch", "pods", count: 4)
        try Self.curl(from: LiveIdentityCluster.newClientIP,
                      (1...3).map { server.url("/p3/web-2/\($0)") }, in: scratch)
        try Self.curl(from: LiveIdentityCluster.clientIP,
                      (1...2).map { server.url("/p3/web-1/\($0)") }, in: scratch)
        try Self.waitForLines(16, earshot)
        earshot.send(SIGINT)
        let status = try earshot.waitForExit(timeoutSeconds: 20)

        #expect(status == 0, "\(earshot.standardError)")
        let lines = try earshot.standardOutputLines.map(CommandLineTests.object)
        #expect(lines.count == 16, "\(earshot.standardOutput)")
        try Self.checkNames(lines, cluster)
        Self.checkPhases(lines, [
            Phase("/p1/", 5, client: "web-1", server: "db-old"),
            Phase("/sleep/2000/straddle", 1, client: "web-1", server: "db-old"),
            Phase("/p2/", 5, client: "web-1", server: "db-new"),
            Phase("/p3/web-2/", 3, client: "web-2", server: "db-new", version: "v2"),
            Phase("/p3/web-1/", 2, client: "web-1", server: "db-new", version: "v2"),
        ])
        Self.checkRequests(api)
        // Listed; watched from the list; again after the empty stream closed; from the last
        // churn event; the 410; listed again; watched from the new list.
        #expect(Self.podRequests(api) == ["list -", "watch 100", "watch 100", "watch 105",
                                          "list -", "watch 200"], "\(api.requests())")
        Self.checkLog(earshot.standardError, [
            "naming pods from the Kubernetes API", "kubernetes watch expired, listing again",
        ], never: ["kubernetes API failing", "error:"])
        #expect(ContinuousClock.now - began < .seconds(60))
    }

    @Test("Names say stale while lists fail; the good re-list hands a reused address on")
    func outageAndMissedDeletion() throws {
        let began = ContinuousClock.now
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var cluster = LiveIdentityCluster(began: Int(Self.wallClock()))
        let cuePath = { (name: String) in FakeKubeAPI.cuePath(name, in: scratch) }
        let api = try FakeKubeAPI(in: scratch,
                                  scenario: cluster.outageScenario(listFails: true,
                                                                   cuePath: cuePath))
        defer { api.stop() }
        let server = try LoopbackHTTPServer(in: scratch, host: LiveIdentityCluster.serverIP)
        defer { server.stop() }
        let earshot = try Self.startCapture(port: server.port, api: api, in: scratch)
        defer { earshot.stop() }

        // Phase 1: web-1 calls db-old.
        try Self.curl(from: LiveIdentityCluster.clientIP, (1...3).map { server.url("/p1/\($0)") },
                      in: scratch)
        try Self.waitForLines(3, earshot)

        // Phase 2: the pods watch expires and every list fails: the names stay, marked stale.
        try api.cue("expire")
        try earshot.waitUntil("'API failing' warning", timeoutSeconds: 10) {
            earshot.standardError.contains("kubernetes API failing")
        }
        try Self.curl(from: LiveIdentityCluster.clientIP,
                      (1...3).map { server.url("/stale/\($0)") }, in: scratch)
        try Self.waitForLines(6, earshot)

        // Phase 3: db-old goes and db-new takes its address unseen; the list that works shows
        // it, and the watch starts from that list.
        cluster.deletion = Self.wallClock()
        // Safe: newStart is set once the deletion is.
        let newStart = Double(cluster.newStart!)
        _ = ChildProcess.poll(timeoutSeconds: 5) { Self.wallClock() >= newStart + 0.2 }
        try api.update(cluster.outageScenario(listFails: false, cuePath: cuePath))
        try Self.waitForRequests(api, earshot, "watch", "pods", count: 2, timeoutSeconds: 20)
        try Self.curl(from: LiveIdentityCluster.clientIP, (1...3).map { server.url("/p3/\($0)") },
                      in: scratch)
        try Self.waitForLines(9, earshot)
        earshot.send(SIGINT)
        let status = try earshot.waitForExit(timeoutSeconds: 20)

        #expect(status == 0, "\(earshot.standardError)")
        let lines = try earshot.standardOutputLines.map(CommandLineTests.object)
        #expect(lines.count == 9, "\(earshot.standardOutput)")
        try Self.checkNames(lines, cluster)
        Self.checkPhases(lines, [
            Phase("/p1/", 3, client: "web-1", server: "db-old"),
            Phase("/stale/", 3, client: "web-1", server: "db-old", identity: "stale"),
            Phase("/p3/", 3, client: "web-1", server: "db-new"),
        ])
        Self.checkRequests(api)
        let pods = Self.podRequests(api)
        #expect(pods.prefix(2) == ["list -", "watch 100"], "\(pods)")
        #expect(pods.last == "watch 300", "\(pods)")
        #expect(pods.dropFirst(2).dropLast().count >= 2, "a failed and a good list: \(pods)")
        #expect(pods.dropFirst(2).dropLast().allSatisfy { $0 == "list -" }, "\(pods)")
        Self.checkLog(earshot.standardError, [
            "kubernetes watch expired, listing again",
            "kubernetes API failing, names may be stale", "kubernetes API recovered",
        ], never: ["error:"])
        #expect(ContinuousClock.now - began < .seconds(60))
    }

    // MARK: - Checks

    /// What one phase's requests (their paths start with `prefix`) must show: how many, the
    /// client and server pods, the client's `version` label and the map's freshness.
    private struct Phase {
        var prefix: String
        var count: Int
        var client: String
        var server: String
        var version: String
        var identity: String

        init(
            _ prefix: String,
            _ count: Int,
            client: String,
            server: String,
            version: String = "v1",
            identity: String = "synced"
        ) {
            self.prefix = prefix
            self.count = count
            self.client = client
            self.server = server
            self.version = version
            self.identity = identity
        }
    }

    /// Every line is reported from the server's node and names at each end the pod that held
    /// the address at the exchange's time, with its namespace, workload and node.
    private static func checkNames(
        _ lines: [[String: Any]],
        _ cluster: LiveIdentityCluster
    ) throws {
        for line in lines {
            let time = try #require(Self.seconds(line["time"] as? String), "\(line)")
            #expect(line["vantage"] as? String == "server_node", "\(line)")
            for side in ["client", "server"] {
                let end = try #require(line[side] as? [String: Any], "\(line)")
                let ip = try #require(end["ip"] as? String, "\(line)")
                let holder = cluster.holder(of: ip, at: time)
                #expect(holder != nil, "no pod held \(ip) at \(time): \(line)")
                #expect(end["pod"] as? String == holder, "\(side) at \(time): \(line)")
                let isServer = side == "server"
                let workload = end["workload"] as? [String: String]
                #expect(end["namespace"] as? String == (isServer ? "data" : "shop"), "\(line)")
                #expect(workload == (isServer ? ["kind": "StatefulSet", "name": "kv-db"]
                                              : ["kind": "Deployment", "name": "web"]), "\(line)")
                #expect(end["node"] as? String == (isServer ? "node-b" : "node-a"), "\(line)")
            }
        }
    }

    /// Each phase's requests are all there, named as that phase's cluster had them, with the
    /// labels and the map's freshness of that moment.
    private static func checkPhases(_ lines: [[String: Any]], _ phases: [Phase]) {
        for phase in phases {
            let matching = lines.filter { ($0["path"] as? String ?? "").hasPrefix(phase.prefix) }
            #expect(matching.count == phase.count, "\(phase.prefix): \(matching)")
            for line in matching {
                let client = line["client"] as? [String: Any] ?? [:]
                let server = line["server"] as? [String: Any] ?? [:]
                #expect(client["pod"] as? String == phase.client, "\(phase.prefix): \(line)")
                #expect(server["pod"] as? String == phase.server, "\(phase.prefix): \(line)")
                #expect(line["identity"] as? String == phase.identity, "\(line)")
                let labels = client["labels"] as? [String: String]
                #expect(labels == ["app": "web", "version": phase.version], "\(line)")
                #expect(server["labels"] as? [String: String]
                        == ["app": "kv-db", "app.kubernetes.io/name": "kv-db"], "\(line)")
            }
        }
    }

    /// The fake server saw the token on every request, and one list and one watch for
    /// services and for nodes; every pods watch asked for bookmarks.
    private static func checkRequests(_ api: FakeKubeAPI) {
        let requests = api.requests()
        #expect(!requests.isEmpty)
        for request in requests {
            #expect(request["token"] as? String == LiveIdentityCluster.token, "\(request)")
        }
        for resource in ["services", "nodes"] {
            #expect(api.requests("list", resource).count == 1, "\(requests)")
            #expect(api.requests("watch", resource).count == 1, "\(requests)")
        }
        for request in api.requests("watch", "pods") {
            let query = request["query"] as? [String: String] ?? [:]
            #expect(query["allowWatchBookmarks"] == "true", "\(request)")
        }
    }

    /// The pods requests in order, as `list -` or `watch VERSION`.
    private static func podRequests(_ api: FakeKubeAPI) -> [String] {
        api.requests().filter { $0["resource"] as? String == "pods" }.map { request in
            let query = request["query"] as? [String: String] ?? [:]
            return "\(request["verb"] as? String ?? "?") \(query["resourceVersion"] ?? "-")"
        }
    }

    /// earshot's standard error holds each of `phrases` and none of `never`.
    private static func checkLog(_ standardError: String, _ phrases: [String], never: [String]) {
        for phrase in phrases {
            #expect(standardError.contains(phrase), "'\(phrase)' in: \(standardError)")
        }
        for phrase in never {
            #expect(!standardError.contains(phrase), "'\(phrase)' in: \(standardError)")
        }
    }

    // MARK: - Helpers

    /// Starts `earshot capture -i lo` on `port` with names from `api` (its node: the server's
    /// node) and waits until it captures and all three resources are listed and watched.
    private static func startCapture(
        port: Int,
        api: FakeKubeAPI,
        in scratch: ScratchDirectory
    ) throws -> ChildProcess {
        let kubeconfig = try api.writeKubeconfig(token: LiveIdentityCluster.token)
        let earshot = try EarshotBinary.start([
            "capture", "-i", "lo", "-f", "tcp port \(port)", "--kubeconfig", kubeconfig,
            "--node-name", LiveIdentityCluster.serverNode, "--all", "--format", "json",
            "--stats-interval", "1",
        ], in: scratch)
        try earshot.waitUntil("'info: capturing' line", timeoutSeconds: 20) {
            earshot.standardError.contains("info: capturing")
        }
        for resource in ["pods", "services", "nodes"] {
            try Self.waitForRequests(api, earshot, "watch", resource, count: 1)
        }
        return earshot
    }

    /// Waits until the fake server logged `count` requests of `verb` for `resource`; a watch
    /// request means earshot applied everything before it.
    private static func waitForRequests(
        _ api: FakeKubeAPI,
        _ earshot: ChildProcess,
        _ verb: String,
        _ resource: String,
        count: Int,
        timeoutSeconds: Double = 10
    ) throws {
        let what = "\(verb) \(resource) request \(count)"
        try earshot.waitUntil(what, timeoutSeconds: timeoutSeconds) {
            api.requests(verb, resource).count >= count
        }
    }

    /// Waits until earshot reported `count` lines.
    private static func waitForLines(_ count: Int, _ earshot: ChildProcess) throws {
        try earshot.waitUntil("\(count) report lines", timeoutSeconds: 10) {
            earshot.standardOutputLines.count >= count
        }
    }

    /// Fetches `urls` in order with one curl bound to `source`, and checks every answer.
    private static func curl(
        from source: String,
        _ urls: [String],
        in scratch: ScratchDirectory
    ) throws {
        let curl = try Self.startCurl(from: source, urls, in: scratch)
        defer { curl.stop() }
        try Self.finish(curl, count: urls.count)
    }

    /// Starts one curl fetching `urls` in order from the source address `source`.
    private static func startCurl(
        from source: String,
        _ urls: [String],
        in scratch: ScratchDirectory
    ) throws -> ChildProcess {
        // --noproxy: a proxy from the environment must never carry this traffic off the host.
        var arguments = ["--silent", "--show-error", "--noproxy", "*", "--max-time", "20",
                         "--interface", source, "--write-out", "%{http_code}\\n"]
        for url in urls {
            arguments += ["--output", "/dev/null", url]
        }
        return try ChildProcess(command: "curl", arguments: arguments, directory: scratch)
    }

    /// Waits for `curl` and checks it got `count` answers of 200.
    private static func finish(_ curl: ChildProcess, count: Int) throws {
        let status = try curl.waitForExit(timeoutSeconds: 30)
        let codes = curl.standardOutputLines
        guard status == 0, codes == Array(repeating: "200", count: count) else {
            throw ChildProcess.Failure(description: "curl exited \(status) with codes \(codes): "
                                       + curl.standardError)
        }
    }

    /// Whether a TCP connection from `source` to `destination`:`port` is established, as
    /// /proc/net/tcp lists it (addresses as little-endian hex, state 01).
    private static func isConnected(from source: String, to destination: String, port: Int)
        -> Bool
    {
        func hex(_ address: String) -> String {
            address.split(separator: ".").reversed()
                .map { String(format: "%02X", Int($0) ?? 0) }.joined()
        }
        let local = hex(source) + ":"
        let remote = hex(destination) + ":" + String(format: "%04X", port)
        // Read to the end: /proc files claim a size of 0.
        let handle = FileHandle(forReadingAtPath: "/proc/net/tcp")
        defer { try? handle?.close() }
        let table = String(decoding: (try? handle?.readToEnd()) ?? Data(), as: UTF8.self)
        return table.split(separator: "\n").contains { row in
            let fields = row.split(separator: " ")
            return fields.count > 3 && fields[1].hasPrefix(local) && fields[2] == remote
                && fields[3] == "01"
        }
    }

    /// Now, in seconds since 1970.
    private static func wallClock() -> Double {
        Date().timeIntervalSince1970
    }

    /// A report time (`2024-05-01T10:00:00.123456Z`) in seconds since 1970.
    private static func seconds(_ text: String?) -> Double? {
        guard let text, text.hasSuffix("Z") else { return nil }
        let body = text.dropLast()
        let parts = body.split(separator: ".", maxSplits: 1)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let whole = formatter.date(from: parts[0] + "Z") else { return nil }
        var seconds = whole.timeIntervalSince1970
        if parts.count == 2 {
            guard let fraction = Double("0." + parts[1]) else { return nil }
            seconds += fraction
        }
        return seconds
    }
}
