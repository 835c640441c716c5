/// A pod that uses its node's network namespace, as the map keeps it: its identity and the TCP
/// ports it declares, which are the only way to tell it from the node's other such pods.
struct HostNetworkPod: Sendable {
    /// The pod's identity (with its node).
    var identity: Identity
    /// Its declared TCP container and host ports.
    var ports: Set<UInt16>
}
