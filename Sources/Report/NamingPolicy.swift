import Capture
import Kube
import Matching

/// How reported exchanges are named and which are kept: the identity map to ask, the labels
/// to print, the namespaces and selector that limit the report, and the node this capture
/// runs on (for reporting each exchange from one node only).
public struct NamingPolicy: Sendable {
    /// The well-known labels printed when `--labels` is not given.
    public static let defaultLabelKeys = [
        "app", "app.kubernetes.io/name", "app.kubernetes.io/instance",
        "app.kubernetes.io/component", "app.kubernetes.io/version", "version", "component",
    ]

    /// Where names come from.
    public var lookup: any IdentityLookup
    /// The label keys printed for each end, in this order.
    public var labelKeys: [String]
    /// Only exchanges with an end in one of these namespaces are reported; empty: all.
    public var namespaces: Set<String>
    /// Only exchanges with an end (in `namespaces`) whose labels match are reported.
    public var selector: LabelSelector
    /// The node this capture runs on (the downward API's `spec.nodeName`).
    public var nodeName: String?
    /// Whether every vantage reports (no de-duplication across nodes).
    public var reportsAllVantages: Bool

    public init(
        lookup: any IdentityLookup,
        labelKeys: [String] = NamingPolicy.defaultLabelKeys,
        namespaces: Set<String> = [],
        selector: LabelSelector = .everything,
        nodeName: String? = nil,
        reportsAllVantages: Bool = false
    ) {
        self.lookup = lookup
        self.labelKeys = labelKeys
        self.namespaces = namespaces
        self.selector = selector
        self.nodeName = nodeName
        self.reportsAllVantages = reportsAllVantages
    }

    /// Names both ends of `exchange` at its own time.
    public func names(for exchange: Exchange) -> ExchangeNames {
        let time = exchange.requestStart ?? exchange.responseStart ?? exchange.endedAt
            ?? Timestamp.zero
        let client = self.lookup.identity(of: exchange.client.ip, port: exchange.client.port,
                                          at: time)
        let server = self.lookup.identity(of: exchange.server.ip, port: exchange.server.port,
                                          at: time)
        return ExchangeNames(
            client: client,
            server: server,
            vantage: self.vantage(client: client, server: server),
            freshness: self.lookup.freshness
        )
    }

    /// Whether an exchange so named belongs in this capture's report.
    ///
    /// With a node name, an exchange between two nodes is reported by the server's node only
    /// (or by the client's node when the server is outside the cluster), so that a DaemonSet's
    /// combined log holds each exchange once; an exchange neither end of which is known to be
    /// on any node is reported wherever it is seen.
    /// Before the first list has arrived nothing can be told apart, so everything is
    /// reported (each line says `not_synced`) rather than silently dropped.
    public func admits(_ names: ExchangeNames) -> Bool {
        if names.freshness == .notSynced {
            return true
        }
        guard self.matchesScope(names.client) || self.matchesScope(names.server) else {
            return false
        }
        guard !self.reportsAllVantages, self.nodeName != nil else { return true }
        switch names.vantage {
        case .sameNode, .serverNode, .other, nil:
            return true
        case .clientNode:
            // The server's own node reports it, unless the server is not on a known node.
            return names.server?.node == nil
        }
    }

    // MARK: - Helpers

    private var isScoped: Bool {
        !self.namespaces.isEmpty || !self.selector.selectsEverything
    }

    private func matchesScope(_ identity: Identity?) -> Bool {
        guard self.isScoped else { return true }
        guard let identity, identity.pod != nil || identity.service != nil else { return false }
        if !self.namespaces.isEmpty {
            guard let namespace = identity.namespace, self.namespaces.contains(namespace)
            else { return false }
        }
        return self.selector.matches(identity.labels)
    }

    private func vantage(client: Identity?, server: Identity?) -> Vantage? {
        guard let node = self.nodeName else { return nil }
        let clientHere = client?.node == node
        let serverHere = server?.node == node
        switch (clientHere, serverHere) {
        case (true, true): return .sameNode
        case (true, false): return .clientNode
        case (false, true): return .serverNode
        case (false, false): return .other
        }
    }
}
