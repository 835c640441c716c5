import Capture
import Decode
import Kube
import Testing

@Suite struct IdentityMapTests {
    typealias F = MapFixtures

    /// One pod of each workload kind, listed as the API lists them.
    static func workloadPods() -> [[UInt8]] {
        [
            F.pod(
                name: "web-7d9f8b6c5d-x2x9k",
                uid: "uid-web",
                ip: "10.244.1.5",
                labels: ["app": "web", "pod-template-hash": "7d9f8b6c5d", "version": "1.4"],
                owner: ("ReplicaSet", "web-7d9f8b6c5d"),
                ports: [.init(container: 8080)]
            ),
            F.pod(
                name: "db-0",
                uid: "uid-db",
                ip: "10.244.1.6",
                node: "node-b",
                labels: ["app": "db"],
                owner: ("StatefulSet", "db")
            ),
            F.pod(
                name: "fluentd-4kq8z",
                namespace: "logging",
                uid: "uid-fluentd",
                ip: "10.244.1.7",
                labels: ["app": "fluentd"],
                owner: ("DaemonSet", "fluentd")
            ),
            F.pod(
                name: "backup-28571520-q7w2p",
                uid: "uid-backup",
                ip: "10.244.1.8",
                labels: ["job-name": "backup-28571520"],
                owner: ("Job", "backup-28571520")
            ),
            F.pod(name: "debug", namespace: "default", uid: "uid-debug", ip: "fd00:10:244::9"),
        ].map(F.bytes)
    }

    @Test("Listed pods of every workload kind are named with their workload")
    func workloads() {
        let map = IdentityMap()
        map.replace(.pods, with: Self.workloadPods(), at: F.at(60))

        let expected: [(String, String, String, String)] = [
            ("10.244.1.5", "web-7d9f8b6c5d-x2x9k", "Deployment", "web"),
            ("10.244.1.6", "db-0", "StatefulSet", "db"),
            ("10.244.1.7", "fluentd-4kq8z", "DaemonSet", "fluentd"),
            ("10.244.1.8", "backup-28571520-q7w2p", "CronJob", "backup"),
            ("fd00:10:244::9", "debug", "Pod", "debug"),
        ]
        for (address, pod, kind, name) in expected {
            let identity = map.identity(of: F.address(address), port: 1234, at: F.at(30))
            #expect(identity?.pod == pod)
            #expect(identity?.workload == Workload(kind: kind, name: name))
        }
        #expect(map.statistics.pods == 5)
        #expect(map.statistics.malformedObjects == 0)
    }

    @Test("A pod's identity carries its namespace, uid, node and every label, sorted")
    func fullIdentity() {
        let map = IdentityMap()
        map.replace(.pods, with: Self.workloadPods(), at: F.at(60))

        let identity = map.identity(of: F.address("10.244.1.5"), port: 8080, at: F.at(10))
        let expected = Identity(
            pod: "web-7d9f8b6c5d-x2x9k",
            namespace: "shop",
            uid: "uid-web",
            workload: Workload(kind: "Deployment", name: "web"),
            node: "node-a",
            labels: [
                Label(key: "app", value: "web"),
                Label(key: "pod-template-hash", value: "7d9f8b6c5d"),
                Label(key: "version", value: "1.4"),
            ]
        )
        #expect(identity == expected)
    }

    @Test("An address names nobody before its pod started or when nobody holds it")
    func beforeStart() {
        let map = IdentityMap()
        let pod = F.pod(
            name: "late",
            uid: "uid-late",
            ip: "10.244.2.2",
            created: 100,
            started: 105
        )
        map.apply(.pods, .added, object: F.bytes(pod), at: F.at(106))

        #expect(map.identity(of: F.address("10.244.2.2"), port: 80, at: F.at(104)) == nil)
        #expect(map.identity(of: F.address("10.244.2.2"), port: 80, at: F.at(105))?.pod == "late")
        #expect(map.identity(of: F.address("10.244.2.3"), port: 80, at: F.at(105)) == nil)
    }

