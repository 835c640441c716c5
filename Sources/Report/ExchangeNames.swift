import Kube

/// Who the two ends of an exchange were, as the identity map knew them at the exchange's time.
public struct ExchangeNames: Sendable {
    /// The client's identity, when known.
    public var client: Identity?
    /// The server's identity, when known.
    public var server: Identity?
    /// Where this capture saw the exchange from, when the capture's node is known.
    public var vantage: Vantage?
    /// How current the identity map was.
    public var freshness: SyncState

    public init(
        client: Identity?,
        server: Identity?,
        vantage: Vantage?,
        freshness: SyncState
    ) {
        self.client = client
        self.server = server
        self.vantage = vantage
        self.freshness = freshness
    }
}

/// Which end's node a capture saw an exchange from.
public enum Vantage: String, Sendable {
    /// Client and server run on this node.
    case sameNode = "same_node"
    /// Only the client runs on this node.
    case clientNode = "client_node"
    /// Only the server runs on this node.
    case serverNode = "server_node"
    /// Neither end is known to run on this node (host traffic, unknown addresses).
    case other
}
