/// What a link layer (or tunnel) says follows its header: the start of an IP packet, or why
/// there is none.
enum NetworkPayload {
    /// An IPv4 packet starts at the cursor's first byte.
    case ipv4(ByteCursor)
    /// An IPv6 packet starts at the cursor's first byte.
    case ipv6(ByteCursor)
    /// The frame carries something other than IP (ARP, LLDP, an unknown EtherType...).
    case notIP
    /// The capture ends inside a link-layer header.
    case truncated
    /// The link layer announced raw IP but the version nibble is neither 4 nor 6.
    case unknownIPVersion
    /// The decoder does not read this link type.
    case unsupportedLink

    /// The payload for a packet whose IP version is known only from its first nibble.
    static func byVersion(_ packet: ByteCursor) -> NetworkPayload {
        guard let first = packet.u8(at: 0) else { return .truncated }
        switch first >> 4 {
        case 4: return .ipv4(packet)
        case 6: return .ipv6(packet)
        default: return .unknownIPVersion
        }
    }
}
