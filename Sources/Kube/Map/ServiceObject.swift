/// The parts of a Service (core/v1) the identity map uses.
///
///     {"kind": "Service", "metadata": {"name": "web", "namespace": "shop", …},
///      "spec": {"type": "ClusterIP", "clusterIP": "10.96.12.34",
///               "clusterIPs": ["10.96.12.34", "fd00:10:96::1234"]}}
///
/// Headless services carry `"clusterIP": "None"`, and `ExternalName` services none at all:
/// they name no address.
struct ServiceObject: Decodable, Sendable {
    /// `Service` when present.
    var kind: String?
    /// Name, namespace and UID.
    var metadata: ObjectMeta
    /// Where the service's addresses are.
    var spec: Spec?

    /// `spec`: the virtual addresses of the service.
    struct Spec: Decodable, Sendable {
        /// The primary cluster IP, or `None` for a headless service.
        var clusterIP: String?
        /// Every cluster IP, one per IP family, the primary first.
        var clusterIPs: [String]?
        /// `ClusterIP`, `NodePort`, `LoadBalancer` or `ExternalName`.
        var type: String?
    }

    /// The cluster IP texts, `clusterIP` first, without repeats.
    var addressTexts: [String] {
        var texts = self.spec?.clusterIPs ?? []
        if let single = self.spec?.clusterIP, !texts.contains(single) {
            texts.insert(single, at: 0)
        }
        return texts.filter { !$0.isEmpty && $0 != "None" }
    }
}
