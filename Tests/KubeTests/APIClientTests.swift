import Foundation
@testable import Kube
import Synchronization
import Testing

/// The API client against the fake API server over real TLS on loopback.
@Suite struct APIClientTests {
    /// A client of `server` trusting the test CA, with the test token and short timeouts.
    static func client(
        _ server: FakeAPIServer,
        token: TokenSource? = .literal("test-token"),
        certificateAuthority: Credential? = nil,
        skipsTLSVerification: Bool = false,
        pageSize: Int = 500
    ) throws -> APIClient {
        let pki = try TestPKI.shared.get()
        let config = APIServerConfig(
            server: server.url,
            certificateAuthority: certificateAuthority ?? .file(path: pki.caPath),
            bearerToken: token,
            skipsTLSVerification: skipsTLSVerification,
            origin: "test"
        )
        let options = APIClient.Options(
            connectTimeoutSeconds: 2,
            listTimeoutSeconds: 5,
            watchGraceSeconds: 2,
            listPageSize: pageSize
        )
        return APIClient(config: config, options: options)
    }

    @Test("A list returns each item's bytes and the list's resourceVersion")
    func listsItems() throws {
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "list pods": [FakeAPI.list([
                FakeAPI.pod("web-1", ip: "10.244.1.5", resourceVersion: "7"),
                FakeAPI.pod("web-2", ip: "10.244.1.6", resourceVersion: "8"),
            ], resourceVersion: "10")],
        ]))
        defer { server.stop() }

        let list = try Self.client(server).list(.pods, namespace: nil)

        #expect(list.resourceVersion == "10")
        #expect(list.items.map { FakeAPI.name(of: $0) } == ["web-1", "web-2"])
        let item = try JSONSerialization.jsonObject(with: Data(list.items[0])) as? [String: Any]
        #expect((item?["status"] as? [String: Any])?["podIP"] as? String == "10.244.1.5")
        let request = try #require(server.requests().first)
        #expect(request.path == "/api/v1/pods")
        #expect(request.query == ["limit": "500"])
        #expect(request.token == "test-token")
        #expect(request.accept == "application/json")
        #expect(request.userAgent == "earshot")
        #expect(request.httpVersion == "HTTP/1.1")
    }

    @Test("A namespaced list asks the namespace's path; nodes ignore the namespace")
    func namespacedPaths() throws {
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "list services": [FakeAPI.list([], resourceVersion: "3")],
            "list nodes": [FakeAPI.list([], resourceVersion: "4")],
        ]))
        defer { server.stop() }
        let client = try Self.client(server)

        let services = try client.list(.services, namespace: "shop")
        let nodes = try client.list(.nodes, namespace: "shop")

        #expect(services.items.isEmpty && services.resourceVersion == "3")
        #expect(nodes.resourceVersion == "4")
        #expect(server.requests().map(\.path) == [
            "/api/v1/namespaces/shop/services", "/api/v1/nodes",
        ])
    }

    @Test("A paged list follows continue tokens and keeps the last page's version")
    func followsContinueTokens() throws {
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "list pods": [
                FakeAPI.list(
                    [FakeAPI.pod("a", ip: "10.0.0.1", resourceVersion: "1")],
                    resourceVersion: "20",
                    continueToken: "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ=="
                ),
                FakeAPI.list([FakeAPI.pod("b", ip: "10.0.0.2", resourceVersion: "2")],
                             resourceVersion: "20"),
            ],
        ]))
        defer { server.stop() }

        let list = try Self.client(server, pageSize: 1).list(.pods, namespace: nil)

        #expect(list.items.map { FakeAPI.name(of: $0) } == ["a", "b"])
        #expect(list.resourceVersion == "20")
        let queries = server.requests().map(\.query)
        #expect(queries == [
            ["limit": "1"],
            ["limit": "1", "continue": "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ=="],
        ])
    }

    @Test("A watch hands over each event as its line arrives, in order")
    func watchStreamsEvents() throws {
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "watch pods": [FakeAPI.watch([
                FakeAPI.event("ADDED", FakeAPI.pod("a", ip: "10.0.0.1", resourceVersion: "11")),
                FakeAPI.event(
                    "MODIFIED",
                    FakeAPI.pod("a", ip: "10.0.0.1", resourceVersion: "12"),
                    delay: 0.4
                ),
                FakeAPI.bookmark("13"),
                FakeAPI.event("DELETED", FakeAPI.pod("a", ip: "10.0.0.1", resourceVersion: "14")),
            ], end: "close")],
        ]))
        defer { server.stop() }
        var events: [WatchEvent] = []
        var arrivals: [ContinuousClock.Instant] = []

        try Self.client(server).watch(
            .pods,
            namespace: nil,
            resourceVersion: "10",
            timeoutSeconds: 5
        ) { event in
            events.append(event)
            arrivals.append(.now)
        }

        #expect(events.map(\.type) == [.added, .modified, .bookmark, .deleted])
        #expect(events.map(\.resourceVersion) == ["11", "12", "13", "14"])
        #expect(FakeAPI.name(of: events[0].object) == "a")
        #expect(arrivals[1] - arrivals[0] > .milliseconds(300))
        let request = try #require(server.requests().first)
        #expect(request.query == [
            "allowWatchBookmarks": "true", "resourceVersion": "10", "timeoutSeconds": "5",
            "watch": "1",
        ])
    }

    @Test("An ERROR event with 410 ends the watch as gone")
    func errorEventIsGone() throws {
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "watch pods": [FakeAPI.watch([
                FakeAPI.event("ADDED", FakeAPI.pod("a", ip: "10.0.0.1", resourceVersion: "11")),
                FakeAPI.errorEvent(code: 410, message: "too old resource version: 10 (90)"),
                FakeAPI.event("ADDED", FakeAPI.pod("b", ip: "10.0.0.2", resourceVersion: "91")),
            ])],
        ]))
        defer { server.stop() }
        var names: [String?] = []

        let error = #expect(throws: APIClientError.self) {
            try Self.client(server).watch(
                .pods, namespace: nil, resourceVersion: "10", timeoutSeconds: 5
            ) { event in
                names.append(FakeAPI.name(of: event.object))
            }
        }

        #expect(error?.isGone == true)
        #expect(error == .watchError(
            code: 410,
            reason: "Expired",
            message: "too old resource version: 10 (90)",
            path: "/api/v1/pods"
        ))
        #expect(names == ["a"])
    }

    @Test(
        "HTTP errors carry the status and the API's Status message",
        arguments: [401, 403, 404, 410, 500, 503]
    )
    func httpErrors(status: Int) throws {
        let response = status == 401
            ? FakeAPI.list([], resourceVersion: "1")
            : FakeAPI.status(status, reason: "Because", message: "status \(status) here")
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "list pods": [response],
        ]))
        defer { server.stop() }
        let token: TokenSource = .literal(status == 401 ? "wrong-token" : "test-token")

        let error = #expect(throws: APIClientError.self) {
            try Self.client(server, token: token).list(.pods, namespace: nil)
        }

        let expected = status == 401
            ? APIClientError.http(
                status: 401, reason: "Unauthorized", message: "Unauthorized", path: "/api/v1/pods"
            )
            : APIClientError.http(
                status: status, reason: "Because", message: "status \(status) here",
                path: "/api/v1/pods"
            )
        #expect(error == expected)
        #expect(error?.isGone == (status == 410))
        #expect(error?.description.contains("test-token") == false)
    }

    @Test("A rotated token file is sent from the next request on")
    func tokenRotation() throws {
        let directory = try TemporaryFolder.make(prefix: "kubeclient-token")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tokenPath = directory + "/token"
        try write("first-token\n", to: tokenPath)
        let server = try FakeAPIServer(
            scenario: FakeAPI.scenario(tokenFile: tokenPath, routes: [
                "list pods": [FakeAPI.list([], resourceVersion: "1")],
            ]),
            directory: directory
        )
        defer { server.stop() }
        let client = try Self.client(server, token: .file(path: tokenPath))

        _ = try client.list(.pods, namespace: nil)
        try write("second-token\n", to: tokenPath)
        _ = try client.list(.pods, namespace: nil)
        _ = try client.list(.pods, namespace: nil)

        #expect(server.requests().map(\.token) == ["first-token", "second-token", "second-token"])
    }

    @Test("A token file that cannot be read is a credential error naming the file")
    func missingTokenFile() throws {
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [:]))
        defer { server.stop() }
        let client = try Self.client(server, token: .file(path: server.directory + "/absent"))

        let error = #expect(throws: APIClientError.self) {
            try client.list(.pods, namespace: nil)
        }

        guard case .credential(let message) = error else {
            Issue.record("expected a credential error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("/absent"))
        #expect(server.requests().isEmpty)
    }

    @Test("A server certificate from another CA fails as a TLS error")
    func wrongCertificateAuthority() throws {
        let pki = try TestPKI.shared.get()
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "list pods": [FakeAPI.list([], resourceVersion: "1")],
        ]))
        defer { server.stop() }
        let client = try Self.client(server, certificateAuthority: .file(path: pki.otherCAPath))

        let error = #expect(throws: APIClientError.self) {
            try client.list(.pods, namespace: nil)
        }

        guard case .tls(let message, let host) = error else {
            Issue.record("expected a TLS error, got \(String(describing: error))")
            return
        }
        #expect(host == server.url)
        #expect(message.contains("certificate"))
        #expect(server.requests().isEmpty)
    }

    @Test("Inline CA bytes verify the server like a CA file")
    func inlineCertificateAuthority() throws {
        let pki = try TestPKI.shared.get()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: pki.caPath)))
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "list pods": [FakeAPI.list([], resourceVersion: "5")],
        ]))
        defer { server.stop() }

        let list = try Self.client(server, certificateAuthority: .data(bytes))
            .list(.pods, namespace: nil)

        #expect(list.resourceVersion == "5")
    }

    @Test("Verification is skipped only when the configuration says so")
    func skipsVerificationOnlyWhenSet() throws {
        let pki = try TestPKI.shared.get()
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "list pods": [FakeAPI.list([], resourceVersion: "6")],
        ]))
        defer { server.stop() }
        let other = Credential.file(path: pki.otherCAPath)

        let refused = #expect(throws: APIClientError.self) {
            try Self.client(server, certificateAuthority: other).list(.pods, namespace: nil)
        }
        let list = try Self.client(server, certificateAuthority: other, skipsTLSVerification: true)
            .list(.pods, namespace: nil)

        if case .tls = refused {} else {
            Issue.record("expected a TLS error, got \(String(describing: refused))")
        }
        #expect(list.resourceVersion == "6")
    }

    @Test(
        "A client certificate and key authenticate, from files or inline",
        arguments: [false, true]
    )
    func clientCertificate(inline: Bool) throws {
        let pki = try TestPKI.shared.get()
        let server = try FakeAPIServer(
            scenario: FakeAPI.scenario(token: nil, routes: [
                "list pods": [FakeAPI.list([], resourceVersion: "9")],
            ]),
            requiresClientCertificate: true
        )
        defer { server.stop() }
        func credential(_ path: String) throws -> Credential {
            inline
                ? .data([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
                : .file(path: path)
        }
        let config = APIServerConfig(
            server: server.url,
            certificateAuthority: .file(path: pki.caPath),
            clientCertificate: try credential(pki.clientCertificatePath),
            clientKey: try credential(pki.clientKeyPath),
            origin: "test"
        )
        let anonymous = APIServerConfig(
            server: server.url,
            certificateAuthority: .file(path: pki.caPath),
            origin: "test"
        )

        let list = try APIClient(config: config).list(.pods, namespace: nil)
        let error = #expect(throws: APIClientError.self) {
            try APIClient(config: anonymous).list(.pods, namespace: nil)
        }

        #expect(list.resourceVersion == "9")
        #expect(server.requests().count == 1)
        #expect(error != nil)
    }

    @Test("A closed port is a transport error")
    func closedPort() throws {
        let port = try FakeAPIServer.freePort()
        let pki = try TestPKI.shared.get()
        let config = APIServerConfig(
            server: "https://127.0.0.1:\(port)",
            certificateAuthority: .file(path: pki.caPath),
            bearerToken: .literal("test-token"),
            origin: "test"
        )

        let error = #expect(throws: APIClientError.self) {
            try APIClient(config: config).list(.pods, namespace: nil)
        }

        guard case .transport(_, let host) = error else {
            Issue.record("expected a transport error, got \(String(describing: error))")
            return
        }
        #expect(host == "https://127.0.0.1:\(port)")
    }

    @Test("cancel() stops a watch waiting between events within a second")
    func cancelStopsIdleWatch() throws {
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "watch pods": [FakeAPI.watch([
                FakeAPI.event("ADDED", FakeAPI.pod("a", ip: "10.0.0.1", resourceVersion: "11")),
            ])],
        ]))
        defer { server.stop() }
        let client = try Self.client(server)
        let cancellation = CancellationFlag()
        let started = Mutex<ContinuousClock.Instant?>(nil)

        let error = #expect(throws: APIClientError.self) {
            try client.watch(
                .pods, namespace: nil, resourceVersion: "10", timeoutSeconds: 30,
                cancellation: cancellation
            ) { _ in
                started.withLock { $0 = .now }
                DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) {
                    cancellation.cancel()
                }
            }
        }
        let elapsed = try ContinuousClock.now - #require(started.withLock { $0 })

        #expect(error == .cancelled)
        #expect(elapsed < .seconds(1))
    }
}

extension APIClientTests {
    @Test("A watch line over the cap ends the watch as a malformed response")
    func oversizedLine() throws {
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "watch pods": [FakeAPI.watch([
                FakeAPI.event("ADDED", FakeAPI.pod("a", ip: "10.0.0.1", resourceVersion: "11")),
            ])],
        ]))
        defer { server.stop() }
        let pki = try TestPKI.shared.get()
        let config = APIServerConfig(
            server: server.url,
            certificateAuthority: .file(path: pki.caPath),
            bearerToken: .literal("test-token"),
            origin: "test"
        )
        let client = APIClient(config: config, options: APIClient.Options(maxLineBytes: 100))
        var delivered = 0

        let error = #expect(throws: APIClientError.self) {
            try client.watch(.pods, namespace: nil, resourceVersion: "10", timeoutSeconds: 5) { _ in
                delivered += 1
            }
        }

        guard case .malformedResponse(let message, _) = error else {
            Issue.record("expected a malformed response, got \(String(describing: error))")
            return
        }
        #expect(message.contains("over the line cap"))
        #expect(delivered == 0)
    }
}
