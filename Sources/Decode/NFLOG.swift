/// Decoding of Linux netfilter log captures (NFLOG, link type 239).
///
///     header, 4 bytes: 0: address family | 1: version | 2-3: resource id (big-endian)
///     then TLVs:       0-1: length (host order, includes these 4 bytes) | 2-3: type (host order)
///                      value, padded to a multiple of 4 bytes
///
/// The TLV of type 9 (`NFULA_PAYLOAD`) holds the logged IP packet.
enum NFLOG {
    /// The TLV type that holds the packet.
    static let payloadType: UInt16 = 9

    /// Finds the IP packet inside an NFLOG record.
    static func payload(_ record: ByteCursor) -> NetworkPayload {
        guard record.has(4) else { return .truncated }
        var offset = 4
        // Each step advances at least 4 bytes, so the walk ends within the record.
        while offset < record.count {
            // Limitation: TLV lengths and types are read little-endian, the byte order of the
            // hosts that write NFLOG captures in practice; a capture from a big-endian host
            // is counted as non_ip.
            guard let length = record.u16LittleEndian(at: offset),
                  let rawType = record.u16LittleEndian(at: offset + 2)
            else { return .truncated }
            let valueLength = Int(length) - 4
            guard valueLength >= 0 else { return .notIP }
            // The top two bits are netlink attribute flags (nested, network byte order).
            if rawType & 0x3fff == Self.payloadType {
                guard let value = record.dropping(offset + 4) else { return .truncated }
                return NetworkPayload.byVersion(value.prefix(valueLength))
            }
            offset += (Int(length) + 3) & ~3
        }
        return .notIP
    }
}
