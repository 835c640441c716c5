import Capture

/// Decoding of the first header of a captured frame, per link type, down to the IP packet.
enum LinkLayer {
    /// Whether `decode` reads frames of this link type.
    static func supports(_ linkType: LinkType) -> Bool {
        switch linkType {
        case .null, .ethernet, .raw, .rawOpenBSD, .linktypeRaw, .ciscoHDLC, .loop, .linuxCooked,
             .ipv4, .ipv6, .nflog, .linuxCookedV2:
            true
        default:
            false
        }
    }

    /// Finds the IP packet inside a frame of the given link type.
    static func payload(of frame: ByteCursor, linkType: LinkType) -> NetworkPayload {
        switch linkType {
        case .ethernet:
            return Self.ethernet(frame)
        case .raw, .rawOpenBSD, .linktypeRaw:
            return NetworkPayload.byVersion(frame)
        case .ipv4:
            return .ipv4(frame)
        case .ipv6:
            return .ipv6(frame)
        case .linuxCooked:
            // 0-1: packet type | 2-3: ARPHRD type | 4-5: address length | 6-13: address
            // 14-15: protocol (EtherType)
            guard let type = frame.u16(at: 14), let rest = frame.dropping(16) else {
                return .truncated
            }
            return EtherType.payload(type: type, rest)
        case .linuxCookedV2:
            // 0-1: protocol (EtherType) | 2-3: reserved | 4-7: interface index
            // 8-9: ARPHRD type | 10: packet type | 11: address length | 12-19: address
            guard let type = frame.u16(at: 0), let rest = frame.dropping(20) else {
                return .truncated
            }
            return EtherType.payload(type: type, rest)
        case .ciscoHDLC:
            // 0: address | 1: control | 2-3: protocol (EtherType)
            guard let type = frame.u16(at: 2), let rest = frame.dropping(4) else {
                return .truncated
            }
            return EtherType.payload(type: type, rest)
        case .null:
            return Self.loopback(frame, acceptsEitherByteOrder: true)
        case .loop:
            return Self.loopback(frame, acceptsEitherByteOrder: false)
        case .nflog:
            return NFLOG.payload(frame)
        default:
            return .unsupportedLink
        }
    }

    /// Reads an Ethernet II header (IEEE 802.3, RFC 894).
    ///
    ///     0-5: destination MAC | 6-11: source MAC | 12-13: EtherType (or 802.3 length <= 1500)
    static func ethernet(_ frame: ByteCursor) -> NetworkPayload {
        guard let type = frame.u16(at: 12), let rest = frame.dropping(14) else {
            return .truncated
        }
        // Values up to 1500 are 802.3 lengths followed by LLC, never IP in practice.
        return EtherType.payload(type: type, rest)
    }

    /// Reads a BSD loopback header: a 4-byte address family, then the packet.
    ///
    /// DLT_NULL writes the family in the byte order of the capturing host, which a reader
    /// cannot know, so both orders are tried; DLT_LOOP writes it big-endian.
    private static func loopback(
        _ frame: ByteCursor,
        acceptsEitherByteOrder: Bool
    ) -> NetworkPayload {
        guard let bigEndian = frame.u32(at: 0), let littleEndian = frame.u32LittleEndian(at: 0),
              let packet = frame.dropping(4)
        else { return .truncated }
        if let payload = Self.family(bigEndian, packet) { return payload }
        if acceptsEitherByteOrder, let payload = Self.family(littleEndian, packet) {
            return payload
        }
        return .notIP
    }

    /// The packet a BSD address family announces, or `nil` for a family that is not IP.
    private static func family(_ value: UInt32, _ packet: ByteCursor) -> NetworkPayload? {
        switch value {
        case 2: .ipv4(packet)
        // AF_INET6 differs by system: NetBSD and OpenBSD 24, FreeBSD 28, Darwin 30.
        case 24, 28, 30: .ipv6(packet)
        default: nil
        }
    }
}
