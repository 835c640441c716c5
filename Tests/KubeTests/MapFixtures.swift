import Capture
import Decode

/// Real-shaped API objects for the identity map's tests, written as the API server sends them
/// (with the fields the map skips), and the times they carry.
enum MapFixtures {
    /// 2024-05-01T12:00:00Z, the base of every fixture time.
    static let baseSeconds: Int64 = 1_714_564_800

    /// The instant `seconds` after the base.
    static func at(_ seconds: Int64, nanoseconds: Int64 = 0) -> Timestamp {
        Timestamp(seconds: Self.baseSeconds + seconds, nanoseconds: nanoseconds)
    }

    /// RFC 3339 text for `seconds` (0..<43,200) after the base, as the API writes it.
    static func rfc3339(_ seconds: Int64) -> String {
        let hour = 12 + seconds / 3600
        let minute = (seconds % 3600) / 60
        let second = seconds % 60
        return "2024-05-01T\(Self.twoDigits(hour)):\(Self.twoDigits(minute)):"
            + "\(Self.twoDigits(second))Z"
    }

    /// A declared container port.
    struct Port {
        var container: Int
        var host: Int?
        var proto: String?
    }

    /// A Pod object.
    static func pod(
        name: String,
        namespace: String = "shop",
        uid: String,
        ip: String?,
        node: String = "node-a",
        labels: [String: String] = [:],
        owner: (kind: String, name: String)? = nil,
        created: Int64 = 0,
        started: Int64? = nil,
        deletion: Int64? = nil,
        phase: String = "Running",
        hostNetwork: Bool = false,
        ports: [Port] = []
    ) -> String {
        let owners =
            owner.map { owner in
                """
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "\(owner.kind)",
                  "name": "\(owner.name)", "uid": "owner-\(owner.name)", "controller": true,
                  "blockOwnerDeletion": true}],
                """
            } ?? ""
        let deletionField =
            deletion.map {
                "\"deletionTimestamp\": \"\(Self.rfc3339($0))\", "
                    + "\"deletionGracePeriodSeconds\": 30,"
            } ?? ""
        let portList = ports.map { port in
            var fields = ["\"containerPort\": \(port.container)"]
            if let host = port.host {
                fields.append("\"hostPort\": \(host)")
            }
            if let proto = port.proto {
                fields.append("\"protocol\": \"\(proto)\"")
            }
            return "{\"name\": \"p\(port.container)\", " + fields.joined(separator: ", ") + "}"
        }.joined(separator: ", ")
        let ipFields = ip.map { "\"podIP\": \"\($0)\", \"podIPs\": [{\"ip\": \"\($0)\"}]," } ?? ""
        return """
            {"kind": "Pod", "apiVersion": "v1",
             "metadata": {"name": "\(name)", "generateName": "\(name)-",
               "namespace": "\(namespace)", "uid": "\(uid)", "resourceVersion": "48211",
               "creationTimestamp": "\(Self.rfc3339(created))", \(deletionField)
               "labels": \(Self.object(labels)), \(owners)
               "annotations": {"kubectl.kubernetes.io/restartedAt": "2024-04-30T10:00:00Z"},
               "managedFields": [{"manager": "kube-controller-manager", "operation": "Update",
                 "apiVersion": "v1", "time": "\(Self.rfc3339(created))",
                 "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {}}}]},
             "spec": {"volumes": [{"name": "kube-api-access", "projected": {"sources": []}}],
               "containers": [{"name": "main", "image": "registry.example/web:1.4.2",
                 "ports": [\(portList)],
                 "resources": {"limits": {"memory": "128Mi"}, "requests": {"cpu": "100m"}},
                 "imagePullPolicy": "IfNotPresent"}],
               "restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
               "dnsPolicy": "ClusterFirst", "serviceAccountName": "default",
               "nodeName": "\(node)", "hostNetwork": \(hostNetwork),
               "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists",
                 "effect": "NoExecute", "tolerationSeconds": 300}]},
             "status": {"phase": "\(phase)",
               "conditions": [{"type": "Ready", "status": "True", "lastProbeTime": null,
                 "lastTransitionTime": "\(Self.rfc3339(started ?? created))"}],
               "hostIP": "192.168.49.2", "hostIPs": [{"ip": "192.168.49.2"}], \(ipFields)
               "startTime": "\(Self.rfc3339(started ?? created))",
               "containerStatuses": [{"name": "main", "ready": true, "restartCount": 0,
                 "state": {"running": {"startedAt": "\(Self.rfc3339(started ?? created))"}},
                 "image": "registry.example/web:1.4.2", "imageID": "", "started": true}],
               "qosClass": "Burstable"}}
            """
    }

