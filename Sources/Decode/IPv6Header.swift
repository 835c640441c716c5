/// The fixed 40-byte IPv6 header (RFC 8200, section 3), read from captured bytes.
///
///     0-3: version(4) traffic class(8) flow label(20) | 4-5: payload length
///     6: next header | 7: hop limit | 8-23: source | 24-39: destination
///
/// `payload` borrows the packet bytes it was read from.
struct IPv6Header {
    /// The sender's address.
    var source: IPAddress
    /// The receiver's address.
    var destination: IPAddress
    /// The type of the first header after this one.
    var nextHeader: UInt8
    /// The captured bytes after the fixed header, cut at the payload length (so Ethernet
    /// padding is dropped); shorter than `payloadLength` when the snap length cut the packet.
    var payload: ByteCursor
    /// The payload length the header announces.
    var payloadLength: Int

    /// Reads the header at the start of `packet`.
    static func parse(_ packet: ByteCursor) -> HeaderParse<IPv6Header> {
        guard let version = packet.u8(at: 0) else { return .truncated }
        guard version >> 4 == 6 else { return .invalid }
        guard let declaredLength = packet.u16(at: 4),
              let nextHeader = packet.u8(at: 6),
              let source = packet.ipv6Address(at: 8),
              let destination = packet.ipv6Address(at: 24),
              let afterHeader = packet.dropping(40)
        else { return .truncated }

        // Limitation: a payload length of 0 is read as "use the captured length" (what a
        // sender with segmentation offload captures); jumbograms (RFC 2675), which also carry
        // 0 here, are read the same way, so a snap-truncated jumbogram shows no missing tail.
        let payloadLength = declaredLength == 0 ? afterHeader.count : Int(declaredLength)
        return .header(
            IPv6Header(
                source: source,
                destination: destination,
                nextHeader: nextHeader,
                payload: afterHeader.prefix(payloadLength),
                payloadLength: payloadLength
            )
        )
    }
}
