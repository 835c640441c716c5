extension APIClient {
    /// Lists every object of `kind` (in `namespace`, or all namespaces when `nil`), page by
    /// page, and returns them with the resourceVersion to watch from.
    ///
    /// - Parameter cancellation: stops the list from another thread.
    /// - Throws: `.http` (401, 403, 404, 410 when a page token expired, 5xx), `.tls`,
    ///   `.transport`, `.credential`, `.malformedResponse`, `.cancelled`.
    public func list(
        _ kind: ResourceKind,
        namespace: String?,
        cancellation: CancellationFlag = CancellationFlag()
    ) throws(APIClientError) -> ResourceList {
        let path = self.path(of: kind, namespace: namespace)
        var items: [[UInt8]] = []
        var continueToken: String?
        for _ in 0..<max(1, self.options.maxListPages) {
            var query: [(String, String)] = []
            if self.options.listPageSize > 0 {
                query.append(("limit", String(self.options.listPageSize)))
            }
            if let continueToken {
                query.append(("continue", continueToken))
            }
            let page = try self.listPage(
                Self.target(path, query),
                path: path,
                cancellation: cancellation
            )
            items += page.items
            guard let next = page.continueToken else {
                return ResourceList(items: items, resourceVersion: page.resourceVersion)
            }
            continueToken = next
        }
        throw .malformedResponse(
            message: "list still continues after \(self.options.maxListPages) pages",
            path: path
        )
    }

    /// Reads one page of a list.
    private func listPage(
        _ target: String,
        path: String,
        cancellation: CancellationFlag
    ) throws(APIClientError) -> ResourceList {
        let transfer = try self.transfer(
            target,
            totalTimeoutSeconds: self.options.listTimeoutSeconds,
            acceptsCompression: true
        )
        let cap = self.options.maxListPageBytes
        var body: [UInt8] = []
        var isOverCap = false
        let outcome = try transfer.run(cancellation: cancellation) { bytes in
            guard body.count + bytes.count <= cap else {
                isOverCap = true
                return false
            }
            body.append(contentsOf: bytes)
            return true
        }

        if isOverCap {
            throw .malformedResponse(
                message: "list page over \(cap) bytes; lower the page size",
                path: path
            )
        }
        guard outcome.code == 0, outcome.status == 200 else {
            throw self.failure(outcome, path: path)
        }
        guard let list = ResourceList(json: body) else {
            throw .malformedResponse(
                message: "expected a List with items and metadata.resourceVersion",
                path: path
            )
        }
        return list
    }
}
