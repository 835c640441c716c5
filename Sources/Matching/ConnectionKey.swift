import Decode

/// The two endpoints of a TCP connection in a fixed order, so both directions find one entry.
struct ConnectionKey: Hashable {
    /// The lower of the two endpoints.
    var lower: Endpoint
    /// The higher of the two endpoints.
    var upper: Endpoint

    /// The key of the connection that carries a segment from `source` to `destination`.
    init(_ source: Endpoint, _ destination: Endpoint) {
        if source < destination {
            self.lower = source
            self.upper = destination
        } else {
            self.lower = destination
            self.upper = source
        }
    }
}
