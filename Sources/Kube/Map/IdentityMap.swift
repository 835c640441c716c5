import Capture
import Decode
import Synchronization

/// Who each address was, and when: pods, services and nodes, fed by the API watchers (as a
/// `ResourceStore`) or a pods file, read by the report (as an `IdentityLookup`).
///
/// Addresses are reused: every pod address is kept as records valid over `[from, until)`.
/// A record starts at the pod's `startTime` (or creation, or when first seen) and ends a grace
/// period after the pod goes: its DELETED event, its `deletionTimestamp`, its phase turning
/// `Succeeded`/`Failed`, or its absence from a re-list. An exchange captured just before the
/// deletion still resolves; a new pod with the address takes over from its own start, because
/// of the records valid at a time the one that started last wins.
///
/// Memory follows the cluster: live objects, plus ended records until they are older than the
/// retention, pruned as updates arrive. Updates decode their JSON before taking the lock;
/// lookups take it briefly and never wait on the API.
public final class IdentityMap: ResourceStore, IdentityLookup {
    /// The default grace: how long a deleted pod's address still names it.
    public static let defaultGraceNanoseconds: Int64 = 30_000_000_000
    /// The default retention: how long past its end a record is kept for lookups of earlier
    /// times (exchanges reported late).
    public static let defaultRetentionNanoseconds: Int64 = 600_000_000_000

    private let state: Mutex<IdentityMapState>

    /// Creates an empty map, not yet synced.
    /// - Parameters:
    ///   - graceNanoseconds: How long after a pod's deletion its addresses still name it.
    ///   - retentionNanoseconds: How long after its end a record is kept; lookups for times
    ///     before the end stay right for that long. Negative values count as 0.
    public init(
        graceNanoseconds: Int64 = IdentityMap.defaultGraceNanoseconds,
        retentionNanoseconds: Int64 = IdentityMap.defaultRetentionNanoseconds
    ) {
        self.state = Mutex(
            IdentityMapState(
                graceNanoseconds: graceNanoseconds,
                retentionNanoseconds: retentionNanoseconds
            )
        )
    }

    // MARK: - ResourceStore

    /// Takes a full list of `kind`, read at `time`; objects missing from it end a grace period
    /// after `time`, malformed ones are counted and skipped.
    public func replace(_ kind: ResourceKind, with objects: [[UInt8]], at time: Timestamp) {
        let decoded = objects.compactMap { APIObject.decode(kind, from: $0) }
        let malformed = objects.count - decoded.count

        self.state.withLock { state in
            state.counters.malformedObjects += malformed
            state.replace(kind, with: decoded, at: time)
            state.pruneIfDue(at: time)
        }
    }

    /// Takes one ADDED, MODIFIED or DELETED event; BOOKMARK and ERROR are ignored, a malformed
    /// object is counted and skipped.
    public func apply(
        _ kind: ResourceKind,
        _ event: WatchEventType,
        object: [UInt8],
        at time: Timestamp
    ) {
        guard event == .added || event == .modified || event == .deleted else { return }
        let decoded = APIObject.decode(kind, from: object)

        self.state.withLock { state in
            guard let decoded else {
                state.counters.malformedObjects += 1
                return
            }
            if event == .deleted {
                state.remove(decoded, at: time)
            } else {
                state.upsert(decoded, .live(at: time))
            }
            state.pruneIfDue(at: time)
        }
    }

    /// Records a watcher's view of how current `kind` is.
    public func noteSyncState(_ kind: ResourceKind, _ state: SyncState) {
        self.state.withLock { map in
            // A resource never listed stays "not synced" while the API fails: nothing is
            // known yet, so nothing can be stale.
            if case .stale = state, map.syncStates[kind] == .notSynced {
                return
            }
            map.syncStates[kind] = state
        }
    }

    // MARK: - IdentityLookup

    /// Who `ip` (on `port`) was at `time`: the pod that held it then, a service's cluster IP,
    /// a host-network pod told apart by `port`, or the node; `nil` when nobody known.
    public func identity(of ip: IPAddress, port: UInt16, at time: Timestamp) -> Identity? {
        self.state.withLock { $0.identity(of: ip, port: port, at: time) }
    }

    /// How current the map is: the worst sync state of pods, services and nodes.
    public var freshness: SyncState {
        self.state.withLock { $0.freshness }
    }

    // MARK: - Other

    /// Counters and sizes, for the summary line.
    public var statistics: IdentityMapStatistics {
        self.state.withLock { $0.statistics }
    }

    /// Adds objects valid for all time (a pods file) and marks every resource synced.
    /// - Parameters:
    ///   - objects: The objects read.
    ///   - malformed: How many items could not be read, to count.
    ///   - ignored: How many items were of other kinds, to count.
    func load(_ objects: [APIObject], malformed: Int, ignored: Int) {
        self.state.withLock { state in
            state.counters.malformedObjects += malformed
            state.counters.ignoredObjects += ignored
            for object in objects {
                state.upsert(object, .allTime)
            }
            for kind in ResourceKind.allCases {
                state.syncStates[kind] = .synced
            }
        }
    }
}
