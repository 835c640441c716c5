import TestSupport
import Testing

@testable import Kube

@Suite struct InClusterConfigTests {
    private static let environment = [
        "KUBERNETES_SERVICE_HOST": "10.96.0.1",
        "KUBERNETES_SERVICE_PORT": "443",
        "HOME": "/root",
    ]

    /// A service account directory holding `token`, `ca.crt` and `namespace`.
    private func serviceAccount(namespace: String? = "observability") throws
        -> ScratchDirectory
    {
        let scratch = try ScratchDirectory()
        try scratch.write("token", "eyJhbGciOiJSUzI1NiJ9.payload.signature")
        try scratch.write("ca.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")
        if let namespace {
            try scratch.write("namespace", namespace)
        }
        return scratch
    }

    /// The error `load` throws, or `nil`.
    private func loadError(
        _ environment: [String: String],
        _ directory: String
    ) -> KubeConfigError? {
        do {
            _ = try InClusterConfig.load(
                environment: environment,
                serviceAccountDirectory: directory
            )
            return nil
        } catch {
            return error
        }
    }

    @Test("Outside a pod there is no in-cluster configuration")
    func notInCluster() throws {
        let scratch = try self.serviceAccount()
        let cases: [[String: String]] = [
            [:],
            ["KUBERNETES_SERVICE_HOST": "10.96.0.1"],
            ["KUBERNETES_SERVICE_PORT": "443"],
            ["KUBERNETES_SERVICE_HOST": "", "KUBERNETES_SERVICE_PORT": "443"],
        ]
        for environment in cases {
            #expect(!InClusterConfig.isInCluster(environment: environment))
            let config = try InClusterConfig.load(
                environment: environment,
                serviceAccountDirectory: scratch.path
            )
            #expect(config == nil)
        }
    }

    @Test("In a pod the service account gives server, token file, CA and namespace")
    func inCluster() throws {
        let scratch = try self.serviceAccount()
        let config = try InClusterConfig.load(
            environment: Self.environment,
            serviceAccountDirectory: scratch.path
        )
        #expect(
            config
                == APIServerConfig(
                    server: "https://10.96.0.1:443",
                    certificateAuthority: .file(path: scratch.path + "/ca.crt"),
                    bearerToken: .file(path: scratch.path + "/token"),
                    defaultNamespace: "observability",
                    origin: "in-cluster service account"
                )
        )
    }

    @Test("An IPv6 service host is put in brackets")
    func ipv6Host() throws {
        let scratch = try self.serviceAccount()
        for host in ["fd00:10:96::1", "[fd00:10:96::1]"] {
            let environment = ["KUBERNETES_SERVICE_HOST": host, "KUBERNETES_SERVICE_PORT": "443"]
            let config = try InClusterConfig.load(
                environment: environment,
                serviceAccountDirectory: scratch.path
            )
            #expect(config?.server == "https://[fd00:10:96::1]:443")
        }
    }

    @Test("A missing or blank namespace file leaves the namespace unset")
    func noNamespace() throws {
        for namespace in [nil, "", " \n"] as [String?] {
            let scratch = try self.serviceAccount(namespace: namespace)
            let config = try InClusterConfig.load(
                environment: Self.environment,
                serviceAccountDirectory: scratch.path
            )
            #expect(config?.defaultNamespace == nil)
        }
    }

    @Test("A missing token or CA is refused, naming the file")
    func missingFiles() throws {
        for file in ["token", "ca.crt"] {
            let scratch = try ScratchDirectory()
            for other in ["token", "ca.crt"] where other != file {
                try scratch.write(other, "x")
            }
            let error = self.loadError(Self.environment, scratch.path)
            #expect(
                error
                    == .unreadableServiceAccount(
                        file: scratch.path + "/" + file,
                        reason: "no such file or directory"
                    )
            )
            #expect(error?.description.contains("automountServiceAccountToken") == true)
        }
    }

    @Test("A service address that cannot form a URL is refused", arguments: [
        ("10.96.0.1", "https"),
        ("10.96.0.1", "0"),
        ("10.96.0.1", "65536"),
        ("10.96.0.1", "+443"),
        ("10.96.0.1/x", "443"),
        ("host name", "443"),
    ])
    func badAddress(host: String, port: String) throws {
        let scratch = try self.serviceAccount()
        let environment = ["KUBERNETES_SERVICE_HOST": host, "KUBERNETES_SERVICE_PORT": port]
        #expect(
            self.loadError(environment, scratch.path)
                == .invalidServiceAddress(host: host, port: port)
        )
    }
}
