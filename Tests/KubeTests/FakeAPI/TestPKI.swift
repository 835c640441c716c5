import Foundation

/// Certificates for the fake API server, made once per test run with the `openssl` CLI: a CA,
/// a server certificate for 127.0.0.1 signed by it, a client certificate signed by it, and a
/// second, unrelated CA.
struct TestPKI: Sendable {
    /// The directory holding every file.
    let directory: String
    /// The CA that signed the server and client certificates.
    var caPath: String { self.directory + "/ca.crt" }
    /// A CA that signed nothing here.
    var otherCAPath: String { self.directory + "/other-ca.crt" }
    /// The server's certificate (subjectAltName IP:127.0.0.1).
    var serverCertificatePath: String { self.directory + "/server.crt" }
    /// The server's key.
    var serverKeyPath: String { self.directory + "/server.key" }
    /// A client certificate.
    var clientCertificatePath: String { self.directory + "/client.crt" }
    /// The client certificate's key.
    var clientKeyPath: String { self.directory + "/client.key" }

    /// The certificates, made on first use.
    static let shared: Result<TestPKI, TestSetupError> = Result { () throws(TestSetupError) in
        try TestPKI.make()
    }

    /// Makes every file in a new temporary directory.
    private static func make() throws(TestSetupError) -> TestPKI {
        let directory = try TemporaryFolder.make(prefix: "kubeclient-pki")
        let pki = TestPKI(directory: directory)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for name in ["ca", "other-ca"] {
            try run(["req", "-x509"] + ec + [
                "-keyout", "\(directory)/\(name).key", "-out", "\(directory)/\(name).crt",
                "-days", "2", "-subj", "/CN=earshot-test-\(name)",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        }
        let extensions = [
            "server": "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
            "client": "extendedKeyUsage=clientAuth\n",
        ]
        for (name, text) in extensions {
            let extensionsPath = "\(directory)/\(name).ext"
            try write(text, to: extensionsPath)
            try run(["req"] + ec + [
                "-keyout", "\(directory)/\(name).key", "-out", "\(directory)/\(name).csr",
                "-subj", name == "server" ? "/CN=127.0.0.1" : "/CN=earshot/O=earshot-readers",
            ])
            try run([
                "x509", "-req", "-in", "\(directory)/\(name).csr",
                "-CA", pki.caPath, "-CAkey", "\(directory)/ca.key", "-CAcreateserial",
                "-out", "\(directory)/\(name).crt", "-days", "2", "-extfile", extensionsPath,
            ])
        }
        return pki
    }

    /// Runs `openssl` with `arguments`, quietly.
    private static func run(_ arguments: [String]) throws(TestSetupError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw TestSetupError(message: "cannot run openssl: \(error)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSetupError(message: "openssl \(arguments.prefix(2)) failed")
        }
    }
}

/// Writes `text` to `path`, replacing it atomically.
func write(_ text: String, to path: String) throws(TestSetupError) {
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw TestSetupError(message: "cannot write \(path): \(error)")
    }
}

/// Why a test could not set up its fixtures.
struct TestSetupError: Error, CustomStringConvertible {
    let message: String
    var description: String { self.message }
}

/// Temporary directories for tests.
enum TemporaryFolder {
    /// A new empty directory under the system's temporary directory.
    static func make(prefix: String) throws(TestSetupError) -> String {
        var template = Array("\(NSTemporaryDirectory())/\(prefix).XXXXXX".utf8CString)
        guard let path = template.withUnsafeMutableBufferPointer({ buffer -> String? in
            guard let base = buffer.baseAddress else {
                return nil
            }
            return mkdtemp(base).map { String(cString: $0) }
        }) else {
            throw TestSetupError(message: "cannot make a temporary directory")
        }
        return path
    }
}