    @Test("A pending pod without an address is kept and named once it has one")
    func pendingThenRunning() {
        let map = IdentityMap()
        let pending = F.pod(name: "p", uid: "uid-p", ip: nil, phase: "Pending")
        map.apply(.pods, .added, object: F.bytes(pending), at: F.at(1))
        #expect(map.statistics.addressRecords == 0)

        let running = F.pod(name: "p", uid: "uid-p", ip: "10.244.3.3", started: 2)
        map.apply(.pods, .modified, object: F.bytes(running), at: F.at(3))
        #expect(map.identity(of: F.address("10.244.3.3"), port: 80, at: F.at(2))?.pod == "p")
        #expect(map.statistics.pods == 1)
    }

    @Test("Cluster IPs name their service, headless services name none")
    func services() {
        let map = IdentityMap()
        let objects = [
            F.service(name: "web", uid: "svc-web", clusterIPs: ["10.96.12.34", "fd00:96::1234"]),
            F.service(name: "db", uid: "svc-db", clusterIPs: ["None"]),
            F.service(name: "ext", uid: "svc-ext", clusterIPs: [], type: "ExternalName"),
        ].map(F.bytes)
        map.replace(.services, with: objects, at: F.at(10))

        let expected = Identity(namespace: "shop", service: "web")
        #expect(map.identity(of: F.address("10.96.12.34"), port: 80, at: F.at(5)) == expected)
        #expect(map.identity(of: F.address("fd00:96::1234"), port: 80, at: F.at(5)) == expected)
        #expect(map.statistics.services == 3)
        #expect(map.statistics.badAddresses == 0)

        map.apply(.services, .deleted, object: objects[0], at: F.at(100))
        #expect(map.identity(of: F.address("10.96.12.34"), port: 80, at: F.at(129)) == expected)
        #expect(map.identity(of: F.address("10.96.12.34"), port: 80, at: F.at(130)) == nil)
    }

    @Test("Node addresses, internal and external, name their node")
    func nodes() {
        let map = IdentityMap()
        let node = F.node(
            name: "node-a",
            uid: "node-uid-a",
            internalIP: "192.168.49.2",
            externalIP: "203.0.113.7"
        )
        map.replace(.nodes, with: [F.bytes(node)], at: F.at(10))

        for address in ["192.168.49.2", "203.0.113.7"] {
            let identity = map.identity(of: F.address(address), port: 10250, at: F.at(5))
            #expect(identity == Identity(node: "node-a"))
        }
        #expect(map.identity(of: F.address("192.168.49.3"), port: 10250, at: F.at(5)) == nil)
    }

    @Test("A pod's own address wins over a node's and a service's")
    func podWins() {
        let map = IdentityMap()
        let node = F.node(name: "node-a", uid: "node-uid-a", internalIP: "10.244.9.9")
        let service = F.service(name: "odd", uid: "svc-odd", clusterIPs: ["10.244.9.9"])
        let pod = F.pod(name: "p", uid: "uid-p", ip: "10.244.9.9")
        map.replace(.nodes, with: [F.bytes(node)], at: F.at(10))
        map.replace(.services, with: [F.bytes(service)], at: F.at(10))
        map.replace(.pods, with: [F.bytes(pod)], at: F.at(10))

        #expect(map.identity(of: F.address("10.244.9.9"), port: 80, at: F.at(5))?.pod == "p")
    }

    @Test("A resource never listed stays not synced while the API fails: nothing can be stale")
    func neverSyncedIsNotStale() {
        let map = IdentityMap()
        map.noteSyncState(.pods, .stale(since: F.at(1), reason: "connection refused"))
        #expect(map.freshness == .notSynced)
        map.noteSyncState(.pods, .synced)
        map.noteSyncState(.pods, .stale(since: F.at(2), reason: "connection refused"))
        map.noteSyncState(.services, .synced)
        map.noteSyncState(.nodes, .synced)
        #expect(map.freshness == .stale(since: F.at(2), reason: "connection refused"))
    }

    @Test("Freshness is the worst of the three resources")
    func freshness() {
        let map = IdentityMap()
        #expect(map.freshness == .notSynced)
        map.noteSyncState(.pods, .synced)
        map.noteSyncState(.services, .synced)
        #expect(map.freshness == .notSynced)
        map.noteSyncState(.nodes, .synced)
        #expect(map.freshness == .synced)

        map.noteSyncState(.pods, .stale(since: F.at(5), reason: "connection refused"))
        #expect(map.freshness == .stale(since: F.at(5), reason: "connection refused"))
        map.noteSyncState(.services, .stale(since: F.at(3), reason: "timeout"))
        #expect(map.freshness == .stale(since: F.at(3), reason: "timeout"))
        map.noteSyncState(.nodes, .notSynced)
        #expect(map.freshness == .notSynced)
    }

