import Capture
import Decode
import Kube
import Testing

/// Host-network pods share their node's address: only a declared port tells them apart.
@Suite struct HostNetworkTests {
    typealias F = MapFixtures
    typealias Port = MapFixtures.Port

    static let nodeAddress = "192.168.49.2"

    static func hostPod(
        _ name: String,
        ports: [Port],
        node: String = "node-a",
        created: Int64 = 0,
        deletion: Int64? = nil
    ) -> [UInt8] {
        F.bytes(
            F.pod(
                name: name,
                namespace: "kube-system",
                uid: "uid-\(name)",
                ip: Self.nodeAddress,
                node: node,
                owner: ("DaemonSet", "ds-\(name)"),
                created: created,
                deletion: deletion,
                hostNetwork: true,
                ports: ports
            )
        )
    }

    static func nodeMap() -> IdentityMap {
        let map = IdentityMap()
        let node = F.node(name: "node-a", uid: "node-uid-a", internalIP: Self.nodeAddress)
        map.replace(.nodes, with: [F.bytes(node)], at: F.at(10))
        map.replace(
            .pods,
            with: [
                Self.hostPod("node-exporter", ports: [Port(container: 9100, host: 9100)]),
                Self.hostPod(
                    "ingress",
                    ports: [
                        Port(container: 80, host: 80),
                        Port(container: 443, host: 443),
                    ]
                ),
                Self.hostPod("dns-cache", ports: [Port(container: 53, proto: "UDP")]),
                Self.hostPod("kube-proxy", ports: []),
            ],
            at: F.at(10)
        )
        return map
    }

    func lookup(_ map: IdentityMap, port: UInt16, at seconds: Int64 = 5) -> Identity? {
        map.identity(of: F.address(Self.nodeAddress), port: port, at: F.at(seconds))
    }

    @Test(
        "A port declared by exactly one host-network pod names that pod",
        arguments: [(UInt16(9100), "node-exporter"), (80, "ingress"), (443, "ingress")]
    )
    func portDecides(port: UInt16, pod: String) {
        let identity = self.lookup(Self.nodeMap(), port: port)
        #expect(identity?.pod == pod)
        #expect(identity?.node == "node-a")
        #expect(identity?.isHostNetwork == false)
    }

    @Test(
        "A port no host-network pod declares over TCP names the node, never a pod",
        arguments: [UInt16(10250), 53, 22, 0]
    )
    func unknownPort(port: UInt16) {
        let identity = self.lookup(Self.nodeMap(), port: port)
        #expect(identity == Identity(node: "node-a", isHostNetwork: true))
    }

    @Test("Two host-network pods declaring the same port name the node")
    func samePortTwice() {
        let map = Self.nodeMap()
        let twin = Self.hostPod("exporter-twin", ports: [Port(container: 9100)])
        map.apply(.pods, .added, object: twin, at: F.at(11))

        #expect(self.lookup(map, port: 9100) == Identity(node: "node-a", isHostNetwork: true))
        #expect(self.lookup(map, port: 443)?.pod == "ingress")
    }

    @Test("A replaced host-network pod hands its port to its successor from the successor's start")
    func rollout() {
        let map = Self.nodeMap()
        let old = Self.hostPod("node-exporter", ports: [Port(container: 9100, host: 9100)])
        map.apply(.pods, .deleted, object: old, at: F.at(100))
        let successor = Self.hostPod(
            "node-exporter-2",
            ports: [Port(container: 9100)],
            created: 105
        )
        map.apply(.pods, .added, object: successor, at: F.at(106))

        #expect(self.lookup(map, port: 9100, at: 102)?.pod == "node-exporter")
        #expect(self.lookup(map, port: 9100, at: 110)?.pod == "node-exporter-2")
        #expect(self.lookup(map, port: 9100, at: 200)?.pod == "node-exporter-2")
    }

    @Test("Without the node object, the node is named from the pods' node name")
    func nodeFromPods() {
        let map = IdentityMap()
        map.replace(.pods, with: [Self.hostPod("kube-proxy", ports: [])], at: F.at(10))

        #expect(self.lookup(map, port: 10249) == Identity(node: "node-a", isHostNetwork: true))
    }

    @Test("A node address without host-network pods names just the node")
    func plainNode() {
        let map = IdentityMap()
        let node = F.node(name: "node-b", uid: "node-uid-b", internalIP: "192.168.49.3")
        map.replace(.nodes, with: [F.bytes(node)], at: F.at(10))

        let identity = map.identity(of: F.address("192.168.49.3"), port: 22, at: F.at(5))
        #expect(identity == Identity(node: "node-b"))
    }

    @Test("A host-network pod's address never enters the pod-address map")
    func notAPodAddress() {
        let map = Self.nodeMap()
        let pod = F.bytes(F.pod(name: "web", uid: "uid-web", ip: "10.244.1.5"))
        map.apply(.pods, .added, object: pod, at: F.at(11))

        #expect(self.lookup(map, port: 8080)?.pod == nil)
        #expect(map.identity(of: F.address("10.244.1.5"), port: 1, at: F.at(5))?.pod == "web")
    }
}
