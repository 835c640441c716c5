import Capture
import Foundation
@testable import Kube
import Testing

/// The list-and-watch cycle against the fake API server over real TLS on loopback.
@Suite struct ResourceWatcherTests {
    /// Watcher timing short enough for tests.
    static let options = ResourceWatcher.Options(
        watchTimeoutSeconds: 5,
        initialBackoffSeconds: 0.05,
        maxBackoffSeconds: 0.2,
        minimumWatchSeconds: 0.05,
        joinTimeoutSeconds: 3
    )

    /// A watcher of pods on `url`, feeding `store`, with no jitter on the watch timeout.
    static func watcher(
        url: String,
        store: RecordingStore,
        log: RecordingLog = RecordingLog(),
        certificateAuthority: String? = nil,
        options: ResourceWatcher.Options = Self.options
    ) throws -> ResourceWatcher {
        let pki = try TestPKI.shared.get()
        let config = APIServerConfig(
            server: url,
            certificateAuthority: .file(path: certificateAuthority ?? pki.caPath),
            bearerToken: .literal("test-token"),
            origin: "test"
        )
        let client = APIClient(
            config: config,
            options: APIClient.Options(connectTimeoutSeconds: 1, listTimeoutSeconds: 3)
        )
        return ResourceWatcher(
            kind: .pods,
            client: client,
            store: store,
            options: options,
            log: log.logger,
            now: { Timestamp(seconds: 1_700_000_000, nanoseconds: 0) },
            random: { 0 }
        )
    }

    /// A pod fixture with a name and resourceVersion.
    static func pod(_ name: String, _ version: String) -> [String: Any] {
        FakeAPI.pod(name, ip: "10.244.0.\(name.utf8.count)", resourceVersion: version)
    }

