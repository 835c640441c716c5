/// Decoding of what follows a 2-byte EtherType: IP, VLAN tag stacks, MPLS and PPPoE sessions.
///
/// Ethernet, Linux cooked captures and Cisco HDLC all end in an EtherType, so they share this.
enum EtherType {
    /// IPv4 (RFC 894).
    static let ipv4: UInt16 = 0x0800
    /// IPv6 (RFC 2464).
    static let ipv6: UInt16 = 0x86dd
    /// IEEE 802.1Q customer VLAN tag.
    static let vlan: UInt16 = 0x8100
    /// IEEE 802.1ad service VLAN tag (QinQ outer tag).
    static let qinq: UInt16 = 0x88a8
    /// The pre-standard QinQ outer tag some switches still send.
    static let qinqLegacy: UInt16 = 0x9100
    /// MPLS unicast (RFC 3032).
    static let mplsUnicast: UInt16 = 0x8847
    /// MPLS multicast (RFC 5332).
    static let mplsMulticast: UInt16 = 0x8848
    /// PPPoE session stage (RFC 2516).
    static let pppoeSession: UInt16 = 0x8864

    /// Tags beyond this many in one frame are treated as garbage, not unwrapped.
    static let maxVLANTags = 8
    /// Labels beyond this many in one stack are treated as garbage, not popped.
    static let maxMPLSLabels = 16

    /// Decodes the payload announced by `type`, unwrapping VLAN tags, MPLS and PPPoE.
    ///
    /// - Parameters:
    ///   - type: the EtherType that precedes `rest`.
    ///   - rest: the bytes after the EtherType.
    static func payload(type: UInt16, _ rest: ByteCursor) -> NetworkPayload {
        var type = type
        var rest = rest
        var tags = 0
        // 802.1Q tag:  0-1: TCI (priority, DEI, VLAN id) | 2-3: inner EtherType
        while type == Self.vlan || type == Self.qinq || type == Self.qinqLegacy {
            guard tags < Self.maxVLANTags else {
                // Limitation: a frame with more than 8 VLAN tags is counted as non_ip.
                return .notIP
            }
            guard let inner = rest.u16(at: 2), let after = rest.dropping(4) else {
                return .truncated
            }
            type = inner
            rest = after
            tags += 1
        }
        switch type {
        case Self.ipv4: return .ipv4(rest)
        case Self.ipv6: return .ipv6(rest)
        case Self.mplsUnicast, Self.mplsMulticast: return Self.mpls(rest)
        case Self.pppoeSession: return Self.pppoe(rest)
        default: return .notIP
        }
    }

    /// Pops an MPLS label stack (RFC 3032) and finds the IP packet under it.
    ///
    ///     each label, 4 bytes: label(20) | traffic class(3) | bottom of stack(1) | ttl(8)
    private static func mpls(_ stack: ByteCursor) -> NetworkPayload {
        var offset = 0
        for _ in 0..<Self.maxMPLSLabels {
            guard let flags = stack.u8(at: offset + 2), stack.has(offset + 4) else {
                return .truncated
            }
            offset += 4
            if flags & 0x01 == 0 { continue }
            guard let packet = stack.dropping(offset), let first = packet.u8(at: 0) else {
                return .truncated
            }
            switch first >> 4 {
            case 4: return .ipv4(packet)
            case 6: return .ipv6(packet)
            default:
                // Limitation: MPLS pseudowires (Ethernet over MPLS, with or without a control
                // word) are not unwrapped; their frames are counted as non_ip.
                return .notIP
            }
        }
        // Limitation: a stack of more than 16 labels is counted as non_ip.
        return .notIP
    }

    /// Reads a PPPoE session header (RFC 2516) and the PPP protocol after it (RFC 1661).
    ///
    ///     0: ver(4)=1 type(4)=1 | 1: code=0 | 2-3: session id | 4-5: length
    ///     6-7: PPP protocol, or 6 alone when protocol field compression is on
    ///
    /// PPP protocol numbers have an even first byte and an odd last byte, so an odd byte at
    /// offset 6 is a compressed 1-byte protocol (RFC 1661, section 6.5).
    private static func pppoe(_ session: ByteCursor) -> NetworkPayload {
        guard let versionAndType = session.u8(at: 0), let code = session.u8(at: 1),
              let first = session.u8(at: 6)
        else { return .truncated }
        guard versionAndType == 0x11, code == 0 else { return .notIP }
        let isCompressed = first & 0x01 != 0
        guard let pppProtocol = isCompressed ? UInt16(first) : session.u16(at: 6),
              let packet = session.dropping(isCompressed ? 7 : 8)
        else { return .truncated }
        switch pppProtocol {
        case 0x0021: return .ipv4(packet)
        case 0x0057: return .ipv6(packet)
        default:
            // PPP control traffic (LCP, IPCP...) and other network protocols.
            return .notIP
        }
    }
}
