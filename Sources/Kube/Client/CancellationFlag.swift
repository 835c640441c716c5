internal import CCurl
import Dispatch
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
    /// Signalled by `cancel()` to wake a `sleep(seconds:)` in progress; a sleeper that wakes
    /// signals it again, so every sleeper wakes however many there are.
    private let wakeup = DispatchSemaphore(value: 0)

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
        self.wakeup.signal()
    }

    /// Waits `seconds`, or less when cancelled; returns whether it was cancelled.
    ///
    /// The flag is set before the semaphore is signalled, and a signal given before the wait
    /// begins is kept by the semaphore, so a cancel racing the start of a sleep is not lost.
    func sleep(seconds: Double) -> Bool {
        guard !self.isCancelled else {
            return true
        }
        let delay = seconds.isNaN ? 0 : min(max(0, seconds), 86_400 * 365)
        if self.wakeup.wait(timeout: DispatchTime.now() + delay) == .timedOut {
            return self.isCancelled
        }
        // Only `cancel()` signals: pass the wake-up on to any other sleeper.
        self.wakeup.signal()
        return true
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
