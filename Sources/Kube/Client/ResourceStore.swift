import Capture

/// The API resources earshot lists and watches, all cluster-wide (or in one namespace).
public enum ResourceKind: String, Sendable, CaseIterable {
    case pods
    case services
    case nodes

    /// Whether the resource lives in namespaces (nodes do not).
    public var isNamespaced: Bool {
        self != .nodes
    }
}

/// The type of a watch event (`type` in the API's watch stream).
public enum WatchEventType: String, Sendable {
    case added = "ADDED"
    case modified = "MODIFIED"
    case deleted = "DELETED"
    case bookmark = "BOOKMARK"
    case error = "ERROR"
}

/// How current what a store holds of a resource is.
public enum SyncState: Sendable, Equatable {
    /// Nothing listed yet.
    case notSynced
    /// Listed, and the watch is running.
    case synced
    /// The API has been unreachable (or failing) since `since`; the store keeps what it had.
    case stale(since: Timestamp, reason: String)
}

/// Receives what list and watch learn of the cluster. Implemented by the identity map.
///
/// Calls come from the watchers' own threads; implementations synchronise themselves. Objects
/// are the raw JSON of one API object (a Pod, Service or Node), as the API sent it.
public protocol ResourceStore: AnyObject, Sendable {
    /// A full list replaced what the store knew of `kind` (first sync, or a re-list after the
    /// watch expired with 410 Gone). `time` is when the list was read (wall clock).
    func replace(_ kind: ResourceKind, with objects: [[UInt8]], at time: Timestamp)
    /// One watch event (not BOOKMARK or ERROR, which the watcher handles itself).
    func apply(_ kind: ResourceKind, _ event: WatchEventType, object: [UInt8], at time: Timestamp)
    /// The watcher's view of how current the store is.
    func noteSyncState(_ kind: ResourceKind, _ state: SyncState)
}
