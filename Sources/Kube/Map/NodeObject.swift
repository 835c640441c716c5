/// The parts of a Node (core/v1) the identity map uses.
///
///     {"kind": "Node", "metadata": {"name": "node-a", …},
///      "status": {"addresses": [{"type": "InternalIP", "address": "192.168.49.2"},
///                               {"type": "Hostname", "address": "node-a"}]}}
struct NodeObject: Decodable, Sendable {
    /// `Node` when present.
    var kind: String?
    /// Name and UID.
    var metadata: ObjectMeta
    /// Where the node's addresses are.
    var status: Status?

    /// `status`: the node's addresses.
    struct Status: Decodable, Sendable {
        /// `status.addresses`, of every type.
        var addresses: [Address]?
    }

    /// One entry of `status.addresses`.
    struct Address: Decodable, Sendable {
        /// `InternalIP`, `ExternalIP`, `Hostname`, `InternalDNS` or `ExternalDNS`.
        var type: String?
        /// The address (or name) itself.
        var address: String?
    }

    /// The node's `InternalIP` and `ExternalIP` texts; host names are not addresses.
    var addressTexts: [String] {
        (self.status?.addresses ?? []).compactMap { address in
            guard address.type == "InternalIP" || address.type == "ExternalIP" else { return nil }
            return address.address
        }
    }
}
