/// Recognition of VXLAN (RFC 7348): an Ethernet frame carried in a UDP datagram.
///
///     UDP, 8 bytes:   0-1: source port | 2-3: destination port (4789) | 4-5: length | 6-7: sum
///     VXLAN, 8 bytes: 0: flags (0x08 = VNI valid) | 1-3: reserved | 4-6: VNI | 7: reserved
///     then the inner Ethernet frame
enum VXLAN {
    /// The IANA-assigned VXLAN port.
    static let port: UInt16 = 4789

    /// What a UDP datagram holds, as far as decoding is concerned.
    enum Content {
        /// A VXLAN inner Ethernet frame, borrowed from the datagram.
        case innerFrame(ByteCursor)
        /// Not VXLAN (another port, or the VNI flag is clear).
        case other
        /// The capture ends inside the UDP or VXLAN header.
        case truncated
    }

    /// Classifies a UDP datagram from its captured bytes.
    static func content(ofUDP datagram: ByteCursor) -> Content {
        guard let destinationPort = datagram.u16(at: 2) else { return .truncated }
        guard destinationPort == Self.port else { return .other }
        guard let flags = datagram.u8(at: 8), let inner = datagram.dropping(16) else {
            return .truncated
        }
        return flags & 0x08 != 0 ? .innerFrame(inner) : .other
    }
}
