import Foundation

/// The cluster the live identity test plays through the fake API server, and who held which
/// address when.
///
/// Two nodes; in namespace `data` a StatefulSet pod `db-old` at 127.0.0.21, deleted during the
/// test and followed by `db-new` at the same address, which starts after the deletion; in
/// namespace `shop` a Deployment's pod `web-1` at 127.0.0.31 calling it, and `web-2` at
/// 127.0.0.32, which first appears in the re-list after the pods watch expires (410), along
/// with a new `version` label on `web-1`. Times are wall-clock seconds since 1970, as the API
/// server writes them (whole seconds).
struct LiveIdentityCluster {
    /// The bearer token the fake server accepts.
    static let token = "e2e-live-identity-token"
    /// The database pods' address (reused).
    static let serverIP = "127.0.0.21"
    /// `web-1`'s address.
    static let clientIP = "127.0.0.31"
    /// `web-2`'s address.
    static let newClientIP = "127.0.0.32"
    /// The node the database pods run on (and the capture's `--node-name`).
    static let serverNode = "node-b"
    /// The node the web pods run on.
    static let clientNode = "node-a"
    /// The ReplicaSet of the web pods, named after their `pod-template-hash`.
    static let templateHash = "6f7b9c4d8"

    /// When the test began; `db-old` and `web-1` started before.
    let began: Int
    /// When the API deleted `db-old` (fractional seconds); `nil` before.
    var deletion: Double?
    /// When the watch expired and the pods list changed; `nil` before.
    var expiry: Double?

    /// `db-new`'s creation (a whole second after the deletion) and start (one more).
    var newStart: Int? {
        self.deletion.map { Int($0.rounded(.down)) + 2 }
    }

    /// `web-2`'s start: a second before the expiry.
    var web2Start: Int? {
        self.expiry.map { Int($0.rounded(.down)) - 1 }
    }

    // MARK: - Truth

    /// The pod that held `ip` at `time`; `nil` when none did, and for `127.0.0.21` between
    /// `db-old`'s deletion and `db-new`'s start, a moment the test sends nothing in.
    func holder(of ip: String, at time: Double) -> String? {
        switch ip {
        case Self.serverIP:
            if let deletion = self.deletion, time >= deletion {
                guard let start = self.newStart, time >= Double(start) else { return nil }
                return "db-new"
            }
            return "db-old"
        case Self.clientIP:
            return "web-1"
        case Self.newClientIP:
            guard let start = self.web2Start, time >= Double(start) else { return nil }
            return "web-2"
        default:
            return nil
        }
    }

    // MARK: - Scenario

    /// The fake server's scenario so far: the first lists, the pods watch held until the cue
    /// `churn`; after the deletion, its events and a watch held until the cue `expire` that
    /// ends with ERROR 410; after the expiry, the re-list and a watch that stays open.
    func scenario(cuePath: (String) -> String) -> [String: Any] {
        var podLists = [Self.list([self.dbOld(), self.web1(version: "v1")], version: "100")]
        var podWatches = [Self.watch([["wait_for": cuePath("churn"), "timeout": 40]])]
        if let deletion = self.deletion, let newStart = self.newStart {
            podWatches.append(Self.watch(self.churnEvents(deletion, newStart)))
            podWatches.append(Self.watch([
                ["wait_for": cuePath("expire"), "timeout": 40],
                Self.expired("too old resource version: 105 (180)"),
            ]))
            podWatches.append(Self.watch([], end: "hang"))
        }
        if let newStart = self.newStart, let web2Start = self.web2Start {
            podLists.append(Self.list([
                self.dbNew(start: newStart, ip: Self.serverIP, version: "150"),
                self.web1(version: "v2"),
                self.web(name: "web-2", ip: Self.newClientIP, start: web2Start, version: "v2",
                         resourceVersion: "190"),
            ], version: "200"))
        }
        return [
            "token": Self.token,
            "routes": [
                "list pods": podLists,
                "watch pods": podWatches,
                "list services": [Self.list([Self.service()], version: "50")],
                "watch services": [Self.watch([], end: "hang")],
                "list nodes": [Self.list([Self.node("node-a", "127.0.0.11"),
                                          Self.node("node-b", "127.0.0.12")], version: "60")],
                "watch nodes": [Self.watch([], end: "hang")],
            ] as [String: Any],
        ]
    }