    @Test("The initial list and the watch's events reach the store in order")
    func initialSyncAndEvents() throws {
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "list pods": [FakeAPI.list([Self.pod("a", "5"), Self.pod("b", "6")],
                                       resourceVersion: "10")],
            "watch pods": [FakeAPI.watch([
                FakeAPI.event("ADDED", Self.pod("c", "11")),
                FakeAPI.event("MODIFIED", Self.pod("a", "12"), delay: 0.05),
                FakeAPI.event("DELETED", Self.pod("b", "13")),
            ])],
        ]))
        defer { server.stop() }
        let store = RecordingStore()
        let watcher = try Self.watcher(url: server.url, store: store)

        watcher.start()
        let arrived = waitUntil { store.changes.count >= 4 }
        watcher.stop()

        #expect(arrived)
        #expect(store.calls.prefix(5) == [
            .replace(.pods, names: ["a", "b"]),
            .state(.pods, .synced),
            .apply(.pods, .added, name: "c"),
            .apply(.pods, .modified, name: "a"),
            .apply(.pods, .deleted, name: "b"),
        ])
        #expect(server.requests("watch").first?.query["resourceVersion"] == "10")
        #expect(server.requests("list").count == 1)
    }

    @Test("A bookmark moves the version the next watch starts from, and nothing else")
    func bookmarkMovesVersion() throws {
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "list pods": [FakeAPI.list([Self.pod("a", "5")], resourceVersion: "10")],
            "watch pods": [
                FakeAPI.watch([FakeAPI.bookmark("50")], end: "close"),
                FakeAPI.watch([]),
            ],
        ]))
        defer { server.stop() }
        let store = RecordingStore()
        let watcher = try Self.watcher(url: server.url, store: store)

        watcher.start()
        let rewatched = waitUntil { server.requests("watch").count >= 2 }
        watcher.stop()

        #expect(rewatched)
        #expect(server.requests("watch").map { $0.query["resourceVersion"] } == ["10", "50"])
        #expect(store.changes == [.replace(.pods, names: ["a"])])
    }

    @Test("Gone (an ERROR event or HTTP 410) lists again and watches from the new list",
          arguments: [true, false])
    func goneListsAgain(asEvent: Bool) throws {
        let gone = asEvent
            ? FakeAPI.watch([FakeAPI.errorEvent(code: 410)])
            : FakeAPI.status(410, reason: "Expired", message: "too old resource version")
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "list pods": [
                FakeAPI.list([Self.pod("a", "5")], resourceVersion: "10"),
                FakeAPI.list([Self.pod("b", "60")], resourceVersion: "90"),
            ],
            "watch pods": [gone, FakeAPI.watch([FakeAPI.event("ADDED", Self.pod("c", "91"))])],
        ]))
        defer { server.stop() }
        let store = RecordingStore()
        let log = RecordingLog()
        let watcher = try Self.watcher(url: server.url, store: store, log: log)

        watcher.start()
        let relisted = waitUntil { store.changes.count >= 3 }
        watcher.stop()

        #expect(relisted)
        #expect(store.changes == [
            .replace(.pods, names: ["a"]),
            .replace(.pods, names: ["b"]),
            .apply(.pods, .added, name: "c"),
        ])
        #expect(server.requests().map { "\($0.verb ?? "") \($0.query["resourceVersion"] ?? "")" }
            .prefix(4) == ["list ", "watch 10", "list ", "watch 90"])
        #expect(!store.calls.contains { if case .state(_, .stale) = $0 { true } else { false } })
        #expect(log.messages(.warning).isEmpty)
    }

    @Test("A stream the server closes, cleanly or not, is watched again from the last version")
    func closedStreamWatchesAgain() throws {
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "list pods": [FakeAPI.list([], resourceVersion: "10")],
            "watch pods": [
                FakeAPI.watch([FakeAPI.event("ADDED", Self.pod("a", "11"))], end: "close"),
                FakeAPI.watch([FakeAPI.event("ADDED", Self.pod("b", "12"))], end: "abort"),
                FakeAPI.watch([FakeAPI.event("ADDED", Self.pod("c", "13"))]),
            ],
        ]))
        defer { server.stop() }
        let store = RecordingStore()
        let log = RecordingLog()
        let watcher = try Self.watcher(url: server.url, store: store, log: log)

        watcher.start()
        let watched = waitUntil { store.changes.count >= 4 }
        watcher.stop()

        #expect(watched)
        #expect(server.requests("list").count == 1)
        #expect(server.requests("watch").map { $0.query["resourceVersion"] } == ["10", "11", "12"])
        #expect(store.changes.dropFirst() == [
            .apply(.pods, .added, name: "a"),
            .apply(.pods, .added, name: "b"),
            .apply(.pods, .added, name: "c"),
        ])
        #expect(log.messages(.warning).isEmpty)
    }

    @Test("An unreachable server backs off and marks the store stale, then recovers once up")
    func unreachableThenRecovers() throws {
        let port = try FakeAPIServer.freePort()
        let store = RecordingStore()
        let log = RecordingLog()
        let watcher = try Self.watcher(url: "https://127.0.0.1:\(port)", store: store, log: log)

        watcher.start()
        defer { watcher.stop() }
        let wentStale = waitUntil {
            if case .stale = store.lastState { true } else { false }
        }
        usleep(400_000)
        let server = try FakeAPIServer(
            scenario: FakeAPI.scenario(routes: [
                "list pods": [FakeAPI.list([Self.pod("a", "5")], resourceVersion: "10")],
                "watch pods": [FakeAPI.watch([])],
            ]),
            port: port
        )
        defer { server.stop() }
        let recovered = waitUntil { store.lastState == .synced }

        #expect(wentStale)
        #expect(recovered)
        #expect(store.changes == [.replace(.pods, names: ["a"])])
        guard case .stale(let since, let reason) = store.calls.first.flatMap({ call in
            if case .state(_, let state) = call { state } else { nil }
        }) else {
            Issue.record("expected the first state to be stale")
            return
        }
        #expect(since == Timestamp(seconds: 1_700_000_000, nanoseconds: 0))
        #expect(reason.contains("127.0.0.1:\(port)"))
        #expect(log.messages(.warning).count == 1)
        #expect(log.messages(.info).count == 1)
        #expect(log.messages(.info).first?.contains("recovered") == true)
        #expect(log.messages(.debug).contains { $0.contains("still failing") })
    }

    @Test("A server certificate from another CA marks the store stale with a TLS reason")
    func wrongCertificateAuthorityIsStale() throws {
        let pki = try TestPKI.shared.get()
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "list pods": [FakeAPI.list([], resourceVersion: "1")],
        ]))
        defer { server.stop() }
        let store = RecordingStore()
        let log = RecordingLog()
        let watcher = try Self.watcher(
            url: server.url,
            store: store,
            log: log,
            certificateAuthority: pki.otherCAPath
        )

        watcher.start()
        let wentStale = waitUntil {
            if case .stale = store.lastState { true } else { false }
        }
        watcher.stop()

        #expect(wentStale)
        if case .stale(_, let reason) = store.lastState {
            #expect(reason.hasPrefix("TLS with"))
        }
        #expect(store.changes.isEmpty)
        #expect(log.messages(.warning).first?.contains("TLS") == true)
    }

    @Test("stop() returns within a second, mid-stream or mid-back-off", arguments: [true, false])
    func stopIsPrompt(midStream: Bool) throws {
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "list pods": [FakeAPI.list([], resourceVersion: "10")],
            "watch pods": [FakeAPI.watch([FakeAPI.event("ADDED", Self.pod("a", "11"))])],
        ]))
        defer { server.stop() }
        let url = midStream ? server.url : "https://127.0.0.1:\(try FakeAPIServer.freePort())"
        var options = Self.options
        options.initialBackoffSeconds = 30
        options.maxBackoffSeconds = 30
        let store = RecordingStore()
        let watcher = try Self.watcher(url: url, store: store, options: options)

        watcher.start()
        let busy = waitUntil {
            midStream ? store.changes.count >= 2 : store.lastState != nil
        }
        let started = ContinuousClock.now
        watcher.stop()
        let elapsed = ContinuousClock.now - started

        #expect(busy)
        #expect(elapsed < .seconds(1))
    }
}

extension ResourceWatcherTests {
    @Test("A watch line that is not an event marks the store stale and lists again")
    func badLineListsAgain() throws {
        let server = try FakeAPIServer(scenario: FakeAPI.scenario(routes: [
            "list pods": [
                FakeAPI.list([Self.pod("a", "5")], resourceVersion: "10"),
                FakeAPI.list([Self.pod("b", "6")], resourceVersion: "20"),
            ],
            "watch pods": [FakeAPI.watch([["raw": "<html>proxy error</html>"]]), FakeAPI.watch([])],
        ]))
        defer { server.stop() }
        let store = RecordingStore()
        let log = RecordingLog()
        let watcher = try Self.watcher(url: server.url, store: store, log: log)

        watcher.start()
        let relisted = waitUntil { server.requests("watch").count >= 2 }
        watcher.stop()

        #expect(relisted)
        #expect(store.changes == [.replace(.pods, names: ["a"]), .replace(.pods, names: ["b"])])
        #expect(store.calls.contains { if case .state(_, .stale) = $0 { true } else { false } })
        #expect(store.lastState == .synced)
        #expect(server.requests("watch").map { $0.query["resourceVersion"] } == ["10", "20"])
        #expect(log.messages(.warning).count == 1)
        #expect(log.messages(.info).count == 1)
    }
}
