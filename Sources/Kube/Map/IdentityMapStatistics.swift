/// Counters and sizes of an identity map, for the summary line (names in snake_case below).
public struct IdentityMapStatistics: Sendable, Equatable {
    /// `kube_malformed_objects`: objects that were not valid JSON, lacked `metadata.name`, or
    /// were of another kind than their list or watch; each was skipped.
    public var malformedObjects = 0
    /// `kube_bad_addresses`: addresses (pod IPs, cluster IPs, node addresses) that were not
    /// IPv4 or IPv6 text; the object was kept without them.
    public var badAddresses = 0
    /// `kube_bad_times`: timestamps that were not RFC 3339; the object was kept, timed from
    /// when it was seen instead.
    public var badTimes = 0
    /// `kube_ignored_objects`: items of a pods file other than Pods, Services and Nodes.
    public var ignoredObjects = 0
    /// `kube_pruned_records`: address records dropped because they ended before the retention
    /// horizon.
    public var prunedRecords = 0
    /// `kube_pods`: pods known, including deleted ones still kept for recent exchanges.
    public var pods = 0
    /// `kube_services`: services known, likewise.
    public var services = 0
    /// `kube_nodes`: nodes known, likewise.
    public var nodes = 0
    /// `kube_address_records`: address records kept, ended ones included.
    public var addressRecords = 0

    /// All counters at 0.
    public init() {}

    /// The counters by their summary names, in a fixed order.
    public var fields: [(name: String, value: Int)] {
        [
            ("kube_pods", self.pods),
            ("kube_services", self.services),
            ("kube_nodes", self.nodes),
            ("kube_address_records", self.addressRecords),
            ("kube_pruned_records", self.prunedRecords),
            ("kube_malformed_objects", self.malformedObjects),
            ("kube_bad_addresses", self.badAddresses),
            ("kube_bad_times", self.badTimes),
            ("kube_ignored_objects", self.ignoredObjects),
        ]
    }
}
