/// A walk along the IPv6 extension header chain (RFC 8200, section 4) to the transport header.
///
///     hop-by-hop (0), routing (43), destination options (60):
///         0: next header | 1: length in 8-byte units, not counting the first 8 | options...
///     fragment (44), 8 bytes:
///         0: next header | 1: reserved | 2-3: offset(13) reserved(2) M(1) | 4-7: identification
///     authentication header (51, RFC 4302):
///         0: next header | 1: length in 4-byte units, minus 2 | ...
///     no next header (59): nothing follows
enum IPv6ExtensionChain {
    /// Extension headers beyond this many in one packet are treated as an attack, not walked.
    static let maxHeaders = 16

    /// A non-atomic fragment header found on the chain.
    struct Fragment {
        /// The type of the first header in the fragmentable part (from the offset-0 fragment).
        var nextHeader: UInt8
        /// Where this fragment's data sits in the fragmentable part, in bytes.
        var fragmentOffset: Int
        /// Whether the M flag is set: more fragments follow this one.
        var hasMoreFragments: Bool
        /// The identification that ties the fragments of one packet together.
        var identification: UInt32
        /// Where this fragment's data starts in the walked payload.
        var dataStart: Int
    }

    /// Where the walk ended.
    enum Outcome {
        /// The transport header of `protocolNumber` starts `offset` bytes into the payload.
        case transport(protocolNumber: UInt8, offset: Int)
        /// The packet is one fragment of a larger one.
        case fragment(Fragment)
        /// The chain ends in "no next header" (59): no transport at all.
        case noNextHeader
        /// The capture ends inside an extension header.
        case truncated
        /// A header runs past the payload length, the chain is too long, or a fragment header
        /// appears where none may.
        case invalid
    }

    /// Walks the chain that starts with a header of type `first` at the start of `payload`.
    ///
    /// - Parameters:
    ///   - first: the next-header value of the fixed header (or of a reassembled packet).
    ///   - payload: the captured bytes after the fixed header.
    ///   - payloadLength: the length the IPv6 header announces, at least `payload.count`.
    ///   - allowsFragment: false inside a reassembled packet, where a second non-atomic
    ///     fragment header is invalid.
    static func walk(
        first: UInt8,
        payload: ByteCursor,
        payloadLength: Int,
        allowsFragment: Bool
    ) -> Outcome {
        var type = first
        var offset = 0
        for _ in 0..<Self.maxHeaders {
            let length: Int
            switch type {
            case 0, 43, 60:
                guard let units = payload.u8(at: offset + 1) else {
                    return Self.short(offset + 2, payloadLength)
                }
                length = (Int(units) + 1) * 8
            case 51:
                guard let units = payload.u8(at: offset + 1) else {
                    return Self.short(offset + 2, payloadLength)
                }
                length = (Int(units) + 2) * 4
            case 44:
                guard let fieldsAndFlags = payload.u16(at: offset + 2),
                      let identification = payload.u32(at: offset + 4)
                else { return Self.short(offset + 8, payloadLength) }
                let fragmentOffset = Int(fieldsAndFlags >> 3) * 8
                let hasMoreFragments = fieldsAndFlags & 0x1 != 0
                length = 8
                // An atomic fragment (offset 0, M clear, RFC 6946) is a whole packet.
                guard fragmentOffset != 0 || hasMoreFragments else { break }
                guard allowsFragment, let next = payload.u8(at: offset) else { return .invalid }
                return .fragment(
                    Fragment(
                        nextHeader: next,
                        fragmentOffset: fragmentOffset,
                        hasMoreFragments: hasMoreFragments,
                        identification: identification,
                        dataStart: offset + 8
                    )
                )
            case 59:
                return .noNextHeader
            default:
                return .transport(protocolNumber: type, offset: offset)
            }
            guard offset + length <= payloadLength else { return .invalid }
            guard let next = payload.u8(at: offset), payload.has(offset + length) else {
                return .truncated
            }
            type = next
            offset += length
        }
        return .invalid
    }

    /// The outcome when `needed` bytes are not all captured: invalid if the header itself says
    /// the payload is shorter, truncated if only the capture is.
    private static func short(_ needed: Int, _ payloadLength: Int) -> Outcome {
        needed > payloadLength ? .invalid : .truncated
    }
}