    /// The scenario of an API outage: the pods watch held until the cue `expire` ends with
    /// ERROR 410, and every list after the first fails with 500 while `listFails`; once it
    /// does not, a list made after the deletion shows `db-new` in `db-old`'s place, as a
    /// re-list does when the watch missed the deletion.
    func outageScenario(listFails: Bool, cuePath: (String) -> String) -> [String: Any] {
        var podLists = [Self.list([self.dbOld(), self.web1(version: "v1")], version: "100")]
        if listFails {
            podLists.append([
                "status": 500, "reason": "InternalError", "message": "etcdserver: timed out",
            ])
        } else if let newStart = self.newStart {
            podLists.append(Self.list([
                self.dbNew(start: newStart, ip: Self.serverIP, version: "250"),
                self.web1(version: "v1"),
            ], version: "300"))
        }
        var scenario = self.scenario(cuePath: cuePath)
        var routes = scenario["routes"] as? [String: Any] ?? [:]
        routes["list pods"] = podLists
        routes["watch pods"] = [
            Self.watch([
                ["wait_for": cuePath("expire"), "timeout": 40],
                Self.expired("too old resource version: 100 (280)"),
            ]),
            Self.watch([], end: "hang"),
        ]
        scenario["routes"] = routes
        return scenario
    }

    /// `db-old` marked for deletion then deleted; `db-new` created without an address, then
    /// running at the same address.
    private func churnEvents(_ deletion: Double, _ newStart: Int) -> [[String: Any]] {
        let deleted = Int(deletion.rounded(.down))
        return [
            Self.event("MODIFIED", self.dbOld(deletedAt: deleted, version: "101")),
            Self.event("DELETED", self.dbOld(deletedAt: deleted, version: "102")),
            Self.event("ADDED", self.dbNew(start: nil, ip: nil, version: "103")),
            Self.event("MODIFIED", self.dbNew(start: newStart, ip: nil, version: "104")),
            Self.event("MODIFIED", self.dbNew(start: newStart, ip: Self.serverIP, version: "105")),
        ]
    }

    // MARK: - Objects

    private func dbOld(deletedAt: Int? = nil, version: String = "90") -> [String: Any] {
        Self.pod(
            name: "db-old", namespace: "data", ip: Self.serverIP, node: Self.serverNode,
            labels: ["app": "kv-db", "app.kubernetes.io/name": "kv-db"],
            owner: ("StatefulSet", "kv-db"), created: self.began - 605, started: self.began - 600,
            deletedAt: deletedAt, resourceVersion: version
        )
    }

    private func dbNew(start: Int?, ip: String?, version: String) -> [String: Any] {
        let created = (self.newStart ?? self.began) - 1
        return Self.pod(
            name: "db-new", namespace: "data", ip: ip, node: Self.serverNode,
            labels: ["app": "kv-db", "app.kubernetes.io/name": "kv-db"],
            owner: ("StatefulSet", "kv-db"), created: created, started: start,
            resourceVersion: version
        )
    }

    private func web1(version: String) -> [String: Any] {
        self.web(name: "web-1", ip: Self.clientIP, start: self.began - 300, version: version,
                 resourceVersion: version == "v1" ? "80" : "180")
    }

    private func web(
        name: String,
        ip: String,
        start: Int,
        version: String,
        resourceVersion: String
    ) -> [String: Any] {
        Self.pod(
            name: name, namespace: "shop", ip: ip, node: Self.clientNode,
            labels: ["app": "web", "version": version, "pod-template-hash": Self.templateHash],
            owner: ("ReplicaSet", "web-" + Self.templateHash), created: start - 3,
            started: start, resourceVersion: resourceVersion
        )
    }

