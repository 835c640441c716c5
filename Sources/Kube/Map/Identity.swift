import Capture
import Decode

/// The controller a pod belongs to, through its owner references.
public struct Workload: Sendable, Hashable {
    /// `Deployment`, `StatefulSet`, `DaemonSet`, `Job`, `CronJob`, `ReplicaSet`, or `Pod` for a
    /// bare pod.
    public var kind: String
    /// The controller's name.
    public var name: String

    public init(kind: String, name: String) {
        self.kind = kind
        self.name = name
    }
}

/// Who an IP address (and port) was at a moment: a pod, a service's cluster IP, or a node.
public struct Identity: Sendable, Hashable {
    /// The pod's name.
    public var pod: String?
    /// The pod's (or service's) namespace.
    public var namespace: String?
    /// The pod's UID.
    public var uid: String?
    /// The pod's controller.
    public var workload: Workload?
    /// The node the pod runs on, or the node whose address this is.
    public var node: String?
    /// The service whose cluster IP this is.
    public var service: String?
    /// The pod's labels, sorted by key.
    public var labels: [Label]
    /// Whether the address is a node's shared by host-network pods and no single pod could be
    /// told apart by port: the node is named, never a guessed pod.
    public var isHostNetwork: Bool

    public init(
        pod: String? = nil,
        namespace: String? = nil,
        uid: String? = nil,
        workload: Workload? = nil,
        node: String? = nil,
        service: String? = nil,
        labels: [Label] = [],
        isHostNetwork: Bool = false
    ) {
        self.pod = pod
        self.namespace = namespace
        self.uid = uid
        self.workload = workload
        self.node = node
        self.service = service
        self.labels = labels
        self.isHostNetwork = isHostNetwork
    }
}

/// One label of a pod.
public struct Label: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// Answers "who was this address" for the report, without ever blocking the packet path.
public protocol IdentityLookup: Sendable {
    /// Who `ip` (receiving or sending on `port`) was at `time`; `nil` when nobody known.
    func identity(of ip: IPAddress, port: UInt16, at time: Timestamp) -> Identity?
    /// How current the map is: not yet synced, synced, or stale since an API failure.
    var freshness: SyncState { get }
}
