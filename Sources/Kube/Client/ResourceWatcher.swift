import Capture
import Dispatch
import Glibc
import Synchronization

/// Keeps a `ResourceStore` current with one kind of object: lists it, then watches it, on its
/// own thread, for as long as earshot runs.
///
/// The cycle: list → `store.replace` → watch from the list's resourceVersion. BOOKMARK events
/// move the resourceVersion only; ADDED, MODIFIED and DELETED go to `store.apply`. When the
/// version is too old (an ERROR event or HTTP status 410) it lists again; when the stream
/// closes or times out it watches again from the last version seen. Any other failure marks
/// the store stale and retries with exponential back-off and jitter; capture never waits for
/// it. A failure is logged when it starts and when it clears, not on every retry.
public final class ResourceWatcher: Sendable {
    /// Timing and scope.
    public struct Options: Sendable, Equatable {
        /// The namespace to watch, or `nil` for all (ignored for nodes).
        public var namespace: String?
        /// The shortest server-side watch timeout asked for; each watch asks for a random
        /// value between this and twice it, so watchers do not expire in step.
        public var watchTimeoutSeconds: Int
        /// The first back-off delay's base after a failure.
        public var initialBackoffSeconds: Double
        /// The largest back-off delay's base.
        public var maxBackoffSeconds: Double
        /// A watch that ends sooner than this having delivered nothing is paced by the
        /// back-off, so a server that closes every stream at once is not hammered.
        public var minimumWatchSeconds: Double
        /// How long `stop()` waits for the thread to finish.
        public var joinTimeoutSeconds: Double

        /// Creates options; the defaults suit a real cluster.
        public init(
            namespace: String? = nil,
            watchTimeoutSeconds: Int = 300,
            initialBackoffSeconds: Double = 0.5,
            maxBackoffSeconds: Double = 30,
            minimumWatchSeconds: Double = 1,
            joinTimeoutSeconds: Double = 5
        ) {
            self.namespace = namespace
            self.watchTimeoutSeconds = watchTimeoutSeconds
            self.initialBackoffSeconds = initialBackoffSeconds
            self.maxBackoffSeconds = maxBackoffSeconds
            self.minimumWatchSeconds = minimumWatchSeconds
            self.joinTimeoutSeconds = joinTimeoutSeconds
        }
    }

    /// Where the watcher's thread is in its life.
    private enum Phase {
        case idle
        case running
        case stopped
    }

    /// The resource watched.
    public let kind: ResourceKind
    /// Timing and scope.
    public let options: Options
    /// The client, shared with the other watchers.
    let client: APIClient
    /// Where objects go.
    let store: any ResourceStore
    /// Where log lines go.
    let log: KubeLogger
    /// The wall clock, for the store's timestamps (injected by tests).
    let now: @Sendable () -> Timestamp
    /// A source of numbers in `0..<1` for jitter (injected by tests).
    let random: @Sendable () -> Double
    /// Stops the thread's current request and back-off.
    let cancellation = CancellationFlag()
    /// Signalled once when the thread's loop returns.
    private let finished = DispatchSemaphore(value: 0)
    /// Whether the thread was started or stopped.
    private let phase = Mutex<Phase>(.idle)

    /// Creates a watcher; nothing is requested until `start()`.
    ///
    /// - Parameters:
    ///   - kind: The resource to keep current.
    ///   - client: The API client (shared by all watchers).
    ///   - store: Where listed and watched objects go.
    ///   - options: Scope and timing.
    ///   - log: Receives log lines, from the watcher's thread.
    ///   - now: The wall clock; the system's by default.
    ///   - random: Numbers in `0..<1` for jitter; the system generator by default.
    public init(
        kind: ResourceKind,
        client: APIClient,
        store: any ResourceStore,
        options: Options = Options(),
        log: @escaping KubeLogger,
        now: @escaping @Sendable () -> Timestamp = ResourceWatcher.systemNow,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.kind = kind
        self.client = client
        self.store = store
        self.options = options
        self.log = log
        self.now = now
        self.random = random
    }

    /// Starts the watcher's thread; later calls do nothing.
    public func start() {
        let shouldStart = self.phase.withLock { phase in
            guard phase == .idle else {
                return false
            }
            phase = .running
            return true
        }
        guard shouldStart else {
            return
        }
        let result = DedicatedThread.start(name: "kube-\(self.kind.rawValue)") { [self] in
            var loop = WatchLoop(watcher: self)
            loop.run()
            self.finished.signal()
        }
        if result != 0 {
            self.log(.error, KubeLogLine.format(
                "cannot start kubernetes watcher thread; names of this kind stay unknown",
                [("kind", self.kind.rawValue), ("reason", String(cString: strerror(result)))]
            ))
            self.finished.signal()
        }
    }

    /// Cancels the request in flight and any back-off, and waits for the thread to end (at
    /// most `joinTimeoutSeconds`); later calls do nothing.
    public func stop() {
        let wasRunning = self.phase.withLock { phase in
            let wasRunning = phase == .running
            phase = .stopped
            return wasRunning
        }
        self.cancellation.cancel()
        guard wasRunning else {
            return
        }
        let deadline = DispatchTime.now() + self.options.joinTimeoutSeconds
        if self.finished.wait(timeout: deadline) == .timedOut {
            self.log(.warning, KubeLogLine.format(
                "kubernetes watcher did not stop in time",
                [("kind", self.kind.rawValue)]
            ))
        }
    }

    /// The system's wall clock.
    @Sendable public static func systemNow() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int64(spec.tv_sec), nanoseconds: Int64(spec.tv_nsec))
    }
}
