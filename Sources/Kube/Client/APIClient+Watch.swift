extension APIClient {
    /// Watches `kind` from `resourceVersion`, handing each event to `onEvent` as its line
    /// arrives, until the stream ends.
    ///
    /// Asks for bookmarks (`allowWatchBookmarks=true`) and for the server to end the stream
    /// after `timeoutSeconds`; the client itself gives up `watchGraceSeconds` later on a server
    /// that went silent. Events reach `onEvent` on the calling thread, in stream order: ADDED,
    /// MODIFIED, DELETED and BOOKMARK. An ERROR event ends the watch with `.watchError`.
    ///
    /// - Returns: when the stream ended: the server closed it (its timeout, a restart, a
    ///   dropped connection) or it outlived its deadline. Watch again from the last version.
    /// - Throws: `.watchError` (410 when `resourceVersion` is too old: list again), `.http`,
    ///   `.tls`, `.transport`, `.credential`, `.malformedResponse` (a line that is not an
    ///   event, or one over `maxLineBytes`), `.cancelled`.
    public func watch(
        _ kind: ResourceKind,
        namespace: String?,
        resourceVersion: String,
        timeoutSeconds: Int,
        cancellation: CancellationFlag = CancellationFlag(),
        onEvent: (WatchEvent) -> Void
    ) throws(APIClientError) {
        let path = self.path(of: kind, namespace: namespace)
        var query: [(String, String)] = [("allowWatchBookmarks", "true")]
        if !resourceVersion.isEmpty {
            query.append(("resourceVersion", resourceVersion))
        }
        query.append(("timeoutSeconds", String(max(1, timeoutSeconds))))
        query.append(("watch", "1"))
        let transfer = try self.transfer(
            Self.target(path, query),
            totalTimeoutSeconds: Double(max(1, timeoutSeconds)) + self.options.watchGraceSeconds,
            acceptsCompression: false
        )
        var splitter = LineSplitter(maxLineBytes: self.options.maxLineBytes)
        var stop: APIClientError?
        let outcome = try transfer.run(cancellation: cancellation) { bytes in
            splitter.ingest(bytes) { line in
                guard stop == nil else {
                    return
                }
                stop = Self.deliver(line, path: path, onEvent: onEvent)
            }
            return stop == nil
        }

        if let stop {
            throw stop
        }
        // A 200 whose transfer failed later (reset, cut chunk, deadline) is a closed stream.
        guard outcome.status == 200 else {
            throw self.failure(outcome, path: path)
        }
    }

    /// Hands one line to `onEvent`; returns the error that ends the watch, if it does.
    private static func deliver(
        _ line: LineSplitter.Line,
        path: String,
        onEvent: (WatchEvent) -> Void
    ) -> APIClientError? {
        switch line {
        case .oversized(let length):
            // Limitation: an event longer than `maxLineBytes` (16 MiB by default, ten times the
            // largest object etcd stores) is not applied; the watch ends with
            // malformedResponse, so the watcher marks the store stale and lists again.
            return .malformedResponse(
                message: "watch event of \(length) bytes is over the line cap",
                path: path
            )
        case .complete(let bytes) where bytes.isEmpty:
            return nil
        case .complete(let bytes):
            guard let event = WatchEvent(line: bytes) else {
                return .malformedResponse(
                    message: "watch line is not an event with a type and an object",
                    path: path
                )
            }
            if event.type == .error {
                let status = event.status
                return .watchError(
                    code: status?.code ?? 0,
                    reason: status?.reason ?? "",
                    message: status?.message ?? "",
                    path: path
                )
            }
            onEvent(event)
            return nil
        }
    }
}
