import Capture
import Decode

/// Answering "who was this address at that time" from the state.
extension IdentityMapState {
    /// Who `address` (on `port`) was at `time`, in this order: a pod with its own address; a
    /// service's cluster IP; then a node's address, with its host-network pods told apart by
    /// port (see `hostNetworkIdentity(of:port:at:)`).
    func identity(of address: IPAddress, port: UInt16, at time: Timestamp) -> Identity? {
        if let record = self.pods.latest(at: address, time: time) {
            return record.value
        }
        if let record = self.services.latest(at: address, time: time) {
            return record.value
        }
        return self.hostNetworkIdentity(of: address, port: port, at: time)
    }

    /// How current the map is: the worst of the three resources, where not yet synced is worse
    /// than stale (no names at all against old ones), and an earlier stale is worse.
    var freshness: SyncState {
        var worst = SyncState.synced
        for kind in ResourceKind.allCases {
            let state = self.syncStates[kind] ?? .notSynced
            switch (worst, state) {
            case (_, .synced), (.notSynced, _):
                continue
            case (_, .notSynced):
                worst = .notSynced
            case (.stale(let since, _), .stale(let other, _)) where other >= since:
                continue
            case (_, .stale):
                worst = state
            }
        }
        return worst
    }

    /// The counters, with the sizes filled in.
    var statistics: IdentityMapStatistics {
        var statistics = self.counters
        statistics.pods = self.pods.holderCount + self.hostNetworkPods.holderCount
        statistics.services = self.services.holderCount
        statistics.nodes = self.nodes.holderCount
        statistics.addressRecords =
            self.pods.recordCount + self.hostNetworkPods.recordCount
            + self.services.recordCount + self.nodes.recordCount
        return statistics
    }

    // MARK: - Host network

    /// Who a node's address was: the one host-network pod there that declares `port`, else
    /// the node with `isHostNetwork` set when such pods share the address (a guess is never
    /// made), else just the node.
    ///
    /// A pod that has ended (in its grace) and a pod that started after it may both declare
    /// the port; as with a reused pod address, the later one has it.
    private func hostNetworkIdentity(
        of address: IPAddress,
        port: UInt16,
        at time: Timestamp
    ) -> Identity? {
        let candidates = self.hostNetworkPods.all(at: address, time: time)
        let node =
            self.nodes.latest(at: address, time: time)?.value
            ?? Self.sharedNode(of: candidates)

        let matches = candidates.filter { $0.value.ports.contains(port) }
        if let owner = Self.soleOwner(of: matches) {
            return owner.value.identity
        }
        if candidates.isEmpty {
            return node.map { Identity(node: $0) }
        }
        // Limitation: a host-network pod that declares no port, or a port that several such
        // pods declare, is reported as its node with host_network true, never as a pod.
        return Identity(node: node, isHostNetwork: true)
    }

    /// The only record holding a port: the sole match, or the only live match when every
    /// other match has ended and started before it.
    private static func soleOwner(
        of matches: [AddressBook<HostNetworkPod>.Record]
    ) -> AddressBook<HostNetworkPod>.Record? {
        if matches.count == 1 {
            return matches.first
        }
        let live = matches.filter { $0.until == AddressBook<HostNetworkPod>.endless }
        guard live.count == 1, let successor = live.first else { return nil }
        let othersCameBefore = matches.allSatisfy { record in
            record.holder == successor.holder || record.rank < successor.rank
        }
        return othersCameBefore ? successor : nil
    }

    /// The node all `records` run on, when they agree on one.
    private static func sharedNode(of records: [AddressBook<HostNetworkPod>.Record]) -> String? {
        let nodes = Set(records.compactMap { $0.value.identity.node })
        return nodes.count == 1 ? nodes.first : nil
    }
}
