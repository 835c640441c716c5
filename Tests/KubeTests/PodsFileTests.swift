import Capture
import Decode
import Foundation
import Kube
import Testing

@Suite struct PodsFileTests {
    typealias F = MapFixtures

    /// A file in a fresh directory, removed with it at the end of the test.
    final class ScratchFile {
        let directory: URL
        let path: String

        init(_ contents: String?, name: String = "pods.json") throws {
            self.directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("kubemap-\(UUID().uuidString)")
            try FileManager.default.createDirectory(
                at: self.directory,
                withIntermediateDirectories: true
            )
            let url = self.directory.appendingPathComponent(name)
            self.path = url.path
            if let contents {
                try Data(contents.utf8).write(to: url)
            }
        }

        deinit {
            try? FileManager.default.removeItem(at: self.directory)
        }
    }

    static func cluster() -> String {
        F.list([
            F.pod(
                name: "web-7d9f8b6c5d-x2x9k",
                uid: "uid-web",
                ip: "10.244.1.5",
                labels: ["app": "web", "pod-template-hash": "7d9f8b6c5d"],
                owner: ("ReplicaSet", "web-7d9f8b6c5d"),
                created: 3600,
                started: 3601
            ),
            F.pod(
                name: "backup-28571520-q7w2p",
                uid: "uid-done",
                ip: "10.244.1.6",
                owner: ("Job", "backup-28571520"),
                created: 60,
                phase: "Succeeded"
            ),
            F.pod(
                name: "api-5c6b-abcde",
                uid: "uid-api",
                ip: "10.244.1.6",
                labels: ["pod-template-hash": "5c6b"],
                owner: ("ReplicaSet", "api-5c6b"),
                created: 600
            ),
            F.pod(
                name: "node-exporter-x",
                namespace: "monitoring",
                uid: "uid-ne",
                ip: "192.168.49.2",
                owner: ("DaemonSet", "node-exporter"),
                hostNetwork: true,
                ports: [.init(container: 9100, host: 9100)]
            ),
            F.service(name: "web", uid: "svc-web", clusterIPs: ["10.96.12.34"]),
            F.node(name: "node-a", uid: "node-uid-a", internalIP: "192.168.49.2"),
            "{\"kind\": \"Endpoints\", \"apiVersion\": \"v1\", \"metadata\": {\"name\": \"web\"}}",
            "{\"kind\": \"Pod\", \"apiVersion\": \"v1\", \"spec\": {}}",
            "42",
        ])
    }

    @Test("A kubectl List names pods, services and nodes at any time")
    func loadsList() throws {
        let file = try ScratchFile(Self.cluster())
        let map = try PodsFile.load(path: file.path)

        for time in [Timestamp.zero, F.at(0), F.at(1_000_000)] {
            let web = map.identity(of: F.address("10.244.1.5"), port: 8080, at: time)
            #expect(web?.pod == "web-7d9f8b6c5d-x2x9k")
            #expect(web?.workload == Workload(kind: "Deployment", name: "web"))
            #expect(web?.labels.map(\.key) == ["app", "pod-template-hash"])
            let service = map.identity(of: F.address("10.96.12.34"), port: 80, at: time)
            #expect(service == Identity(namespace: "shop", service: "web"))
            let exporter = map.identity(of: F.address("192.168.49.2"), port: 9100, at: time)
            #expect(exporter?.pod == "node-exporter-x")
            let node = map.identity(of: F.address("192.168.49.2"), port: 22, at: time)
            #expect(node == Identity(node: "node-a", isHostNetwork: true))
        }
        #expect(map.freshness == .synced)
        #expect(map.statistics.malformedObjects == 2)
        #expect(map.statistics.ignoredObjects == 1)
        #expect(map.statistics.pods == 4)
    }

    @Test(
        "A finished pod's address in the file goes to the pod that still runs",
        arguments: [
            false, true,
        ]
    )
    func runningPodWins(reversed: Bool) throws {
        let running = F.pod(name: "api", uid: "uid-api", ip: "10.244.1.6", created: 600)
        let finished = F.pod(
            name: "job",
            uid: "uid-job",
            ip: "10.244.1.6",
            created: 900,
            phase: "Failed"
        )
        let items = reversed ? [finished, running] : [running, finished]
        let file = try ScratchFile(F.list(items))
        let map = try PodsFile.load(path: file.path)

        #expect(map.identity(of: F.address("10.244.1.6"), port: 80, at: F.at(0))?.pod == "api")
    }

    @Test("Of two running pods listing one address, the later started is named")
    func laterStartWins() throws {
        let early = F.pod(name: "early", uid: "uid-early", ip: "10.244.1.7", created: 100)
        let late = F.pod(name: "late", uid: "uid-late", ip: "10.244.1.7", created: 200)
        let file = try ScratchFile(F.list([late, early]))
        let map = try PodsFile.load(path: file.path)

        #expect(map.identity(of: F.address("10.244.1.7"), port: 80, at: F.at(0))?.pod == "late")
    }

    @Test("An empty List loads as an empty, synced map")
    func emptyList() throws {
        let file = try ScratchFile("{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": []}")
        let map = try PodsFile.load(path: file.path)
        #expect(map.freshness == .synced)
        #expect(map.statistics.pods == 0)
    }

    @Test(
        "Files that are not a List fail with one clear line",
        arguments: [
            (
                "{\"kind\": \"Pod\", \"metadata\": {\"name\": \"x\"}}",
                "holds a Pod, expected a List"
            ),
            ("[{\"kind\": \"List\"}]", "expected a List"),
            ("{\"items\": []}", "holds no kind, expected a List"),
            ("apiVersion: v1\nkind: List\n", "is not JSON"),
            ("{\"kind\": \"List\", \"items\": [", "is not JSON"),
            ("", "is not JSON"),
        ]
    )
    func notAList(contents: String, fragment: String) throws {
        let file = try ScratchFile(contents)
        let error = #expect(throws: PodsFileError.self) { try PodsFile.load(path: file.path) }
        let message = error?.description ?? ""
        #expect(message.contains(fragment), "\(message)")
        #expect(message.contains("'\(file.path)'"))
        #expect(message.contains("kubectl get pods,services,nodes -A -o json"))
        #expect(!message.contains("\n"))
    }

    @Test("A missing file or a directory fails with the system's reason")
    func unreadable() throws {
        let file = try ScratchFile(nil)
        let missing = #expect(throws: PodsFileError.self) { try PodsFile.load(path: file.path) }
        #expect(missing == .unreadable(path: file.path, reason: "no such file or directory"))
        #expect(
            missing?.description.hasPrefix("cannot read pods file '\(file.path)': no such")
                == true
        )

        let directory = file.directory.path
        let folder = #expect(throws: PodsFileError.self) { try PodsFile.load(path: directory) }
        #expect(folder == .unreadable(path: directory, reason: "it is a directory"))
    }

    @Test("Loading into an existing map adds to it")
    func loadInto() throws {
        let file = try ScratchFile(Self.cluster())
        let map = IdentityMap()
        try PodsFile.load(path: file.path, into: map)
        #expect(map.identity(of: F.address("10.244.1.5"), port: 1, at: F.at(0)) != nil)
    }
}
