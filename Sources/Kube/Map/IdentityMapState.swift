import Capture
import Decode

/// What an identity map knows, behind its mutex: who held which address when, and how current
/// each resource is. All methods run with the lock held and do no I/O.
struct IdentityMapState: Sendable {
    /// How an update's records are timed.
    enum Validity: Sendable {
        /// Learnt from the API at this wall-clock time: records start at the object's start and
        /// end a grace period after it goes.
        case live(at: Timestamp)
        /// Read from a pods file: every record is valid for all time.
        case allTime
    }

    /// How long a deleted object's addresses still resolve to it.
    let graceNanoseconds: Int64
    /// How long after its end a record is kept for exchanges reported late.
    let retentionNanoseconds: Int64

    /// Pods with their own addresses.
    var pods = AddressBook<Identity>()
    /// Pods that share their node's address.
    var hostNetworkPods = AddressBook<HostNetworkPod>()
    /// Services by cluster IP.
    var services = AddressBook<Identity>()
    /// Node names by node address.
    var nodes = AddressBook<String>()

    /// The watchers' sync state per resource.
    var syncStates: [ResourceKind: SyncState] = [
        .pods: .notSynced,
        .services: .notSynced,
        .nodes: .notSynced,
    ]
    /// Counters (the sizes are filled in when read).
    var counters = IdentityMapStatistics()

    /// The latest update time seen; updates from several watchers may arrive out of order.
    private var latestTime: Timestamp?
    /// When pruning is next due.
    private var nextPruneTime: Timestamp?

    /// An empty state, nothing synced; negative durations count as 0.
    init(graceNanoseconds: Int64, retentionNanoseconds: Int64) {
        self.graceNanoseconds = max(0, graceNanoseconds)
        self.retentionNanoseconds = max(0, retentionNanoseconds)
    }

    // MARK: - Updates

    /// Adds or updates one object.
    mutating func upsert(_ object: APIObject, _ validity: Validity) {
        switch object {
        case .pod(let pod):
            self.upsertPod(pod, validity)
        case .service(let service):
            let metadata = service.metadata
            let identity = Identity(namespace: metadata.namespace, service: metadata.name)
            let addresses = self.addresses(service.addressTexts)
            let timing = self.timing(of: metadata, key: metadata.key, in: self.services, validity)
            self.services.hold(
                metadata.key,
                addresses: addresses,
                value: identity,
                from: timing.from,
                until: timing.until,
                released: timing.released
            )
        case .node(let node):
            let metadata = node.metadata
            let addresses = self.addresses(node.addressTexts)
            let timing = self.timing(of: metadata, key: metadata.key, in: self.nodes, validity)
            self.nodes.hold(
                metadata.key,
                addresses: addresses,
                value: metadata.name,
                from: timing.from,
                until: timing.until,
                released: timing.released
            )
        }
    }

    /// Ends what `object` held, a grace period after `time` (a DELETED event).
    mutating func remove(_ object: APIObject, at time: Timestamp) {
        let until = self.afterGrace(time)
        switch object {
        case .pod(let pod):
            self.pods.release(pod.metadata.key, until: until)
            self.hostNetworkPods.release(pod.metadata.key, until: until)
        case .service(let service):
            self.services.release(service.metadata.key, until: until)
        case .node(let node):
            self.nodes.release(node.metadata.key, until: until)
        }
    }

    /// Takes a full list of `kind` read at `time`: its objects are added or updated, and
    /// objects missing from it end a grace period after `time` (they went while the watch was
    /// down), so exchanges just before the re-list still resolve to them.
    mutating func replace(_ kind: ResourceKind, with objects: [APIObject], at time: Timestamp) {
        var listed: Set<String> = []
        for object in objects {
            self.upsert(object, .live(at: time))
            listed.insert(object.key)
        }

        let until = self.afterGrace(time)
        switch kind {
        case .pods:
            for holder in self.pods.holders where !listed.contains(holder) {
                self.pods.release(holder, until: until)
            }
            for holder in self.hostNetworkPods.holders where !listed.contains(holder) {
                self.hostNetworkPods.release(holder, until: until)
            }
        case .services:
            for holder in self.services.holders where !listed.contains(holder) {
                self.services.release(holder, until: until)
            }
        case .nodes:
            for holder in self.nodes.holders where !listed.contains(holder) {
                self.nodes.release(holder, until: until)
            }
        }
    }

    /// Drops records that ended more than the retention before the latest update, at most
    /// once per tenth of the retention (and at least a second apart) of update time.
    /// - Complexity: O(ended records) when due, O(1) otherwise.
    mutating func pruneIfDue(at time: Timestamp) {
        let latest = max(self.latestTime ?? time, time)
        self.latestTime = latest
        if let due = self.nextPruneTime, latest < due {
            return
        }

        // Limitation: an exchange looked up more than the retention after its address's holder
        // ended (a report held back that long) finds no record and is reported without names.
        let horizon = latest.advanced(byNanoseconds: -self.retentionNanoseconds)
        var dropped = self.pods.prune(endedBefore: horizon)
        dropped += self.hostNetworkPods.prune(endedBefore: horizon)
        dropped += self.services.prune(endedBefore: horizon)
        dropped += self.nodes.prune(endedBefore: horizon)
        self.counters.prunedRecords += dropped
        let interval = max(1_000_000_000, self.retentionNanoseconds / 10)
        self.nextPruneTime = latest.advanced(byNanoseconds: interval)
    }

