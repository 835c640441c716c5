/// A TCP header (RFC 9293, section 3.1), read from captured bytes.
///
///     0-1: source port | 2-3: destination port | 4-7: sequence number
///     8-11: acknowledgement number | 12: data offset(4) reserved(4) | 13: flags
///     14-15: window | 16-17: checksum | 18-19: urgent pointer | 20..<offset*4: options
///
/// The checksum is not verified: capture hosts with checksum offload record wrong ones.
struct TCPHeader {
    /// The sender's port.
    var sourcePort: UInt16
    /// The receiver's port.
    var destinationPort: UInt16
    /// The sequence number.
    var seq: UInt32
    /// The acknowledgement number.
    var ack: UInt32
    /// The flag byte (CWR, ECE, URG, ACK, PSH, RST, SYN, FIN).
    var flags: TCPFlags
    /// The header length including options, in bytes.
    var headerLength: Int

    /// Reads the header at the start of `segment`.
    ///
    /// - Parameters:
    ///   - segment: the captured transport bytes.
    ///   - segmentLength: the transport length from the IP header, at least `segment.count`.
    static func parse(_ segment: ByteCursor, segmentLength: Int) -> HeaderParse<TCPHeader> {
        guard segmentLength >= 20 else { return .invalid }
        guard let sourcePort = segment.u16(at: 0),
              let destinationPort = segment.u16(at: 2),
              let seq = segment.u32(at: 4),
              let ack = segment.u32(at: 8),
              let dataOffset = segment.u8(at: 12),
              let flags = segment.u8(at: 13),
              segment.has(20)
        else { return .truncated }
        let headerLength = Int(dataOffset >> 4) * 4
        guard headerLength >= 20, headerLength <= segmentLength else { return .invalid }
        guard segment.has(headerLength) else { return .truncated }

        return .header(
            TCPHeader(
                sourcePort: sourcePort,
                destinationPort: destinationPort,
                seq: seq,
                ack: ack,
                flags: TCPFlags(rawValue: flags),
                headerLength: headerLength
            )
        )
    }
}
