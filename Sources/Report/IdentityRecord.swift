import Kube

/// The pod-identity parts of a JSON report line.
///
/// Each end's object gains, after `ip` and `port` and only where known: `pod`, `namespace`,
/// `workload` (`{"kind": "Deployment", "name": "web"}`), `node`, `service`, `labels` (the
/// selected keys the pod has) and `host_network: true`. The line ends with `vantage`
/// (`same_node`, `client_node`, `server_node` or `other`, when the capture's node is known) and
/// `identity` (`synced`, `stale` or `not_synced`: how current the names were).
enum IdentityRecord {
    /// Appends the known identity fields of one end, each preceded by a comma.
    static func appendFields(
        of identity: Identity,
        labelKeys: [String],
        to writer: inout JSONWriter
    ) {
        Self.appendOptional("pod", identity.pod, to: &writer)
        Self.appendOptional("namespace", identity.namespace, to: &writer)
        if let workload = identity.workload {
            writer.appendRaw(",\"workload\":{\"kind\":")
            writer.appendString(workload.kind)
            writer.appendRaw(",\"name\":")
            writer.appendString(workload.name)
            writer.appendByte(UInt8(ascii: "}"))
        }
        Self.appendOptional("node", identity.node, to: &writer)
        Self.appendOptional("service", identity.service, to: &writer)
        Self.appendLabels(identity.labels, keys: labelKeys, to: &writer)
        if identity.isHostNetwork {
            writer.appendRaw(",\"host_network\":true")
        }
    }

    /// Appends `vantage` and `identity`, each preceded by a comma.
    static func appendContext(_ names: ExchangeNames, to writer: inout JSONWriter) {
        if let vantage = names.vantage {
            writer.appendRaw(",\"vantage\":")
            writer.appendString(vantage.rawValue)
        }
        writer.appendRaw(",\"identity\":")
        switch names.freshness {
        case .synced: writer.appendRaw("\"synced\"")
        case .stale: writer.appendRaw("\"stale\"")
        case .notSynced: writer.appendRaw("\"not_synced\"")
        }
    }

    private static func appendOptional(
        _ key: StaticString,
        _ value: String?,
        to writer: inout JSONWriter
    ) {
        guard let value else { return }
        writer.appendByte(UInt8(ascii: ","))
        writer.appendByte(UInt8(ascii: "\""))
        writer.appendRaw(key)
        writer.appendRaw("\":")
        writer.appendString(value)
    }

    /// The selected labels the pod has, in the order the keys were asked for.
    private static func appendLabels(
        _ labels: [Label],
        keys: [String],
        to writer: inout JSONWriter
    ) {
        var isFirst = true
        for key in keys {
            guard let label = labels.first(where: { $0.key == key }) else { continue }
            writer.appendRaw(isFirst ? ",\"labels\":{" : ",")
            writer.appendString(label.key)
            writer.appendByte(UInt8(ascii: ":"))
            writer.appendString(label.value)
            isFirst = false
        }
        if !isFirst {
            writer.appendByte(UInt8(ascii: "}"))
        }
    }
}