    // MARK: - Pods

    private mutating func upsertPod(_ pod: PodObject, _ validity: Validity) {
        // Limitation: which pod held an address is kept over time, but a pod's own fields
        // (labels, node, workload) are kept as last seen: an exchange reported after a pod's
        // labels changed shows the new labels, even if it happened before the change.
        let metadata = pod.metadata
        let labels = metadata.labels ?? [:]
        let owners = metadata.ownerReferences ?? []
        let identity = Identity(
            pod: metadata.name,
            namespace: metadata.namespace,
            uid: metadata.uid,
            workload: Workload(podName: metadata.name, labels: labels, owners: owners),
            node: pod.spec?.nodeName,
            labels: labels.map { Label(key: $0.key, value: $0.value) }.sorted { $0.key < $1.key }
        )
        let addresses = self.addresses(pod.addressTexts)
        let key = metadata.key
        let start = pod.status?.startTime

        if pod.isHostNetwork {
            // Not bound to a local: a second reference would make `hold` copy the whole book.
            var timing = self.timing(
                of: metadata,
                start: start,
                key: key,
                in: self.hostNetworkPods,
                validity
            )
            self.endIfTerminated(pod, &timing, existing: self.hostNetworkPods.until(of: key))
            self.hostNetworkPods.hold(
                key,
                addresses: addresses,
                value: HostNetworkPod(identity: identity, ports: pod.tcpPorts),
                from: timing.from,
                until: timing.until,
                released: timing.released,
                rank: timing.rank
            )
        } else {
            var timing = self.timing(of: metadata, start: start, key: key, in: self.pods, validity)
            self.endIfTerminated(pod, &timing, existing: self.pods.until(of: key))
            self.pods.hold(
                key,
                addresses: addresses,
                value: identity,
                from: timing.from,
                until: timing.until,
                released: timing.released,
                rank: timing.rank
            )
        }
    }

    /// A pod whose containers all ended (`Succeeded`, `Failed`) has given its address back:
    /// live, its records end a grace period after it was first seen so (a Job's finished pod
    /// stays in the API long after); in a pods file it ranks below any pod that still runs.
    private func endIfTerminated(_ pod: PodObject, _ timing: inout Timing, existing: Timestamp?) {
        guard pod.hasTerminated else { return }
        switch timing.validity {
        case .live(let time):
            let endless = AddressBook<Identity>.endless
            timing.until = min(timing.until, existing ?? endless, self.afterGrace(time))
        case .allTime:
            timing.rank = AddressBook<Identity>.beginning
        }
    }

    // MARK: - Timing

    /// When an object's records start, end and rank.
    private struct Timing {
        var validity: Validity
        var from: Timestamp
        var until: Timestamp
        var released: Timestamp
        var rank: Timestamp
    }

    /// Timing for an object: live, from its start (or creation, or when first seen) until a
    /// grace period past its `deletionTimestamp`; from a file, all time, ranked by its start.
    private mutating func timing<Value>(
        of metadata: ObjectMeta,
        start: String? = nil,
        key: String,
        in book: AddressBook<Value>,
        _ validity: Validity
    ) -> Timing {
        let started = self.time(start) ?? self.time(metadata.creationTimestamp)
        switch validity {
        case .live(let now):
            let from = started ?? book.from(of: key) ?? now
            var until = AddressBook<Value>.endless
            if let deletion = self.time(metadata.deletionTimestamp) {
                until = self.afterGrace(deletion)
            }
            return Timing(
                validity: validity,
                from: from,
                until: until,
                released: self.afterGrace(now),
                rank: from
            )
        case .allTime:
            let beginning = AddressBook<Value>.beginning
            return Timing(
                validity: validity,
                from: beginning,
                until: AddressBook<Value>.endless,
                released: AddressBook<Value>.endless,
                rank: started ?? beginning.advanced(byNanoseconds: 1)
            )
        }
    }

    /// `time` plus the grace (saturating at the end of time).
    private func afterGrace(_ time: Timestamp) -> Timestamp {
        time.advanced(byNanoseconds: self.graceNanoseconds)
    }

    /// An RFC 3339 time; a text that is not one is counted and treated as absent.
    private mutating func time(_ text: String?) -> Timestamp? {
        guard let text, !text.isEmpty else { return nil }
        guard let time = RFC3339.timestamp(text) else {
            self.counters.badTimes += 1
            return nil
        }
        return time
    }

    /// Parsed addresses; texts that are not addresses are counted and left out.
    private mutating func addresses(_ texts: [String]) -> [IPAddress] {
        var addresses: [IPAddress] = []
        for text in texts {
            guard let address = IPAddress(text) else {
                self.counters.badAddresses += 1
                continue
            }
            if !addresses.contains(address) {
                addresses.append(address)
            }
        }
        return addresses
    }
}
