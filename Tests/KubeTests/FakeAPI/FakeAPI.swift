import Foundation

/// Builders for the fake server's scenarios and for real-shaped API objects.
enum FakeAPI {
    /// A scenario: the accepted token (or a token file) and the responses per route.
    static func scenario(
        token: String? = "test-token",
        tokenFile: String? = nil,
        routes: [String: [[String: Any]]]
    ) -> [String: Any] {
        var scenario: [String: Any] = ["routes": routes]
        if let tokenFile {
            scenario["token_file"] = tokenFile
        } else if let token {
            scenario["token"] = token
        }
        return scenario
    }

    /// A List response.
    static func list(
        _ items: [[String: Any]],
        resourceVersion: String,
        continueToken: String? = nil
    ) -> [String: Any] {
        var response: [String: Any] = ["items": items, "resourceVersion": resourceVersion]
        if let continueToken {
            response["continue"] = continueToken
        }
        return response
    }

    /// A watch stream: its events, then how it ends (`close`, `abort` or `hang`).
    static func watch(_ events: [[String: Any]], end: String = "hang") -> [String: Any] {
        ["events": events, "end": end]
    }

    /// One watch event sent after `delay` seconds.
    static func event(
        _ type: String,
        _ object: [String: Any],
        delay: Double = 0
    ) -> [String: Any] {
        ["type": type, "object": object, "delay": delay]
    }

    /// A BOOKMARK event at `resourceVersion`.
    static func bookmark(_ resourceVersion: String, kind: String = "Pod") -> [String: Any] {
        self.event("BOOKMARK", [
            "kind": kind, "apiVersion": "v1",
            "metadata": ["resourceVersion": resourceVersion],
        ])
    }

    /// An ERROR event carrying a Status with `code`.
    static func errorEvent(
        code: Int,
        message: String = "too old resource version"
    ) -> [String: Any] {
        self.event("ERROR", [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": message, "reason": code == 410 ? "Expired" : "InternalError", "code": code,
        ])
    }

    /// An HTTP error answer with a Status body.
    static func status(_ code: Int, reason: String = "", message: String = "") -> [String: Any] {
        ["status": code, "reason": reason, "message": message]
    }

    /// A Pod as the API sends it, owned by a ReplicaSet.
    static func pod(
        _ name: String,
        ip: String,
        resourceVersion: String,
        namespace: String = "default"
    ) -> [String: Any] {
        [
            "kind": "Pod", "apiVersion": "v1",
            "metadata": [
                "name": name, "namespace": namespace, "uid": "uid-\(name)",
                "resourceVersion": resourceVersion,
                "creationTimestamp": "2024-05-01T10:00:00Z",
                "labels": ["app": "web", "pod-template-hash": "5d8f7c"],
                "ownerReferences": [[
                    "apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-5d8f7c",
                    "uid": "uid-rs", "controller": true, "blockOwnerDeletion": true,
                ]],
            ],
            "spec": [
                "nodeName": "node-a",
                "containers": [["name": "web", "image": "nginx",
                                "ports": [["containerPort": 80, "protocol": "TCP"]]]],
            ],
            "status": [
                "phase": "Running", "podIP": ip, "podIPs": [["ip": ip]],
                "hostIP": "192.0.2.10", "startTime": "2024-05-01T10:00:01Z",
            ],
        ]
    }

    /// The `metadata.name` of a raw API object, for assertions.
    static func name(of object: [UInt8]) -> String? {
        let parsed = try? JSONSerialization.jsonObject(with: Data(object)) as? [String: Any]
        return (parsed?["metadata"] as? [String: Any])?["name"] as? String
    }
}
