/// Which kind of messages a stream carries.
public enum HTTPRole: Sendable {
    /// The client's stream: requests.
    case client
    /// The server's stream: responses.
    case server
}
