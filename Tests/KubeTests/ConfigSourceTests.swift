import TestSupport
import Testing

@testable import Kube

@Suite struct ConfigSourceTests {
    /// A scratch directory with a service account and a kubeconfig at `home/.kube/config`.
    private struct Setup {
        let scratch: ScratchDirectory
        let serviceAccount: String
        let homeConfig: String
        let otherConfig: String

        init() throws {
            self.scratch = try ScratchDirectory()
            self.serviceAccount = try self.scratch.makeDirectory("serviceaccount")
            try self.scratch.write("serviceaccount/token", "t")
            try self.scratch.write("serviceaccount/ca.crt", "c")
            self.homeConfig = try self.scratch.write("home/.kube/config", Self.kubeconfig("home"))
            self.otherConfig = try self.scratch.write("other.yaml", Self.kubeconfig("other"))
        }

        var home: String {
            self.scratch.path + "/home"
        }

        /// A kubeconfig whose current context `name` (and context `spare`) reach loopback.
        static func kubeconfig(_ name: String) -> String {
            """
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]
            users: [{name: u, user: {token: \(name)-token}}]
            contexts:
            - {name: \(name), context: {cluster: c, user: u}}
            - {name: spare, context: {cluster: c, user: u, namespace: spare}}
            current-context: \(name)
            """
        }

        func resolve(
            kubeconfig: String? = nil,
            context: String? = nil,
            _ environment: [String: String]
        ) throws(KubeConfigError) -> APIServerConfig? {
            try ConfigSource.resolve(
                kubeconfig: kubeconfig,
                context: context,
                environment: environment,
                serviceAccountDirectory: self.serviceAccount
            )
        }
    }

    private static let pod = [
        "KUBERNETES_SERVICE_HOST": "10.96.0.1",
        "KUBERNETES_SERVICE_PORT": "443",
    ]

    @Test("In a pod the service account wins over a kubeconfig found in the home directory")
    func inClusterFirst() throws {
        let setup = try Setup()
        var environment = Self.pod
        environment["HOME"] = setup.home
        let config = try setup.resolve(environment)
        #expect(config?.origin == "in-cluster service account")
        #expect(config?.bearerToken == .file(path: setup.serviceAccount + "/token"))
    }

    @Test("An explicit --kubeconfig wins over the service account")
    func explicitBeatsInCluster() throws {
        let setup = try Setup()
        let config = try setup.resolve(kubeconfig: setup.otherConfig, Self.pod)
        #expect(config?.bearerToken == .literal("other-token"))
        #expect(config?.origin == "kubeconfig \(setup.otherConfig) context other")
    }

    @Test("A --context in a pod reads the kubeconfig, not the service account")
    func contextBeatsInCluster() throws {
        let setup = try Setup()
        var environment = Self.pod
        environment["HOME"] = setup.home
        let config = try setup.resolve(context: "spare", environment)
        #expect(config?.defaultNamespace == "spare")
        #expect(config?.bearerToken == .literal("home-token"))
    }

    @Test("Outside a pod $KUBECONFIG is read, then the home directory")
    func outsideCluster() throws {
        let setup = try Setup()
        let fromList = try setup.resolve(["KUBECONFIG": setup.otherConfig, "HOME": setup.home])
        #expect(fromList?.bearerToken == .literal("other-token"))
        let fromHome = try setup.resolve(["HOME": setup.home])
        #expect(fromHome?.bearerToken == .literal("home-token"))
    }

    @Test("Only the first existing file of $KUBECONFIG is read; contexts in later ones are not")
    func kubeconfigListFirstOnly() throws {
        let setup = try Setup()
        let list = setup.homeConfig + ":" + setup.otherConfig
        let environment = ["KUBECONFIG": list]
        #expect(try setup.resolve(environment)?.bearerToken == .literal("home-token"))
        #expect(
            throws: KubeConfigError.missingContext(
                path: setup.homeConfig,
                context: "other",
                available: ["home", "spare"]
            )
        ) {
            try setup.resolve(context: "other", environment)
        }
    }

    @Test("With no pod and no kubeconfig there is no configuration")
    func nothing() throws {
        let setup = try Setup()
        #expect(try setup.resolve(["HOME": setup.scratch.path]) == nil)
        #expect(try setup.resolve([:]) == nil)
    }

    @Test("A --context with no kubeconfig to look in is an error")
    func contextWithoutKubeconfig() throws {
        let setup = try Setup()
        #expect(throws: KubeConfigError.contextWithoutKubeconfig(context: "prod")) {
            try setup.resolve(context: "prod", ["HOME": setup.scratch.path])
        }
    }

    @Test("An explicit --kubeconfig that does not exist is an error, not a fallback")
    func explicitMissing() throws {
        let setup = try Setup()
        let missing = setup.scratch.path + "/missing"
        #expect(
            throws: KubeConfigError.unreadableKubeconfig(
                path: missing,
                reason: "no such file or directory"
            )
        ) {
            try setup.resolve(kubeconfig: missing, ["HOME": setup.home])
        }
    }

    @Test("A pod whose service account is not mounted is an error")
    func unmountedServiceAccount() throws {
        let setup = try Setup()
        #expect(throws: KubeConfigError.self) {
            try ConfigSource.resolve(
                kubeconfig: nil,
                context: nil,
                environment: Self.pod,
                serviceAccountDirectory: setup.scratch.path + "/nowhere"
            )
        }
    }
}
