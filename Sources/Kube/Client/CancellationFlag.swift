import Foundation
internal import CCurl
import Synchronization

/// Stops a request, a watch or a watcher's back-off from another thread, promptly.
///
/// `cancel()` sets a flag that the transfer's callbacks and loop check, and wakes the transfer
/// if it is waiting on its socket, so a watch idle between events stops at once rather than at
/// its next event. Once cancelled it stays cancelled.
public final class CancellationFlag: Sendable {
    /// Set once by `cancel()`; read lock-free from libcurl's callbacks.
    private let flag = Atomic<Bool>(false)
    /// The transfer waiting on its socket, if any, to wake on cancel.
    private let waiting = Mutex<WaitingTransfer?>(nil)
    /// Wakes a `sleep(seconds:)` in progress.
    private let condition = NSCondition()

    /// Creates a flag not yet cancelled.
    public init() {}

    /// Whether `cancel()` was called.
    public var isCancelled: Bool {
        self.flag.load(ordering: .acquiring)
    }

    /// Cancels whatever uses this flag now or later; safe from any thread, any number of times.
    public func cancel() {
        self.flag.store(true, ordering: .releasing)
        self.waiting.withLock { transfer in
            if let multi = transfer?.multi {
                curl_multi_wakeup(multi)
            }
        }
        self.condition.lock()
        self.condition.broadcast()
        self.condition.unlock()
    }

    /// Waits `seconds`, or less when cancelled; returns whether it was cancelled.
    func sleep(seconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: max(0, seconds))
        self.condition.lock()
        defer { self.condition.unlock() }
        while !self.isCancelled {
            if !self.condition.wait(until: deadline) {
                break
            }
        }
        return self.isCancelled
    }

    /// Registers the multi handle a transfer waits on, so `cancel()` can wake it; `nil`
    /// unregisters it (before the handle is freed).
    func register(multi: UnsafeMutableRawPointer?) {
        self.waiting.withLock { transfer in
            transfer = multi.map(WaitingTransfer.init(multi:))
        }
        if multi != nil, self.isCancelled {
            self.cancel()
        }
    }
}

/// A libcurl multi handle, held only while its transfer runs.
///
/// Safe: `curl_multi_wakeup` is the one call made through it from another thread, which
/// libcurl documents as thread-safe, and the handle is unregistered under the same lock before
/// it is freed.
private struct WaitingTransfer: @unchecked Sendable {
    let multi: UnsafeMutableRawPointer
}
