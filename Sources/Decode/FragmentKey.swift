/// What ties IP fragments of one datagram together.
///
/// IPv4 uses (source, destination, protocol, identification) (RFC 791); IPv6 uses (source,
/// destination, identification) (RFC 8200, section 4.5), with `protocolNumber` left 0.
struct FragmentKey: Hashable, Sendable {
    /// The sender's address.
    var source: IPAddress
    /// The receiver's address.
    var destination: IPAddress
    /// The identification field: 16 bits for IPv4, 32 for IPv6.
    var identification: UInt32
    /// The IPv4 protocol number; 0 for IPv6.
    var protocolNumber: UInt8
    /// Whether the fragments are IPv6 ones (so the two families never share a datagram).
    var isIPv6: Bool
}