    /// A Service object.
    static func service(
        name: String,
        namespace: String = "shop",
        uid: String,
        clusterIPs: [String],
        type: String = "ClusterIP",
        created: Int64 = 0
    ) -> String {
        let first = clusterIPs.first.map { "\"clusterIP\": \"\($0)\"," } ?? ""
        let all = clusterIPs.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            {"kind": "Service", "apiVersion": "v1",
             "metadata": {"name": "\(name)", "namespace": "\(namespace)", "uid": "\(uid)",
               "resourceVersion": "311", "creationTimestamp": "\(Self.rfc3339(created))",
               "labels": {"app": "\(name)"}},
             "spec": {"ports": [{"name": "http", "protocol": "TCP", "port": 80,
                 "targetPort": 8080}],
               "selector": {"app": "\(name)"}, \(first) "clusterIPs": [\(all)],
               "type": "\(type)", "sessionAffinity": "None", "ipFamilies": ["IPv4"],
               "ipFamilyPolicy": "SingleStack", "internalTrafficPolicy": "Cluster"},
             "status": {"loadBalancer": {}}}
            """
    }

    /// A Node object.
    static func node(
        name: String,
        uid: String,
        internalIP: String,
        externalIP: String? = nil,
        created: Int64 = 0
    ) -> String {
        let external =
            externalIP.map { ", {\"type\": \"ExternalIP\", \"address\": \"\($0)\"}" }
            ?? ""
        return """
            {"kind": "Node", "apiVersion": "v1",
             "metadata": {"name": "\(name)", "uid": "\(uid)", "resourceVersion": "902",
               "creationTimestamp": "\(Self.rfc3339(created))",
               "labels": {"kubernetes.io/hostname": "\(name)", "kubernetes.io/os": "linux"}},
             "spec": {"podCIDR": "10.244.0.0/24", "podCIDRs": ["10.244.0.0/24"]},
             "status": {"capacity": {"cpu": "2", "memory": "4015584Ki", "pods": "110"},
               "conditions": [{"type": "Ready", "status": "True",
                 "lastHeartbeatTime": "\(Self.rfc3339(created))", "reason": "KubeletReady"}],
               "addresses": [{"type": "InternalIP", "address": "\(internalIP)"}\(external),
                 {"type": "Hostname", "address": "\(name)"}],
               "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
               "nodeInfo": {"kubeletVersion": "v1.30.0", "containerRuntimeVersion":
                 "containerd://1.7.15", "architecture": "amd64"}}}
            """
    }

    /// A `kind: List` of items, as `kubectl get pods,services,nodes -A -o json` writes it.
    static func list(_ items: [String]) -> String {
        """
        {"apiVersion": "v1", "items": [\(items.joined(separator: ",\n"))],
         "kind": "List", "metadata": {"resourceVersion": ""}}
        """
    }

    /// An address the fixtures know to be valid.
    static func address(_ text: String) -> IPAddress {
        guard let address = IPAddress(text) else {
            preconditionFailure("fixture address '\(text)' does not parse")
        }
        return address
    }

    /// The bytes of a JSON text.
    static func bytes(_ text: String) -> [UInt8] {
        Array(text.utf8)
    }

    private static func object(_ labels: [String: String]) -> String {
        let fields = labels.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \"\($0.value)\"" }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    private static func twoDigits(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