    @Test(
        "Malformed objects are counted and skipped",
        arguments: [
            "not json at all", "[1, 2]", "{}", "{\"metadata\": {}}",
            "{\"metadata\": {\"name\": \"\"}}",
            "{\"kind\": \"Service\", \"metadata\": {\"name\": \"x\"}}",
            "{\"metadata\": {\"name\": 7}}", "{\"metadata\": {\"name\": \"x\", \"labels\": [1]}}",
            "{\"metadata\": {\"name\": \"x\"}, \"status\": {\"podIP\": 10}}", "",
        ]
    )
    func malformed(text: String) {
        let map = IdentityMap()
        let good = F.bytes(F.pod(name: "good", uid: "uid-good", ip: "10.244.4.4"))
        map.replace(.pods, with: [F.bytes(text), good], at: F.at(10))
        map.apply(.pods, .modified, object: F.bytes(text), at: F.at(11))
        map.apply(.pods, .deleted, object: F.bytes(text), at: F.at(12))

        #expect(map.statistics.malformedObjects == 3)
        #expect(map.identity(of: F.address("10.244.4.4"), port: 80, at: F.at(5))?.pod == "good")
    }

    @Test("Bad addresses and times are counted; the pod is kept, timed from when it was seen")
    func badFields() {
        let map = IdentityMap()
        let pod = """
            {"kind": "Pod", "metadata": {"name": "odd", "namespace": "shop", "uid": "uid-odd",
              "creationTimestamp": "yesterday"},
             "status": {"phase": "Running", "podIP": "10.244.5.5",
               "podIPs": [{"ip": "10.244.5.5"}, {"ip": "10.244.5"}], "startTime": "soon"}}
            """
        map.apply(.pods, .added, object: F.bytes(pod), at: F.at(50))

        #expect(map.statistics.badAddresses == 1)
        #expect(map.statistics.badTimes == 2)
        #expect(map.identity(of: F.address("10.244.5.5"), port: 80, at: F.at(49)) == nil)
        #expect(map.identity(of: F.address("10.244.5.5"), port: 80, at: F.at(50))?.pod == "odd")

        map.apply(.pods, .modified, object: F.bytes(pod), at: F.at(90))
        #expect(map.identity(of: F.address("10.244.5.5"), port: 80, at: F.at(60))?.pod == "odd")
    }

    @Test("Updates and lookups from several tasks at once leave a consistent map")
    func concurrentUse() async {
        let map = IdentityMap()
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for index in 0..<250 {
                        let pod = F.pod(
                            name: "w\(writer)-\(index)",
                            uid: "uid-w\(writer)-\(index)",
                            ip: "10.\(writer).\(index / 256).\(index % 256)"
                        )
                        map.apply(.pods, .added, object: F.bytes(pod), at: F.at(10))
                    }
                }
            }
            group.addTask {
                for index in 0..<1000 {
                    let address = F.address("10.\(index % 4).0.\(index % 250)")
                    _ = map.identity(of: address, port: 80, at: F.at(5))
                    _ = map.freshness
                }
            }
        }

        #expect(map.statistics.pods == 1000)
        let identity = map.identity(of: F.address("10.3.0.249"), port: 80, at: F.at(5))
        #expect(identity?.pod == "w3-249")
    }

    @Test("A service missing from a re-list ends a grace after it")
    func servicesRelist() {
        let map = IdentityMap()
        let web = F.service(name: "web", uid: "svc-web", clusterIPs: ["10.96.12.34"])
        map.replace(.services, with: [F.bytes(web)], at: F.at(10))
        map.replace(.services, with: [], at: F.at(100))

        let address = F.address("10.96.12.34")
        #expect(map.identity(of: address, port: 80, at: F.at(129))?.service == "web")
        #expect(map.identity(of: address, port: 80, at: F.at(130)) == nil)
    }

    @Test("Bookmark and error events change nothing")
    func ignoredEvents() {
        let map = IdentityMap()
        map.apply(.pods, .bookmark, object: F.bytes("{\"kind\": \"Pod\"}"), at: F.at(1))
        map.apply(.pods, .error, object: F.bytes("{\"kind\": \"Status\"}"), at: F.at(1))
        #expect(map.statistics == IdentityMapStatistics())
    }
}
