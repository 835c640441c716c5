import Foundation
import Synchronization

/// The fake Kubernetes API server (`scripts/fake-kube-api.py`) run for one test: real TLS on
/// 127.0.0.1 with the test CA, answering as the test's scenario says, recording requests.
final class FakeAPIServer: Sendable {
    /// The test's own directory: scenario, request log, token file.
    let directory: String
    /// The port it listens on.
    let port: Int
    /// The running interpreter.
    private let process: Mutex<Process?>
    /// Whether the server made `directory` (and so removes it when it stops).
    private let ownsDirectory: Bool

    /// The base URL for `APIServerConfig.server`.
    var url: String { "https://127.0.0.1:\(self.port)" }
    /// The scenario file the server reads at every request.
    var scenarioPath: String { self.directory + "/scenario.json" }
    /// A token file a test may point the client and the scenario at.
    var tokenPath: String { self.directory + "/token" }

    /// Starts a server answering as `scenario` says.
    ///
    /// - Parameters:
    ///   - scenario: The scenario (see the script's documentation).
    ///   - port: The port to listen on; 0 picks a free one.
    ///   - directory: Where to keep its files; a new temporary directory when `nil`.
    ///   - requiresClientCertificate: Whether clients must present a certificate from the CA.
    init(
        scenario: [String: Any],
        port: Int = 0,
        directory: String? = nil,
        requiresClientCertificate: Bool = false
    ) throws {
        let pki = try TestPKI.shared.get()
        self.ownsDirectory = directory == nil
        let directory = try directory ?? TemporaryFolder.make(prefix: "kubeclient-api")
        self.directory = directory
        try Self.write(scenario, to: directory + "/scenario.json")
        let portFile = directory + "/port"
        try? FileManager.default.removeItem(atPath: portFile)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = [
            "python3", Self.scriptPath,
            "--cert", pki.serverCertificatePath, "--key", pki.serverKeyPath,
            "--scenario", directory + "/scenario.json",
            "--requests", directory + "/requests.jsonl",
            "--port-file", portFile, "--port", String(port),
        ]
        if requiresClientCertificate {
            arguments += ["--client-ca", pki.caPath]
        }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        self.process = Mutex(process)
        self.port = try Self.waitForPort(portFile, process: process)
    }

    deinit {
        self.stop()
    }

    /// The script's path, found from this file's place in the checkout.
    static var scriptPath: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("scripts/fake-kube-api.py").path
    }

    /// Replaces the scenario; the next request reads it.
    func update(_ scenario: [String: Any]) throws {
        try Self.write(scenario, to: self.scenarioPath)
    }

    /// Every request so far, in arrival order.
    func requests() -> [RecordedRequest] {
        let path = self.directory + "/requests.jsonl"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return []
        }
        return text.split(separator: "\n").compactMap { line in
            RecordedRequest(json: Data(line.utf8))
        }
    }

    /// The requests of one verb (`list` or `watch`) for `resource`.
    func requests(_ verb: String, _ resource: String = "pods") -> [RecordedRequest] {
        self.requests().filter { $0.verb == verb && $0.resource == resource }
    }

    /// Stops the server and waits for it.
    func stop() {
        self.process.withLock { process in
            guard let running = process else {
                return
            }
            // SIGKILL: the runner's threads block SIGTERM, and spawned children inherit that.
            if running.isRunning {
                kill(running.processIdentifier, SIGKILL)
            }
            running.waitUntilExit()
            process = nil
            if self.ownsDirectory {
                try? FileManager.default.removeItem(atPath: self.directory)
            }
        }
    }

    /// Waits up to ten seconds for the server to write its port.
    private static func waitForPort(_ path: String, process: Process) throws -> Int {
        for _ in 0..<1000 {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
               let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return port
            }
            guard process.isRunning else {
                throw TestSetupError(message: "fake API server exited at start")
            }
            usleep(10_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        throw TestSetupError(message: "fake API server did not start in time")
    }

    /// Writes `object` as JSON to `path` atomically.
    private static func write(_ object: [String: Any], to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

/// One request the fake server received.
struct RecordedRequest: Sendable, Equatable {
    var verb: String?
    var resource: String?
    var namespace: String?
    var path: String
    var query: [String: String]
    var token: String?
    var accept: String?
    var userAgent: String?
    var httpVersion: String?

    /// Reads one line of the request log.
    init?(json: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            return nil
        }
        self.verb = object["verb"] as? String
        self.resource = object["resource"] as? String
        self.namespace = object["namespace"] as? String
        self.path = object["path"] as? String ?? ""
        self.query = object["query"] as? [String: String] ?? [:]
        self.token = object["token"] as? String
        self.accept = object["accept"] as? String
        self.userAgent = object["user_agent"] as? String
        self.httpVersion = object["http_version"] as? String
    }
}

extension FakeAPIServer {
    /// A port on 127.0.0.1 that nothing listens on now (bound, read, and closed again).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else {
            throw TestSetupError(message: "cannot open a socket")
        }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else {
            throw TestSetupError(message: "cannot bind a socket on 127.0.0.1")
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
