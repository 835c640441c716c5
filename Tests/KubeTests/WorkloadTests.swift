import Testing

@testable import Kube

@Suite struct WorkloadTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var pod: String
        var labels: [String: String]
        var owner: (kind: String, name: String, controller: Bool?)?
        var expected: Workload
        var testDescription: String {
            "\(self.pod) → \(self.expected.kind) \(self.expected.name)"
        }
    }

    static let cases: [Case] = [
        Case(
            pod: "web-7d9f8b6c5d-x2x9k",
            labels: ["pod-template-hash": "7d9f8b6c5d"],
            owner: ("ReplicaSet", "web-7d9f8b6c5d", true),
            expected: Workload(kind: "Deployment", name: "web")
        ),
        Case(
            pod: "api-v2-6b8c-abcde",
            labels: ["pod-template-hash": "6b8c"],
            owner: ("ReplicaSet", "api-v2-6b8c", true),
            expected: Workload(kind: "Deployment", name: "api-v2")
        ),
        Case(
            pod: "legacy-x2x9k",
            labels: ["app": "legacy"],
            owner: ("ReplicaSet", "legacy", true),
            expected: Workload(kind: "ReplicaSet", name: "legacy")
        ),
        Case(
            pod: "odd-abc",
            labels: ["pod-template-hash": "zzz"],
            owner: ("ReplicaSet", "odd-7d9f", true),
            expected: Workload(kind: "ReplicaSet", name: "odd-7d9f")
        ),
        Case(
            pod: "hashonly-x",
            labels: ["pod-template-hash": "7d9f"],
            owner: ("ReplicaSet", "-7d9f", true),
            expected: Workload(kind: "ReplicaSet", name: "-7d9f")
        ),
        Case(
            pod: "db-0",
            labels: ["statefulset.kubernetes.io/pod-name": "db-0"],
            owner: ("StatefulSet", "db", true),
            expected: Workload(kind: "StatefulSet", name: "db")
        ),
        Case(
            pod: "earshot-4kq8z",
            labels: ["controller-revision-hash": "5f6d"],
            owner: ("DaemonSet", "earshot", true),
            expected: Workload(kind: "DaemonSet", name: "earshot")
        ),
        Case(
            pod: "backup-28571520-q7w2p",
            labels: ["job-name": "backup-28571520"],
            owner: ("Job", "backup-28571520", true),
            expected: Workload(kind: "CronJob", name: "backup")
        ),
        Case(
            pod: "report-daily-123456789-abc",
            labels: [:],
            owner: ("Job", "report-daily-123456789", true),
            expected: Workload(kind: "CronJob", name: "report-daily")
        ),
        Case(
            pod: "migrate-1234567-x",
            labels: [:],
            owner: ("Job", "migrate-1234567", true),
            expected: Workload(kind: "Job", name: "migrate-1234567")
        ),
        Case(
            pod: "x",
            labels: [:],
            owner: ("Job", "12345678", true),
            expected: Workload(kind: "Job", name: "12345678")
        ),
        Case(
            pod: "x",
            labels: [:],
            owner: ("Job", "-12345678", true),
            expected: Workload(kind: "Job", name: "-12345678")
        ),
        Case(
            pod: "kube-apiserver-node-a",
            labels: [:],
            owner: ("Node", "node-a", true),
            expected: Workload(kind: "Node", name: "node-a")
        ),
        Case(pod: "debug", labels: [:], owner: nil, expected: Workload(kind: "Pod", name: "debug")),
        Case(
            pod: "adopted",
            labels: [:],
            owner: ("ReplicaSet", "rs", nil),
            expected: Workload(kind: "Pod", name: "adopted")
        ),
        Case(
            pod: "adopted2",
            labels: [:],
            owner: ("ReplicaSet", "rs", false),
            expected: Workload(kind: "Pod", name: "adopted2")
        ),
    ]

    @Test("Owner references name the workload by the controllers' conventions", arguments: cases)
    func resolves(_ testCase: Case) {
        let owners =
            testCase.owner.map {
                [OwnerReference(kind: $0.kind, name: $0.name, controller: $0.controller)]
            } ?? []
        let workload = Workload(podName: testCase.pod, labels: testCase.labels, owners: owners)
        #expect(workload == testCase.expected)
    }

    @Test("Of several owners, the one marked controller decides")
    func controllerAmongOwners() {
        let owners = [
            OwnerReference(kind: "ConfigMap", name: "settings", controller: nil),
            OwnerReference(kind: "StatefulSet", name: "db", controller: true),
        ]
        let workload = Workload(podName: "db-1", labels: [:], owners: owners)
        #expect(workload == Workload(kind: "StatefulSet", name: "db"))
    }
}