    /// A Pod as the API server sends it; without `ip` or `started` it is still pending.
    private static func pod(
        name: String,
        namespace: String,
        ip: String?,
        node: String,
        labels: [String: String],
        owner: (kind: String, name: String),
        created: Int,
        started: Int?,
        deletedAt: Int? = nil,
        resourceVersion: String
    ) -> [String: Any] {
        var metadata: [String: Any] = [
            "name": name, "namespace": namespace, "uid": "uid-" + name,
            "resourceVersion": resourceVersion, "creationTimestamp": Self.rfc3339(created),
            "labels": labels,
            "ownerReferences": [[
                "apiVersion": "apps/v1", "kind": owner.kind, "name": owner.name,
                "uid": "uid-" + owner.name, "controller": true, "blockOwnerDeletion": true,
            ] as [String: Any]],
        ]
        if let deletedAt {
            metadata["deletionTimestamp"] = Self.rfc3339(deletedAt)
            metadata["deletionGracePeriodSeconds"] = 0
        }
        var status: [String: Any] = ["phase": ip == nil ? "Pending" : "Running"]
        if let started {
            status["startTime"] = Self.rfc3339(started)
            status["hostIP"] = node == "node-a" ? "127.0.0.11" : "127.0.0.12"
        }
        if let ip {
            status["podIP"] = ip
            status["podIPs"] = [["ip": ip]]
        }
        let container: [String: Any] = [
            "name": labels["app"] ?? name, "image": "example/" + (labels["app"] ?? name),
            "ports": [["containerPort": 8080, "protocol": "TCP"]],
        ]
        return [
            "kind": "Pod", "apiVersion": "v1", "metadata": metadata,
            "spec": ["nodeName": node, "containers": [container]] as [String: Any],
            "status": status,
        ]
    }

    private static func node(_ name: String, _ address: String) -> [String: Any] {
        [
            "kind": "Node", "apiVersion": "v1",
            "metadata": ["name": name, "uid": "uid-" + name, "resourceVersion": "55",
                         "creationTimestamp": "2024-05-01T09:00:00Z"] as [String: Any],
            "status": ["addresses": [
                ["type": "InternalIP", "address": address],
                ["type": "Hostname", "address": name],
            ]],
        ]
    }

    private static func service() -> [String: Any] {
        [
            "kind": "Service", "apiVersion": "v1",
            "metadata": ["name": "kv-db", "namespace": "data", "uid": "uid-svc-kv-db",
                         "resourceVersion": "45",
                         "creationTimestamp": "2024-05-01T09:30:00Z"] as [String: Any],
            "spec": ["clusterIP": "127.0.0.41", "clusterIPs": ["127.0.0.41"],
                     "selector": ["app": "kv-db"],
                     "ports": [["port": 6380, "targetPort": 8080, "protocol": "TCP"]]]
                as [String: Any],
        ]
    }

    // MARK: - Scenario pieces

    private static func list(_ items: [[String: Any]], version: String) -> [String: Any] {
        ["items": items, "resourceVersion": version]
    }

    private static func watch(_ events: [[String: Any]], end: String = "close") -> [String: Any] {
        ["events": events, "end": end]
    }

    private static func event(_ type: String, _ object: [String: Any]) -> [String: Any] {
        ["type": type, "object": object]
    }

    /// The ERROR event that ends a watch whose version is too old (410 Gone).
    private static func expired(_ message: String) -> [String: Any] {
        Self.event("ERROR", [
            "kind": "Status", "apiVersion": "v1", "metadata": [:] as [String: Any],
            "status": "Failure", "reason": "Expired", "code": 410, "message": message,
        ])
    }

    /// `seconds` since 1970 as the API server writes times: `2024-05-01T10:00:00Z`.
    static func rfc3339(_ seconds: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
    }
}
