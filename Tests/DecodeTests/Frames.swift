/// Byte-literal builders for the frames the decoder tests feed in.
///
/// Every builder returns plain bytes in wire order; checksums are left zero because the
/// decoder never verifies them.
enum Frames {
    /// An HTTP request line used as the default segment payload.
    static let request = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)

    /// A TCP header (20 bytes plus options) followed by `payload`.
    static func tcp(
        sourcePort: UInt16 = 40000,
        destinationPort: UInt16 = 80,
        seq: UInt32 = 1000,
        ack: UInt32 = 2000,
        flags: UInt8 = 0x18,
        options: [UInt8] = [],
        dataOffset: UInt8? = nil,
        payload: [UInt8] = Frames.request
    ) -> [UInt8] {
        let offset = dataOffset ?? UInt8((20 + options.count) / 4)
        return be16(sourcePort) + be16(destinationPort) + be32(seq) + be32(ack)
            + [offset << 4, flags] + be16(65535) + [0, 0, 0, 0] + options + payload
    }

    /// A UDP header followed by `payload`.
    static func udp(sourcePort: UInt16 = 50000, destinationPort: UInt16, payload: [UInt8])
        -> [UInt8] {
        be16(sourcePort) + be16(destinationPort) + be16(UInt16(8 + payload.count)) + [0, 0]
            + payload
    }

    /// An IPv4 header (20 bytes plus options) followed by `payload`.
    static func ipv4(
        source: [UInt8] = [10, 0, 0, 1],
        destination: [UInt8] = [10, 0, 0, 2],
        protocolNumber: UInt8 = 6,
        identification: UInt16 = 0x1234,
        flagsAndOffset: UInt16 = 0x4000,
        options: [UInt8] = [],
        ihl: UInt8? = nil,
        totalLength: UInt16? = nil,
        payload: [UInt8]
    ) -> [UInt8] {
        let headerLength = 20 + options.count
        let total = totalLength ?? UInt16(headerLength + payload.count)
        var bytes: [UInt8] = [0x40 | (ihl ?? UInt8(headerLength / 4)), 0]
        bytes += be16(total)
        bytes += be16(identification)
        bytes += be16(flagsAndOffset)
        bytes += [64, protocolNumber, 0, 0]
        return bytes + source + destination + options + payload
    }

    /// An IPv6 fixed header followed by `payload` (extension headers included by the caller).
    static func ipv6(
        source: [UInt8] = address6(1),
        destination: [UInt8] = address6(2),
        nextHeader: UInt8 = 6,
        payloadLength: UInt16? = nil,
        payload: [UInt8]
    ) -> [UInt8] {
        [0x60, 0, 0, 0] + be16(payloadLength ?? UInt16(payload.count)) + [nextHeader, 64]
            + source + destination + payload
    }

    /// `2001:db8::<last>` as 16 bytes.
    static func address6(_ last: UInt8) -> [UInt8] {
        [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [last]
    }

    /// An Ethernet II header with the given EtherType followed by `payload`.
    static func ethernet(type: UInt16, payload: [UInt8]) -> [UInt8] {
        [0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01] + be16(type) + payload
    }

    /// The canonical test frame: Ethernet, IPv4, TCP carrying `request`.
    static func ethernetIPv4TCP() -> [UInt8] {
        ethernet(type: 0x0800, payload: ipv4(payload: tcp()))
    }

    /// An IPv6 extension header of the hop-by-hop / routing / destination options shape,
    /// `8 * (units + 1)` bytes long.
    static func extensionHeader(next: UInt8, units: UInt8 = 0) -> [UInt8] {
        [next, units] + [UInt8](repeating: 0, count: 6 + 8 * Int(units))
    }

    /// An IPv6 fragment header.
    static func fragmentHeader(
        next: UInt8,
        offset: Int,
        more: Bool,
        identification: UInt32
    ) -> [UInt8] {
        [next, 0] + be16(UInt16(offset / 8) << 3 | (more ? 1 : 0)) + be32(identification)
    }

    /// A 16-bit value in network order.
    static func be16(_ value: UInt16) -> [UInt8] {
        [UInt8(value >> 8), UInt8(value & 0xff)]
    }

    /// A 32-bit value in network order.
    static func be32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff),
         UInt8(value & 0xff)]
    }

    /// A 16-bit value in little-endian order.
    static func le16(_ value: UInt16) -> [UInt8] {
        [UInt8(value & 0xff), UInt8(value >> 8)]
    }
}
