import Capture

/// The list-and-watch cycle of one `ResourceWatcher`, run on its thread; owns the cycle's
/// state (resourceVersion, back-off, the failure in progress).
struct WatchLoop {
    /// The failure in progress: when it started and how many attempts failed since.
    private struct Failure {
        var since: Timestamp
        var attempts: Int
    }

    /// The watcher this loop serves.
    private let watcher: ResourceWatcher
    /// The version to watch from: the list's, then each event's and bookmark's.
    private(set) var resourceVersion = ""
    /// Whether the next step is a full list (at start, after 410, after a lost event).
    private(set) var needsList = true
    /// The delay before the next attempt after failures.
    private var backoff: Backoff
    /// The failure in progress, if any.
    private var failure: Failure?

    /// Creates the loop of `watcher`.
    init(watcher: ResourceWatcher) {
        self.watcher = watcher
        self.backoff = Backoff(
            initialSeconds: watcher.options.initialBackoffSeconds,
            maxSeconds: watcher.options.maxBackoffSeconds
        )
    }

    /// The kind's name for log lines.
    private var kindName: String {
        self.watcher.kind.rawValue
    }

    /// Runs until the watcher is cancelled.
    mutating func run() {
        while !self.watcher.cancellation.isCancelled {
            do throws(APIClientError) {
                if self.needsList {
                    try self.list()
                }
                try self.watch()
            } catch .cancelled {
                break
            } catch {
                self.handle(error)
            }
        }
        self.watcher.log(.debug, KubeLogLine.format(
            "kubernetes watcher stopped",
            [("kind", self.kindName)]
        ))
    }

    // MARK: - Steps

    /// Lists the kind and replaces what the store holds.
    private mutating func list() throws(APIClientError) {
        let list = try self.watcher.client.list(
            self.watcher.kind,
            namespace: self.watcher.options.namespace,
            cancellation: self.watcher.cancellation
        )
        self.watcher.store.replace(self.watcher.kind, with: list.items, at: self.watcher.now())
        self.resourceVersion = list.resourceVersion
        self.needsList = false
        self.watcher.store.noteSyncState(self.watcher.kind, .synced)
        _ = self.recovered()
        self.watcher.log(.debug, KubeLogLine.format(
            "kubernetes list read",
            [
                ("kind", self.kindName),
                ("objects", String(list.items.count)),
                ("resource_version", list.resourceVersion),
            ]
        ))
    }

    /// Watches from the current version until the stream ends, applying its events.
    private mutating func watch() throws(APIClientError) {
        let base = max(1, self.watcher.options.watchTimeoutSeconds)
        let timeout = base + Int(Double(base) * min(max(self.watcher.random(), 0), 1))
        let started = ContinuousClock.now
        var delivered = 0
        try self.watcher.client.watch(
            self.watcher.kind,
            namespace: self.watcher.options.namespace,
            resourceVersion: self.resourceVersion,
            timeoutSeconds: timeout,
            cancellation: self.watcher.cancellation
        ) { event in
            delivered += 1
            self.take(event)
        }

        let elapsed = ContinuousClock.now - started
        let minimum = Duration.milliseconds(Int(self.watcher.options.minimumWatchSeconds * 1000))
        if delivered == 0, elapsed < minimum {
            // A stream that closes at once is not a failure, but must not loop at full speed.
            let delay = self.backoff.nextDelay(random: self.watcher.random())
            _ = self.watcher.cancellation.sleep(seconds: delay)
            return
        }
        self.recoveredWhileWatching()
    }

    /// Applies one event (or moves the version for a bookmark).
    private mutating func take(_ event: WatchEvent) {
        if let version = event.resourceVersion, !version.isEmpty {
            self.resourceVersion = version
        }
        if event.type != .bookmark {
            self.watcher.store.apply(
                self.watcher.kind,
                event.type,
                object: event.object,
                at: self.watcher.now()
            )
        }
        if self.failure != nil {
            self.recoveredWhileWatching()
        }
    }

    // MARK: - Failures

    /// Reacts to a failed list or watch: list again after 410, otherwise mark the store stale
    /// and back off.
    private mutating func handle(_ error: APIClientError) {
        if error.isGone, !self.needsList {
            self.needsList = true
            self.watcher.log(.info, KubeLogLine.format(
                "kubernetes watch expired, listing again",
                [("kind", self.kindName), ("resource_version", self.resourceVersion)]
            ))
            return
        }
        if case .malformedResponse = error {
            // An event may have been lost: only a fresh list makes the store right again.
            self.needsList = true
        }
        self.failed(error)
        let delay = self.backoff.nextDelay(random: self.watcher.random())
        _ = self.watcher.cancellation.sleep(seconds: delay)
    }

    /// Counts a failure; the first of a run marks the store stale and is logged.
    private mutating func failed(_ error: APIClientError) {
        if var failure = self.failure {
            failure.attempts += 1
            self.failure = failure
            self.watcher.log(.debug, KubeLogLine.format(
                "kubernetes API still failing",
                [("kind", self.kindName), ("error", error.description)]
            ))
            return
        }
        let since = self.watcher.now()
        self.failure = Failure(since: since, attempts: 1)
        self.watcher.store.noteSyncState(
            self.watcher.kind,
            .stale(since: since, reason: error.description)
        )
        self.watcher.log(.warning, KubeLogLine.format(
            "kubernetes API failing, names may be stale",
            [("kind", self.kindName), ("error", error.description)]
        ))
    }

    /// A watch works again: ends the failure in progress and marks the store current.
    private mutating func recoveredWhileWatching() {
        if self.recovered() {
            self.watcher.store.noteSyncState(self.watcher.kind, .synced)
        }
    }

    /// Resets the back-off and ends the failure in progress, if any, logging it.
    ///
    /// - Returns: whether a failure was in progress.
    private mutating func recovered() -> Bool {
        self.backoff.reset()
        guard let failure = self.failure else {
            return false
        }
        self.failure = nil
        self.watcher.log(.info, KubeLogLine.format(
            "kubernetes API recovered",
            [("kind", self.kindName), ("failed_attempts", String(failure.attempts))]
        ))
        return true
    }
}
