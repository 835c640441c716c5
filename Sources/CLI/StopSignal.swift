#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Set by SIGINT or SIGTERM; the packet loop checks it between reads.
let stopRequested = Atomic<Bool>(false)

/// Set by SIGHUP: the report file was rotated and must be opened again.
let reopenRequested = Atomic<Bool>(false)

/// Turns SIGINT and SIGTERM into a request to stop cleanly (a second signal exits at once),
/// and SIGHUP into a request to reopen the report file after log rotation.
enum StopSignal {
    /// Installs the handlers and ignores SIGPIPE, so a closed report pipe is an error return
    /// rather than a silent death.
    ///
    /// SIGINT and SIGTERM are also unblocked: a blocked mask survives `exec`, so a parent
    /// that blocked them (a test runner, some supervisors) would otherwise leave them pending
    /// forever and the capture could not be stopped.
    static func install() {
        signal(SIGPIPE, SIG_IGN)
        let handler: @convention(c) (Int32) -> Void = { number in
            if stopRequested.exchange(true, ordering: .relaxed) {
                // Safe: _exit is async-signal-safe; the user asked twice.
                _exit(128 + number)
            }
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        signal(SIGHUP, { _ in reopenRequested.store(true, ordering: .relaxed) })
        // After the handlers, so that a signal already pending stops cleanly.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGINT)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGHUP)
        sigprocmask(SIG_UNBLOCK, &stopSignals, nil)
    }

    /// Whether the report file should be reopened; reading the request clears it.
    static func takeReopenRequest() -> Bool {
        reopenRequested.exchange(false, ordering: .relaxed)
    }

    /// Whether a stop was requested.
    static var isRequested: Bool {
        stopRequested.load(ordering: .relaxed)
    }
}
