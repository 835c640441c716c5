#if canImport(Glibc)
import TestSupport
import Glibc
#endif
import Foundation

/// The fake Kubernetes API server (`scripts/fake-kube-api.py`) run for one end-to-end test:
/// real TLS on 127.0.0.1 with a CA made for the test by the `openssl` CLI, answering as the
/// test's scenario says and logging every request it gets.
///
/// Everything lives in a `kube` folder of the test's scratch directory: certificates, the
/// scenario (read again at every request, so the test may rewrite it as it goes), the request
/// log, cue files that hold watch streams (`{"wait_for": path}`) and the kubeconfig for
/// earshot. The server is killed when the value is released.
final class FakeKubeAPI {
    /// The folder holding the server's files.
    let directory: String
    /// The port the server listens on, on 127.0.0.1.
    let port: Int
    private let process: ChildProcess

    /// The CA that signed the server's certificate.
    var caPath: String { self.directory + "/ca.crt" }
    /// The scenario file the server reads at every request.
    var scenarioPath: String { self.directory + "/scenario.json" }
    /// The server's log of requests, one JSON object a line.
    var requestLogPath: String { self.directory + "/requests.jsonl" }
    /// The server's base URL.
    var url: String { "https://127.0.0.1:\(self.port)" }

    /// Makes the certificates, writes `scenario`, starts the server and waits until it listens.
    ///
    /// - Throws: `ChildProcess.Failure` when openssl or python3 fails, or the server does not
    ///   say its port within ten seconds.
    init(in scratch: ScratchDirectory, scenario: [String: Any]) throws {
        let directory = scratch.file("kube")
        try FileManager.default.createDirectory(
            atPath: directory,
            withIntermediateDirectories: true
        )
        self.directory = directory
        try Self.makeCertificates(in: directory, scratch: scratch)
        try Self.write(scenario, to: directory + "/scenario.json")

        let portFile = directory + "/port"
        let process = try ChildProcess(command: "python3", arguments: [
            Replay.repositoryRoot.appendingPathComponent("scripts/fake-kube-api.py").path,
            "--cert", directory + "/server.crt", "--key", directory + "/server.key",
            "--scenario", directory + "/scenario.json",
            "--requests", directory + "/requests.jsonl",
            "--port-file", portFile,
        ], directory: scratch)
        try process.waitUntil("port file", timeoutSeconds: 10) {
            Self.port(in: portFile) != nil
        }
        // Safe: waitUntil returned only because the port file held a number.
        self.port = Self.port(in: portFile)!
        self.process = process
    }

    deinit {
        self.stop()
    }

    // MARK: - Control

    /// Replaces the scenario; the server's next request reads it.
    func update(_ scenario: [String: Any]) throws {
        try Self.write(scenario, to: self.scenarioPath)
    }

    /// The path of the cue file `name`, for a `wait_for` event.
    func cuePath(_ name: String) -> String {
        self.directory + "/cue-" + name
    }

    /// The path of the cue file `name` of the server that runs, or will run, in `scratch`.
    static func cuePath(_ name: String, in scratch: ScratchDirectory) -> String {
        scratch.file("kube") + "/cue-" + name
    }

    /// Creates the cue file `name`, releasing the watch streams that wait for it.
    func cue(_ name: String) throws {
        guard FileManager.default.createFile(atPath: self.cuePath(name), contents: Data()) else {
            throw ChildProcess.Failure(description: "cannot create \(self.cuePath(name))")
        }
    }

    /// Writes a kubeconfig naming this server, its CA file and a bearer token; returns its
    /// path.
    func writeKubeconfig(token: String) throws -> String {
        let path = self.directory + "/kubeconfig"
        let text = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: \(self.url)
                certificate-authority: \(self.caPath)
            users:
            - name: reader
              user:
                token: \(token)
            contexts:
            - name: fake
              context:
                cluster: fake
                user: reader
            current-context: fake

            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Kills the server. Safe to call more than once.
    func stop() {
        self.process.stop()
    }

    // MARK: - Request log

    /// Every request the server logged so far, in arrival order.
    func requests() -> [[String: Any]] {
        let data = FileManager.default.contents(atPath: self.requestLogPath) ?? Data()
        return ChildProcess.completeLines(of: String(decoding: data, as: UTF8.self))
            .compactMap { line in
                try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            }
    }

    /// The logged requests of one verb (`list` or `watch`) for `resource`.
    func requests(_ verb: String, _ resource: String) -> [[String: Any]] {
        self.requests().filter {
            $0["verb"] as? String == verb && $0["resource"] as? String == resource
        }
    }

    // MARK: - Helpers

    /// A CA and a server certificate for IP 127.0.0.1 signed by it (EC P-256, two days).
    private static func makeCertificates(
        in directory: String,
        scratch: ScratchDirectory
    ) throws {
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        let extensions = directory + "/server.ext"
        try "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
            .write(toFile: extensions, atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            ["req", "-x509"] + key + [
                "-keyout", directory + "/ca.key", "-out", directory + "/ca.crt", "-days", "2",
                "-subj", "/CN=earshot-e2e-ca",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ],
            ["req"] + key + [
                "-keyout", directory + "/server.key", "-out", directory + "/server.csr",
                "-subj", "/CN=127.0.0.1",
            ],
            [
                "x509", "-req", "-in", directory + "/server.csr",
                "-CA", directory + "/ca.crt", "-CAkey", directory + "/ca.key",
                "-CAcreateserial", "-out", directory + "/server.crt", "-days", "2",
                "-extfile", extensions,
            ],
        ]
        for arguments in steps {
            let openssl = try ChildProcess(command: "openssl", arguments: arguments,
                                           directory: scratch)
            defer { openssl.stop() }
            let status = try openssl.waitForExit(timeoutSeconds: 30)
            guard status == 0 else {
                throw ChildProcess.Failure(description: "openssl \(arguments.prefix(2)) exited "
                                           + "\(status): \(openssl.standardError)")
            }
        }
    }

    /// The number in the port file, once the server wrote it.
    private static func port(in path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Writes `object` as JSON to `path`, replacing it at once.
    private static func write(_ object: [String: Any], to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
