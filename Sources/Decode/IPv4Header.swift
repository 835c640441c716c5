/// An IPv4 header (RFC 791, section 3.1), read from captured bytes.
///
///     0: version(4) ihl(4) | 1: DSCP/ECN | 2-3: total length | 4-5: identification
///     6-7: flags(3) fragment offset(13) | 8: ttl | 9: protocol | 10-11: checksum
///     12-15: source | 16-19: destination | 20..<ihl*4: options
///
/// `payload` borrows the packet bytes it was read from.
struct IPv4Header {
    /// The sender's address.
    var source: IPAddress
    /// The receiver's address.
    var destination: IPAddress
    /// The transport protocol number.
    var protocolNumber: UInt8
    /// The identification field that ties fragments of one datagram together.
    var identification: UInt16
    /// Where this fragment's data sits in the datagram, in bytes.
    var fragmentOffset: Int
    /// Whether the MF flag is set: more fragments follow this one.
    var hasMoreFragments: Bool
    /// The captured bytes after the header, cut at the total length (so Ethernet padding is
    /// dropped); shorter than `payloadLength` when the snap length cut the packet.
    var payload: ByteCursor
    /// The payload length the header announces.
    var payloadLength: Int

    /// Whether this packet is one fragment of a larger datagram.
    var isFragment: Bool {
        self.hasMoreFragments || self.fragmentOffset != 0
    }

    /// The datagram this packet carries when it is not a fragment.
    var datagram: IPDatagram {
        IPDatagram(
            source: self.source,
            destination: self.destination,
            protocolNumber: self.protocolNumber,
            payload: self.payload,
            payloadLength: self.payloadLength
        )
    }

    /// Reads the header at the start of `packet`.
    ///
    /// A total length of 0 means "use the captured length": a sender with segmentation offload
    /// hands the capture one large packet before the NIC splits it and fills the lengths in.
    static func parse(_ packet: ByteCursor) -> HeaderParse<IPv4Header> {
        guard let versionAndIHL = packet.u8(at: 0) else { return .truncated }
        let headerLength = Int(versionAndIHL & 0x0f) * 4
        guard versionAndIHL >> 4 == 4, headerLength >= 20 else { return .invalid }
        guard let totalLength = packet.u16(at: 2) else { return .truncated }
        guard totalLength == 0 || Int(totalLength) >= headerLength else { return .invalid }
        guard packet.has(headerLength),
              let identification = packet.u16(at: 4),
              let flagsAndOffset = packet.u16(at: 6),
              let protocolNumber = packet.u8(at: 9),
              let source = packet.ipv4Address(at: 12),
              let destination = packet.ipv4Address(at: 16),
              let afterHeader = packet.dropping(headerLength)
        else { return .truncated }

        let payloadLength = totalLength == 0 ? afterHeader.count : Int(totalLength) - headerLength
        return .header(
            IPv4Header(
                source: source,
                destination: destination,
                protocolNumber: protocolNumber,
                identification: identification,
                fragmentOffset: Int(flagsAndOffset & 0x1fff) * 8,
                hasMoreFragments: flagsAndOffset & 0x2000 != 0,
                payload: afterHeader.prefix(payloadLength),
                payloadLength: payloadLength
            )
        )
    }
}
