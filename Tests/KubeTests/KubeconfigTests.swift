import TestSupport
import Foundation
import Testing

@testable import Kube

@Suite struct KubeconfigTests {
    private static let caPEM = "-----BEGIN CERTIFICATE-----\nMIIBkind\n-----END CERTIFICATE-----\n"
    private static let certPEM = "-----BEGIN CERTIFICATE-----\nMIIBme\n-----END CERTIFICATE-----\n"
    private static let keyPEM = "-----BEGIN PRIVATE KEY-----\nMIIEkey\n-----END PRIVATE KEY-----\n"

    private static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }

    /// A kubeconfig as `kind create cluster` writes it: everything inline.
    private static let kindStyle = """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: \(base64(caPEM))
            server: https://127.0.0.1:41235
          name: kind-kind
        contexts:
        - context:
            cluster: kind-kind
            user: kind-kind
          name: kind-kind
        current-context: kind-kind
        kind: Config
        preferences: {}
        users:
        - name: kind-kind
          user:
            client-certificate-data: \(base64(certPEM))
            client-key-data: \(base64(keyPEM))
        """

    /// The error `body` throws, or `nil`.
    private func error(_ body: () throws(KubeConfigError) -> Void) -> KubeConfigError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Real-shaped files

    @Test("A kind kubeconfig gives its server, inline CA and client certificate")
    func kindStyle() throws {
        let config = try Kubeconfig(yaml: Self.kindStyle, path: "/home/dev/.kube/config")
        let server = try config.apiServerConfig(context: nil)
        #expect(
            server
                == APIServerConfig(
                    server: "https://127.0.0.1:41235",
                    certificateAuthority: .data(Array(Self.caPEM.utf8)),
                    clientCertificate: .data(Array(Self.certPEM.utf8)),
                    clientKey: .data(Array(Self.keyPEM.utf8)),
                    origin: "kubeconfig /home/dev/.kube/config context kind-kind"
                )
        )
    }

    @Test("A minikube kubeconfig with absolute paths and extensions gives its files")
    func minikubeStyle() throws {
        let scratch = try ScratchDirectory()
        let ca = try scratch.write("minikube/ca.crt", Self.caPEM)
        let cert = try scratch.write("minikube/profiles/minikube/client.crt", Self.certPEM)
        let key = try scratch.write("minikube/profiles/minikube/client.key", Self.keyPEM)
        let text = """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority: \(ca)
                extensions:
                - extension:
                    last-update: Mon, 01 Jan 2024 10:00:00 UTC
                    provider: minikube.sigs.k8s.io
                    version: v1.32.0
                  name: cluster_info
                server: https://192.0.2.49:8443
              name: minikube
            contexts:
            - context:
                cluster: minikube
                extensions:
                - extension:
                    provider: minikube.sigs.k8s.io
                  name: context_info
                namespace: default
                user: minikube
              name: minikube
            current-context: minikube
            kind: Config
            preferences: {}
            users:
            - name: minikube
              user:
                client-certificate: \(cert)
                client-key: \(key)
            """
        let path = try scratch.write("kube/config", text)
        let server = try Kubeconfig.load(path: path).apiServerConfig(context: nil)
        #expect(server.server == "https://192.0.2.49:8443")
        #expect(server.certificateAuthority == .file(path: ca))
        #expect(server.clientCertificate == .file(path: cert))
        #expect(server.clientKey == .file(path: key))
        #expect(server.defaultNamespace == "default")
        #expect(server.bearerToken == nil)
        #expect(server.origin == "kubeconfig \(path) context minikube")
    }

    @Test("Relative file paths resolve against the kubeconfig's directory")
    func relativePaths() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("conf/pki/ca.crt", Self.caPEM)
        try scratch.write("conf/pki/token", "secret-token\n")
        let text = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:6443/", certificate-authority: pki/ca.crt}
            users:
            - name: u
              user: {tokenFile: ./pki/token}
            contexts:
            - name: ctx
              context: {cluster: c, user: u, namespace: shop}
            current-context: ctx
            """
        let path = try scratch.write("conf/kubeconfig.yaml", text)
        let server = try Kubeconfig.load(path: path).apiServerConfig(context: nil)
        #expect(server.server == "https://127.0.0.1:6443")
        #expect(server.certificateAuthority == .file(path: scratch.path + "/conf/pki/ca.crt"))
        #expect(server.bearerToken == .file(path: scratch.path + "/conf/./pki/token"))
        #expect(server.defaultNamespace == "shop")
    }

    @Test("A literal token wins over a token file, as kubectl does")
    func literalToken() throws {
        let text = """
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]
            users: [{name: u, user: {token: abc.def, tokenFile: /nonexistent}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """
        let server = try Kubeconfig(yaml: text, path: "/k").apiServerConfig(context: nil)
        #expect(server.bearerToken == .literal("abc.def"))
        #expect(server.clientCertificate == nil)
    }

    @Test("Inline data wins over a file path for the CA and client certificate")
    func dataWinsOverFile() throws {
        let text = """
            clusters:
            - name: c
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority: /nonexistent/ca.crt
                certificate-authority-data: \(Self.base64(Self.caPEM))
            users:
            - name: u
              user:
                client-certificate: /nonexistent/cert
                client-certificate-data: \(Self.base64(Self.certPEM))
                client-key-data: \(Self.base64(Self.keyPEM))
            contexts: [{name: x, context: {cluster: c, user: u}}]
            """
        let server = try Kubeconfig(yaml: text, path: "/k").apiServerConfig(context: "x")
        #expect(server.certificateAuthority == .data(Array(Self.caPEM.utf8)))
        #expect(server.clientCertificate == .data(Array(Self.certPEM.utf8)))
    }

    @Test("Base64 wrapped over several lines in a block scalar decodes")
    func wrappedBase64() throws {
        let encoded = Self.base64(Self.caPEM)
        let middle = encoded.index(encoded.startIndex, offsetBy: 20)
        let text = """
            clusters:
            - name: c
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority-data: |
                  \(encoded[..<middle])
                  \(encoded[middle...])
            contexts: [{name: x, context: {cluster: c}}]
            current-context: x
            """
        let server = try Kubeconfig(yaml: text, path: "/k").apiServerConfig(context: nil)
        #expect(server.certificateAuthority == .data(Array(Self.caPEM.utf8)))
    }

    @Test("Several contexts: the current one by default, another by name")
    func multipleContexts() throws {
        let text = """
            apiVersion: v1
            kind: Config
            clusters:
            - {name: dev, cluster: {server: "https://127.0.0.1:6443"}}
            - name: prod
              cluster: {server: "https://127.0.0.2:6443", insecure-skip-tls-verify: true}
            users:
            - {name: dev-admin, user: {token: dev-token}}
            - {name: prod-reader, user: {token: prod-token}}
            contexts:
            - {name: dev, context: {cluster: dev, user: dev-admin}}
            - {name: prod, context: {cluster: prod, user: prod-reader, namespace: payments}}
            current-context: dev
            """
        let config = try Kubeconfig(yaml: text, path: "/k")
        #expect(config.contexts.map(\.name) == ["dev", "prod"])

        let dev = try config.apiServerConfig(context: nil)
        #expect(dev.server == "https://127.0.0.1:6443")
        #expect(dev.bearerToken == .literal("dev-token"))
        #expect(!dev.skipsTLSVerification)
        #expect(try config.apiServerConfig(context: "") == dev)

        let prod = try config.apiServerConfig(context: "prod")
        #expect(prod.server == "https://127.0.0.2:6443")
        #expect(prod.bearerToken == .literal("prod-token"))
        #expect(prod.skipsTLSVerification)
        #expect(prod.defaultNamespace == "payments")
        #expect(prod.origin == "kubeconfig /k context prod")
    }

    @Test("Anchors, aliases and merge keys share settings between entries")
    func anchors() throws {
        let text = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: blue
              cluster: &cluster
                server: https://127.0.0.1:6443
                certificate-authority-data: \(Self.base64(Self.caPEM))
            - name: green
              cluster:
                <<: *cluster
                server: https://127.0.0.3:6443
            users:
            - name: ops
              user: {token: &token shared-token}
            contexts:
            - name: blue
              context: &context {cluster: blue, user: ops, namespace: web}
            - name: green
              context: {<<: *context, cluster: green}
            current-context: green
            """
        let green = try Kubeconfig(yaml: text, path: "/k").apiServerConfig(context: nil)
        #expect(green.server == "https://127.0.0.3:6443")
        #expect(green.certificateAuthority == .data(Array(Self.caPEM.utf8)))
        #expect(green.bearerToken == .literal("shared-token"))
        #expect(green.defaultNamespace == "web")
    }

    @Test("A context without a user connects anonymously")
    func anonymous() throws {
        let text = """
            clusters: [{name: local, cluster: {server: "http://127.0.0.1:8001"}}]
            contexts: [{name: proxy, context: {cluster: local}}]
            current-context: proxy
            """
        let server = try Kubeconfig(yaml: text, path: "/k").apiServerConfig(context: nil)
        #expect(server.server == "http://127.0.0.1:8001")
        #expect(server.bearerToken == nil && server.clientCertificate == nil)
    }

    @Test("An exec user elsewhere in the file does not stop a token context")
    func unrelatedExecUser() throws {
        let text = """
            clusters:
            - {name: cloud, cluster: {server: "https://127.0.0.4"}}
            - {name: local, cluster: {server: "https://127.0.0.1:6443"}}
            users:
            - name: cloud-user
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: gke-gcloud-auth-plugin
            - {name: local-user, user: {token: t}}
            contexts:
            - {name: cloud, context: {cluster: cloud, user: cloud-user}}
            - {name: local, context: {cluster: local, user: local-user}}
            current-context: cloud
            """
        let config = try Kubeconfig(yaml: text, path: "/k")
        #expect(try config.apiServerConfig(context: "local").bearerToken == .literal("t"))
        #expect(config.users.first?.unsupportedMethod == "exec")
    }

    @Test("tls-server-name and proxy-url are not read; the server and CA still are")
    func ignoredClusterFields() throws {
        let text = """
            clusters:
            - name: c
              cluster:
                server: https://127.0.0.1:6443
                tls-server-name: kubernetes.default
                proxy-url: http://127.0.0.1:3128
            contexts: [{name: x, context: {cluster: c}}]
            """
        let server = try Kubeconfig(yaml: text, path: "/k").apiServerConfig(context: "x")
        #expect(server == APIServerConfig(server: "https://127.0.0.1:6443", origin: server.origin))
    }

    @Test("An empty file parses as a kubeconfig with nothing in it")
    func emptyFile() throws {
        let config = try Kubeconfig(yaml: "", path: "/k")
        #expect(config.clusters.isEmpty && config.users.isEmpty && config.contexts.isEmpty)
        #expect(config.currentContext == nil)
    }

    // MARK: - Errors

    @Test("Bad YAML names the file, line and column")
    func badYAML() throws {
        let text = "apiVersion: v1\nclusters:\n- name: a\n  cluster: {server: x\nusers: []\n"
        let error = try #require(self.error { () throws(KubeConfigError) in
            _ = try Kubeconfig(yaml: text, path: "/etc/kc")
        })
        guard case .invalidYAML("/etc/kc", let line, let column, _) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(line == 5)
        #expect(column == 6)
        #expect(error.description.hasPrefix("kubeconfig '/etc/kc' is not valid YAML at line 5"))
    }

    @Test("A missing context is named with those available")
    func missingContext() throws {
        let config = try Kubeconfig(yaml: Self.kindStyle, path: "/k")
        let error = self.error { () throws(KubeConfigError) in
            _ = try config.apiServerConfig(context: "staging")
        }
        #expect(error == .missingContext(path: "/k", context: "staging", available: ["kind-kind"]))
        #expect(
            error?.description
                == "kubeconfig '/k' has no context 'staging'; pass --context with one of "
                + "'kind-kind'"
        )
    }

    @Test("A current-context that is not defined is reported as missing")
    func danglingCurrentContext() throws {
        let text = "contexts: [{name: a, context: {cluster: c}}]\ncurrent-context: gone\n"
        let error = self.error { () throws(KubeConfigError) in
            _ = try Kubeconfig(yaml: text, path: "/k").apiServerConfig(context: nil)
        }
        #expect(error == .missingContext(path: "/k", context: "gone", available: ["a"]))
    }

    @Test("No current-context and no --context lists the contexts to choose from")
    func noCurrentContext() throws {
        let text = "contexts: [{name: a, context: {}}, {name: b, context: {}}]\n"
        let error = self.error { () throws(KubeConfigError) in
            _ = try Kubeconfig(yaml: text, path: "/k").apiServerConfig(context: nil)
        }
        #expect(error == .noCurrentContext(path: "/k", available: ["a", "b"]))
        #expect(error?.description.contains("'a', 'b'") == true)

        let empty = self.error { () throws(KubeConfigError) in
            _ = try Kubeconfig(yaml: "", path: "/k").apiServerConfig(context: nil)
        }
        #expect(empty?.description.contains("defines no contexts") == true)
    }

    @Test("An exec user is refused, naming the user and the alternatives")
    func execUser() throws {
        let text = """
            clusters: [{name: c, cluster: {server: "https://127.0.0.1"}}]
            users:
            - name: eks-admin
              user:
                exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws}
            contexts: [{name: x, context: {cluster: c, user: eks-admin}}]
            current-context: x
            """
        let error = self.error { () throws(KubeConfigError) in
            _ = try Kubeconfig(yaml: text, path: "/k").apiServerConfig(context: nil)
        }
        #expect(error == .unsupportedAuthentication(path: "/k", user: "eks-admin", method: "exec"))
        let message = try #require(error?.description)
        #expect(message.contains("user 'eks-admin'"))
        #expect(message.contains("token"))
        #expect(message.contains("--pods-file"))
    }

    @Test("An auth-provider user is refused, naming the provider")
    func authProviderUser() throws {
        let text = """
            clusters: [{name: c, cluster: {server: "https://127.0.0.1"}}]
            users:
            - name: old-gke
              user:
                auth-provider:
                  name: gcp
                  config: {access-token: ya29.x, cmd-path: gcloud}
            contexts: [{name: x, context: {cluster: c, user: old-gke}}]
            """
        let error = self.error { () throws(KubeConfigError) in
            _ = try Kubeconfig(yaml: text, path: "/k").apiServerConfig(context: "x")
        }
        #expect(
            error
                == .unsupportedAuthentication(
                    path: "/k",
                    user: "old-gke",
                    method: "auth-provider 'gcp'"
                )
        )
    }

    @Test("A username and password alone is refused; beside a token it is ignored")
    func basicAuthentication() throws {
        let text = """
            clusters: [{name: c, cluster: {server: "https://127.0.0.1"}}]
            users:
            - {name: basic, user: {username: admin, password: hunter2}}
            - {name: both, user: {username: admin, password: hunter2, token: t}}
            contexts:
            - {name: basic, context: {cluster: c, user: basic}}
            - {name: both, context: {cluster: c, user: both}}
            """
        let config = try Kubeconfig(yaml: text, path: "/k")
        let error = self.error { () throws(KubeConfigError) in
            _ = try config.apiServerConfig(context: "basic")
        }
        #expect(
            error
                == .unsupportedAuthentication(
                    path: "/k",
                    user: "basic",
                    method: "username and password"
                )
        )
        #expect(try config.apiServerConfig(context: "both").bearerToken == .literal("t"))
    }

    @Test("A context naming an undefined cluster or user is refused with those defined")
    func missingClusterOrUser() throws {
        let text = """
            clusters: [{name: real, cluster: {server: "https://127.0.0.1"}}]
            users: [{name: me, user: {token: t}}]
            contexts:
            - {name: no-cluster, context: {cluster: typo, user: me}}
            - {name: no-user, context: {cluster: real, user: you}}
            - {name: blank, context: {user: me}}
            """
        let config = try Kubeconfig(yaml: text, path: "/k")
        let cluster = self.error { () throws(KubeConfigError) in
            _ = try config.apiServerConfig(context: "no-cluster")
        }
        #expect(
            cluster
                == .missingCluster(
                    path: "/k",
                    context: "no-cluster",
                    cluster: "typo",
                    available: ["real"]
                )
        )
        #expect(cluster?.description.contains("(clusters: 'real')") == true)

        let user = self.error { () throws(KubeConfigError) in
            _ = try config.apiServerConfig(context: "no-user")
        }
        #expect(
            user == .missingUser(path: "/k", context: "no-user", user: "you", available: ["me"])
        )

        let blank = self.error { () throws(KubeConfigError) in
            _ = try config.apiServerConfig(context: "blank")
        }
        #expect(blank?.description.contains("names no cluster") == true)
    }

    @Test("Data that is not base64 is refused, naming the entry and field")
    func badBase64() throws {
        let cluster = """
            clusters:
            - name: kind-kind
              cluster: {server: "https://127.0.0.1", certificate-authority-data: "not*base64!"}
            """
        let clusterError = self.error { () throws(KubeConfigError) in
            _ = try Kubeconfig(yaml: cluster, path: "/k")
        }
        #expect(
            clusterError
                == .invalidBase64(
                    path: "/k",
                    entry: "cluster 'kind-kind'",
                    field: "certificate-authority-data"
                )
        )

        let user = "users: [{name: u, user: {client-key-data: QUJD=x}}]\n"
        let userError = self.error { () throws(KubeConfigError) in
            _ = try Kubeconfig(yaml: user, path: "/k")
        }
        #expect(
            userError == .invalidBase64(path: "/k", entry: "user 'u'", field: "client-key-data")
        )
    }

    @Test("A cluster without a usable server is refused")
    func badServer() throws {
        let text = """
            clusters:
            - {name: none, cluster: {certificate-authority-data: \(Self.base64(Self.caPEM))}}
            - {name: bare, cluster: {server: "127.0.0.1:6443"}}
            - {name: scheme-only, cluster: {server: "https://"}}
            contexts:
            - {name: none, context: {cluster: none}}
            - {name: bare, context: {cluster: bare}}
            - {name: scheme-only, context: {cluster: scheme-only}}
            """
        let config = try Kubeconfig(yaml: text, path: "/k")
        #expect(self.error { () throws(KubeConfigError) in
            _ = try config.apiServerConfig(context: "none")
        } == .missingServer(path: "/k", cluster: "none"))
        #expect(self.error { () throws(KubeConfigError) in
            _ = try config.apiServerConfig(context: "bare")
        } == .invalidServer(path: "/k", cluster: "bare", server: "127.0.0.1:6443"))
        #expect(self.error { () throws(KubeConfigError) in
            _ = try config.apiServerConfig(context: "scheme-only")
        } == .invalidServer(path: "/k", cluster: "scheme-only", server: "https://"))
    }

    @Test("A client certificate without its key is refused")
    func incompleteCertificate() throws {
        let text = """
            clusters: [{name: c, cluster: {server: "https://127.0.0.1"}}]
            users: [{name: u, user: {client-certificate-data: \(Self.base64(Self.certPEM))}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            """
        let error = self.error { () throws(KubeConfigError) in
            _ = try Kubeconfig(yaml: text, path: "/k").apiServerConfig(context: "x")
        }
        #expect(error == .incompleteClientCertificate(path: "/k", user: "u", missing: "client-key"))
        #expect(error?.description.contains("has a client-certificate but no client-key") == true)
    }

    @Test("A credential file that cannot be read is named with the reason")
    func unreadableCredential() throws {
        let scratch = try ScratchDirectory()
        let text = """
            clusters:
            - {name: c, cluster: {server: "https://127.0.0.1", certificate-authority: ca.crt}}
            contexts: [{name: x, context: {cluster: c}}]
            """
        let path = try scratch.write("config", text)
        let error = self.error { () throws(KubeConfigError) in
            _ = try Kubeconfig.load(path: path).apiServerConfig(context: "x")
        }
        #expect(
            error
                == .unreadableCredential(
                    path: path,
                    entry: "cluster 'c'",
                    field: "certificate-authority",
                    file: scratch.path + "/ca.crt",
                    reason: "no such file or directory"
                )
        )
    }

    @Test("A YAML file of another kind is not taken for a kubeconfig")
    func notAKubeconfig() throws {
        let cases: [(String, String)] = [
            ("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n", "kind Pod"),
            ("apiVersion: v2\nkind: Config\n", "apiVersion v2"),
            ("- a\n- b\n", "a list"),
            ("just text\n", "a string"),
        ]
        for (text, found) in cases {
            let error = self.error { () throws(KubeConfigError) in
                _ = try Kubeconfig(yaml: text, path: "/k")
            }
            #expect(error == .notAKubeconfig(path: "/k", found: found))
        }
    }

    @Test("A field of the wrong shape is named by its path")
    func wrongShape() throws {
        let cases: [(String, KubeConfigError)] = [
            (
                "clusters: {name: a}\n",
                .invalidField(path: "/k", field: "clusters", expected: "a list", found: "a mapping")
            ),
            (
                "clusters: [{name: a, cluster: {server: [x]}}]\n",
                .invalidField(
                    path: "/k",
                    field: "clusters[0].cluster.server",
                    expected: "a string",
                    found: "a list"
                )
            ),
            (
                "users: [{user: {token: t}}]\n",
                .invalidField(
                    path: "/k",
                    field: "users[0].name",
                    expected: "a name",
                    found: "nothing"
                )
            ),
            (
                "contexts: [x]\n",
                .invalidField(
                    path: "/k",
                    field: "contexts[0]",
                    expected: "a mapping with name and context",
                    found: "a string"
                )
            ),
            (
                "clusters: [{name: a, cluster: {insecure-skip-tls-verify: maybe}}]\n",
                .invalidField(
                    path: "/k",
                    field: "clusters[0].cluster.insecure-skip-tls-verify",
                    expected: "true or false",
                    found: "'maybe'"
                )
            ),
        ]
        for (text, expected) in cases {
            let error = self.error { () throws(KubeConfigError) in
                _ = try Kubeconfig(yaml: text, path: "/k")
            }
            #expect(error == expected)
        }
    }

    @Test("Two entries with one name are refused")
    func duplicateName() throws {
        let text = "users: [{name: a, user: {}}, {name: b, user: {}}, {name: a, user: {}}]\n"
        let error = self.error { () throws(KubeConfigError) in
            _ = try Kubeconfig(yaml: text, path: "/k")
        }
        #expect(error == .duplicateName(path: "/k", list: "user", name: "a"))
    }

    @Test("A missing, oversized or directory kubeconfig file is refused with the reason")
    func unreadableFile() throws {
        let scratch = try ScratchDirectory()
        #expect(self.error { () throws(KubeConfigError) in
            _ = try Kubeconfig.load(path: scratch.path + "/absent")
        } == .unreadableKubeconfig(
            path: scratch.path + "/absent",
            reason: "no such file or directory"
        ))
        #expect(self.error { () throws(KubeConfigError) in
            _ = try Kubeconfig.load(path: scratch.path)
        } == .unreadableKubeconfig(path: scratch.path, reason: "is a directory"))

        let big = try scratch.write(
            "big",
            bytes: [UInt8](repeating: UInt8(ascii: "#"), count: 4 * 1024 * 1024 + 1)
        )
        #expect(self.error { () throws(KubeConfigError) in
            _ = try Kubeconfig.load(path: big)
        } == .fileTooLarge(path: big, bytes: 4 * 1024 * 1024 + 1, limit: 4 * 1024 * 1024))
    }
}
