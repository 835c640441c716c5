import FoundationEssentials

/// One Pod, Service or Node from the API, decoded to the parts the identity map uses.
enum APIObject: Sendable {
    /// A Pod.
    case pod(PodObject)
    /// A Service.
    case service(ServiceObject)
    /// A Node.
    case node(NodeObject)

    /// The object's metadata.
    var metadata: ObjectMeta {
        switch self {
        case .pod(let pod): pod.metadata
        case .service(let service): service.metadata
        case .node(let node): node.metadata
        }
    }

    /// The object's key (its UID).
    var key: String {
        self.metadata.key
    }

    /// Decodes the raw JSON of one object of `kind`, as a list or watch delivers it.
    /// - Returns: `nil` when the bytes are not JSON, lack `metadata.name`, or name another
    ///   kind in their `kind` field: the caller counts the object as malformed.
    static func decode(_ kind: ResourceKind, from bytes: [UInt8]) -> APIObject? {
        let decoder = JSONDecoder()
        let data = Data(bytes)
        switch kind {
        case .pods:
            guard let pod = try? decoder.decode(PodObject.self, from: data),
                Self.isWellFormed(pod.metadata, kind: pod.kind, expected: "Pod")
            else { return nil }
            return .pod(pod)
        case .services:
            guard let service = try? decoder.decode(ServiceObject.self, from: data),
                Self.isWellFormed(service.metadata, kind: service.kind, expected: "Service")
            else { return nil }
            return .service(service)
        case .nodes:
            guard let node = try? decoder.decode(NodeObject.self, from: data),
                Self.isWellFormed(node.metadata, kind: node.kind, expected: "Node")
            else { return nil }
            return .node(node)
        }
    }

    /// Whether an object has a name and, if it states a kind, the expected one.
    static func isWellFormed(_ metadata: ObjectMeta, kind: String?, expected: String) -> Bool {
        !metadata.name.isEmpty && (kind == nil || kind == expected)
    }
}
