import Testing

@testable import Kube

@Suite struct KubeConfigErrorTests {
    /// One of every error, with the name each message must mention.
    static let cases: [(KubeConfigError, String)] = [
        (.unreadableKubeconfig(path: "/k", reason: "permission denied"), "/k"),
        (.fileTooLarge(path: "/k", bytes: 5_000_000, limit: 4_194_304), "/k"),
        (.fileTooLarge(path: nil, bytes: 5_000_000, limit: 4_194_304), "5000000"),
        (.invalidYAML(path: "/k", line: 3, column: 7, problem: "did not find expected key"), "/k"),
        (.invalidYAML(path: nil, line: 3, column: 7, problem: "duplicate key 'a'"), "line 3"),
        (.notAKubeconfig(path: "/k", found: "kind Pod"), "kind Pod"),
        (
            .invalidField(path: "/k", field: "users[0].name", expected: "a name", found: "nothing"),
            "users[0].name"
        ),
        (.duplicateName(path: "/k", list: "cluster", name: "dev"), "cluster 'dev'"),
        (.noCurrentContext(path: "/k", available: []), "/k"),
        (.noCurrentContext(path: "/k", available: ["a"]), "'a'"),
        (.missingContext(path: "/k", context: "prod", available: []), "'prod'"),
        (.missingContext(path: "/k", context: "prod", available: ["dev"]), "'dev'"),
        (.missingCluster(path: "/k", context: "x", cluster: "", available: []), "context 'x'"),
        (.missingCluster(path: "/k", context: "x", cluster: "c", available: ["d"]), "'c'"),
        (.missingUser(path: "/k", context: "x", user: "u", available: []), "user 'u'"),
        (.missingServer(path: "/k", cluster: "c"), "cluster 'c'"),
        (.invalidServer(path: "/k", cluster: "c", server: "ftp://x"), "ftp://x"),
        (
            .invalidBase64(path: "/k", entry: "user 'u'", field: "client-key-data"),
            "client-key-data"
        ),
        (.unsupportedAuthentication(path: "/k", user: "u", method: "exec"), "user 'u'"),
        (.incompleteClientCertificate(path: "/k", user: "u", missing: "client-key"), "user 'u'"),
        (
            .unreadableCredential(
                path: "/k",
                entry: "user 'u'",
                field: "tokenFile",
                file: "/t",
                reason: "permission denied"
            ),
            "'/t'"
        ),
        (.contextWithoutKubeconfig(context: "prod"), "'prod'"),
        (.invalidServiceAddress(host: "h", port: "p"), "KUBERNETES_SERVICE_PORT='p'"),
        (.unreadableServiceAccount(file: "/sa/token", reason: "permission denied"), "/sa/token"),
    ]

    @Test(
        "Every message is one lower-case line naming its input and saying what to do",
        arguments: Self.cases
    )
    func style(error: KubeConfigError, name: String) {
        let message = error.description
        #expect(message.first?.isUppercase == false)
        #expect(!message.hasSuffix("."))
        #expect(!message.contains("\n"))
        #expect(message.contains(name))
        #expect(message.contains("; "))
    }

    @Test("A long list of names is cut at twenty")
    func longList() {
        let names = (1...25).map { "ctx\($0)" }
        let message = KubeConfigError.missingContext(path: "/k", context: "x", available: names)
            .description
        #expect(message.contains("'ctx20' and 5 more"))
        #expect(!message.contains("'ctx21'"))
    }

    @Test("A parser error gains the file it came from; other errors stay as they are")
    func inFile() {
        let yaml = KubeConfigError.invalidYAML(path: nil, line: 1, column: 2, problem: "p")
        #expect(yaml.inFile("/k") == .invalidYAML(path: "/k", line: 1, column: 2, problem: "p"))
        let other = KubeConfigError.missingServer(path: "/a", cluster: "c")
        #expect(other.inFile("/k") == other)
    }
}
