import TestSupport
import Testing

@testable import Kube

@Suite struct KubeconfigLocateTests {
    @Test("An explicit --kubeconfig wins, even when it does not exist")
    func explicitFirst() throws {
        let scratch = try ScratchDirectory()
        let fromEnvironment = try scratch.write("env-config", "")
        try scratch.write("home/.kube/config", "")
        let environment = ["KUBECONFIG": fromEnvironment, "HOME": scratch.path + "/home"]
        #expect(
            Kubeconfig.locate(explicitPath: "/nonexistent/config", environment: environment)
                == "/nonexistent/config"
        )
    }

    @Test("An empty --kubeconfig counts as not given")
    func emptyExplicit() throws {
        let scratch = try ScratchDirectory()
        let fromEnvironment = try scratch.write("env-config", "")
        let environment = ["KUBECONFIG": fromEnvironment]
        #expect(Kubeconfig.locate(explicitPath: "", environment: environment) == fromEnvironment)
    }

    @Test("$KUBECONFIG gives the first path in its list that exists")
    func kubeconfigList() throws {
        let scratch = try ScratchDirectory()
        let second = try scratch.write("second", "")
        let third = try scratch.write("third", "")
        try scratch.makeDirectory("a-directory")
        let list = [
            scratch.path + "/missing", "", scratch.path + "/a-directory", second, third,
        ].joined(separator: ":")
        let environment = ["KUBECONFIG": list, "HOME": scratch.path]
        #expect(Kubeconfig.locate(explicitPath: nil, environment: environment) == second)
    }

    @Test("$KUBECONFIG naming no existing file does not fall back to the home directory")
    func kubeconfigNoneExist() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("home/.kube/config", "")
        let environment = [
            "KUBECONFIG": "/nonexistent/a:/nonexistent/b",
            "HOME": scratch.path + "/home",
        ]
        #expect(Kubeconfig.locate(explicitPath: nil, environment: environment) == nil)
    }

    @Test("Without --kubeconfig or $KUBECONFIG, ~/.kube/config is used when it exists")
    func homeDirectory() throws {
        let scratch = try ScratchDirectory()
        let home = scratch.path + "/home"
        let config = try scratch.write("home/.kube/config", "")
        #expect(Kubeconfig.locate(explicitPath: nil, environment: ["HOME": home]) == config)
        #expect(
            Kubeconfig.locate(explicitPath: nil, environment: ["HOME": home, "KUBECONFIG": ""])
                == config
        )
        #expect(Kubeconfig.locate(explicitPath: nil, environment: ["HOME": home + "/"]) == config)
    }

    @Test("With nothing to find the result is nil")
    func nothing() throws {
        let scratch = try ScratchDirectory()
        #expect(Kubeconfig.locate(explicitPath: nil, environment: [:]) == nil)
        #expect(Kubeconfig.locate(explicitPath: nil, environment: ["HOME": scratch.path]) == nil)
    }
}
