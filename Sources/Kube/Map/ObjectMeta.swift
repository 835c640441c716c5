/// The parts of an API object's `metadata` the identity map uses; everything else is skipped
/// by the decoder.
///
///     "metadata": {"name": "web-7d9f8b6c5d-x2x9k", "namespace": "shop", "uid": "…",
///                  "labels": {"app": "web"}, "creationTimestamp": "2024-05-01T12:00:00Z",
///                  "ownerReferences": [{"kind": "ReplicaSet", "name": "web-7d9f8b6c5d",
///                                       "controller": true, …}], …}
struct ObjectMeta: Decodable, Sendable {
    /// The object's name; required, an object without one is malformed.
    var name: String
    /// The namespace; absent for nodes.
    var namespace: String?
    /// The UID, unique over the cluster's lifetime.
    var uid: String?
    /// All labels, as the API sent them.
    var labels: [String: String]?
    /// Controllers and other owners of the object.
    var ownerReferences: [OwnerReference]?
    /// When the object was created (RFC 3339 text).
    var creationTimestamp: String?
    /// When graceful deletion ends (RFC 3339 text); set once deletion was requested.
    var deletionTimestamp: String?

    /// A key that tells objects apart: the UID, or namespace and name when the UID is missing.
    var key: String {
        if let uid = self.uid, !uid.isEmpty {
            return uid
        }
        return (self.namespace ?? "") + "/" + self.name
    }
}

/// One entry of `metadata.ownerReferences`.
struct OwnerReference: Decodable, Sendable {
    /// The owner's kind: `ReplicaSet`, `StatefulSet`, `DaemonSet`, `Job`, `Node`, …
    var kind: String
    /// The owner's name.
    var name: String
    /// Whether the owner is the managing controller (at most one owner is).
    var controller: Bool?
}
