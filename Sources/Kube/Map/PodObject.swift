/// The parts of a Pod (core/v1) the identity map uses.
///
///     {"kind": "Pod", "metadata": {…},
///      "spec": {"nodeName": "node-a", "hostNetwork": true,
///               "containers": [{"ports": [{"containerPort": 8080, "hostPort": 8080,
///                                           "protocol": "TCP"}]}]},
///      "status": {"phase": "Running", "podIP": "10.1.2.3", "podIPs": [{"ip": "10.1.2.3"}],
///                 "startTime": "2024-05-01T12:00:01Z"}}
struct PodObject: Decodable, Sendable {
    /// `Pod` when present (watch events and lists may leave it out).
    var kind: String?
    /// Name, namespace, UID, labels, owners and lifecycle times.
    var metadata: ObjectMeta
    /// Node, networking and ports.
    var spec: Spec?
    /// Addresses and phase; absent before the pod is scheduled.
    var status: Status?

    /// `spec`: where the pod runs and what it listens on.
    struct Spec: Decodable, Sendable {
        /// The node the pod was scheduled to.
        var nodeName: String?
        /// Whether the pod uses the node's network namespace; `false` when absent.
        var hostNetwork: Bool?
        /// The pod's (long-running) containers.
        var containers: [Container]?
    }

    /// One container of `spec.containers`; only its declared ports matter here.
    struct Container: Decodable, Sendable {
        /// The ports the container declares; informational, it may listen on others.
        var ports: [ContainerPort]?
    }

    /// One declared port of a container.
    struct ContainerPort: Decodable, Sendable {
        /// The port in the pod's network namespace (the node's, with host networking).
        var containerPort: Int?
        /// The node port forwarded to it, if any.
        var hostPort: Int?
        /// `TCP` (the default when absent), `UDP` or `SCTP`.
        var `protocol`: String?
    }

    /// `status`: the pod's addresses and lifecycle.
    struct Status: Decodable, Sendable {
        /// The pod's primary address.
        var podIP: String?
        /// All its addresses, one per IP family, the primary first.
        var podIPs: [PodIP]?
        /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
        var phase: String?
        /// When the kubelet took the pod on, before its sandbox got an address.
        var startTime: String?
    }

    /// One entry of `status.podIPs`.
    struct PodIP: Decodable, Sendable {
        /// The address text.
        var ip: String?
    }

    /// Whether the pod shares its node's network namespace (and address).
    var isHostNetwork: Bool {
        self.spec?.hostNetwork ?? false
    }

    /// Whether the pod's containers have all ended, so its address is free for another pod.
    var hasTerminated: Bool {
        let phase = self.status?.phase
        return phase == "Succeeded" || phase == "Failed"
    }

    /// The pod's address texts: `podIPs`, plus `podIP` when the list lacks it, without repeats.
    var addressTexts: [String] {
        var texts = (self.status?.podIPs ?? []).compactMap(\.ip)
        if let single = self.status?.podIP, !texts.contains(single) {
            texts.insert(single, at: 0)
        }
        return texts.filter { !$0.isEmpty }
    }

    /// The TCP ports the pod declares, container ports and host ports alike; with host
    /// networking a container port is a port on the node's address.
    var tcpPorts: Set<UInt16> {
        var ports: Set<UInt16> = []
        for container in self.spec?.containers ?? [] {
            for port in container.ports ?? [] where (port.protocol ?? "TCP") == "TCP" {
                for number in [port.containerPort, port.hostPort] {
                    if let number, let value = UInt16(exactly: number), value != 0 {
                        ports.insert(value)
                    }
                }
            }
        }
        return ports
    }
}
