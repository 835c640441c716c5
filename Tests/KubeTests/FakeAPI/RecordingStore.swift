import Capture
import Foundation
@testable import Kube
import Synchronization

/// A `ResourceStore` that remembers every call, for assertions.
final class RecordingStore: ResourceStore {
    /// One call to the store.
    enum Call: Equatable, Sendable {
        case replace(ResourceKind, names: [String])
        case apply(ResourceKind, WatchEventType, name: String)
        case state(ResourceKind, SyncState)
    }

    /// The calls, in order.
    private let recorded = Mutex<[Call]>([])

    /// Every call so far.
    var calls: [Call] {
        self.recorded.withLock { $0 }
    }

    /// The object calls only (replace and apply), in order.
    var changes: [Call] {
        self.calls.filter { call in
            if case .state = call {
                return false
            }
            return true
        }
    }

    /// The last sync state noted, if any.
    var lastState: SyncState? {
        for call in self.calls.reversed() {
            if case .state(_, let state) = call {
                return state
            }
        }
        return nil
    }

    func replace(_ kind: ResourceKind, with objects: [[UInt8]], at time: Timestamp) {
        let names = objects.map { FakeAPI.name(of: $0) ?? "?" }
        self.recorded.withLock { $0.append(.replace(kind, names: names)) }
    }

    func apply(_ kind: ResourceKind, _ event: WatchEventType, object: [UInt8], at time: Timestamp) {
        let name = FakeAPI.name(of: object) ?? "?"
        self.recorded.withLock { $0.append(.apply(kind, event, name: name)) }
    }

    func noteSyncState(_ kind: ResourceKind, _ state: SyncState) {
        self.recorded.withLock { $0.append(.state(kind, state)) }
    }
}

/// A `KubeLogger` that remembers every line.
final class RecordingLog: Sendable {
    /// The lines, in order.
    private let recorded = Mutex<[(KubeLogLevel, String)]>([])

    /// The logger to hand to Kube.
    var logger: KubeLogger {
        { [self] level, message in
            self.recorded.withLock { $0.append((level, message)) }
        }
    }

    /// The messages at `level`.
    func messages(_ level: KubeLogLevel) -> [String] {
        self.recorded.withLock { lines in lines.filter { $0.0 == level }.map(\.1) }
    }
}

/// Polls `condition` every 10 ms until it holds or `seconds` pass; returns whether it held.
func waitUntil(seconds: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() {
            return true
        }
        usleep(10_000)
    }
    return condition()
}
