import Capture
import Decode
import Matching

/// A tracker under test and everything it has emitted, shared by the conversations on it.
final class Wire {
    let tracker: ConnectionTracker
    /// Every exchange emitted so far, in emission order.
    var exchanges: [Exchange] = []

    init(limits: TrackerLimits = TrackerLimits()) {
        self.tracker = ConnectionTracker(limits: limits)
    }

    /// Hands one segment to the tracker and keeps what it emits.
    func ingest(_ segment: TCPSegment) {
        self.tracker.ingest(segment) { self.exchanges.append($0) }
    }

    /// Expires connections idle at `milliseconds` of packet time.
    func expireIdle(atMilliseconds milliseconds: Int64) {
        self.tracker.expireIdle(now: .milliseconds(milliseconds)) { self.exchanges.append($0) }
    }

    /// Ends the capture.
    func finishAll() {
        self.tracker.finishAll { self.exchanges.append($0) }
    }

    /// A counter by its summary name; `nil` when no counter has that name.
    func counter(_ name: String) -> Int? {
        self.tracker.counterValues.first { $0.name == name }?.value
    }
}

extension Timestamp {
    /// A packet time given in milliseconds.
    static func milliseconds(_ value: Int64) -> Timestamp {
        Timestamp(nanoseconds: value * 1_000_000)
    }
}
