/// One end of a TCP connection: an address and a port.
public struct Endpoint: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The IP address.
    public var ip: IPAddress
    /// The TCP port.
    public var port: UInt16

    /// Creates an endpoint.
    public init(ip: IPAddress, port: UInt16) {
        self.ip = ip
        self.port = port
    }

    public static func < (lhs: Endpoint, rhs: Endpoint) -> Bool {
        (lhs.ip, lhs.port) < (rhs.ip, rhs.port)
    }

    /// `10.0.0.1:80` or `[::1]:80`.
    public var description: String {
        self.ip.isIPv4 ? "\(self.ip):\(self.port)" : "[\(self.ip)]:\(self.port)"
    }
}
