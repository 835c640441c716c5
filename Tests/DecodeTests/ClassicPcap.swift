import Capture
import Foundation

/// A minimal reader of classic pcap files (not pcapng) for tests that decode real traces.
struct ClassicPcap {
    /// One record: its capture time and bytes.
    struct Record {
        var timestamp: Timestamp
        var bytes: [UInt8]
        var wireLength: Int
    }

    var linkType: LinkType
    var records: [Record]

    /// Where the peer traces live: `shared/` beside the checkout, or the workplace copy.
    static let peerTraceDirectory: String? = {
        let checkout = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            checkout.deletingLastPathComponent().appendingPathComponent("shared/peer-traces").path,
            "/work/shared/peer-traces",
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }()

    /// Reads a classic pcap file; `nil` when it is missing or not classic pcap.
    init?(path: String) {
        guard let data = FileManager.default.contents(atPath: path), data.count >= 24 else {
            return nil
        }
        let bytes = [UInt8](data)
        let magic = Self.u32(bytes, 0, bigEndian: false)
        let bigEndian: Bool
        let nanosecond: Bool
        switch magic {
        case 0xa1b2_c3d4: (bigEndian, nanosecond) = (false, false)
        case 0xa1b2_3c4d: (bigEndian, nanosecond) = (false, true)
        case 0xd4c3_b2a1: (bigEndian, nanosecond) = (true, false)
        case 0x4d3c_b2a1: (bigEndian, nanosecond) = (true, true)
        default: return nil
        }
        self.linkType = LinkType(rawValue: Int32(Self.u32(bytes, 20, bigEndian: bigEndian)
            & 0x0fff_ffff))
        self.records = []
        var offset = 24
        while offset + 16 <= bytes.count {
            let seconds = Int64(Self.u32(bytes, offset, bigEndian: bigEndian))
            let fraction = Int64(Self.u32(bytes, offset + 4, bigEndian: bigEndian))
            let included = Int(Self.u32(bytes, offset + 8, bigEndian: bigEndian))
            let original = Int(Self.u32(bytes, offset + 12, bigEndian: bigEndian))
            offset += 16
            guard offset + included <= bytes.count else { return nil }
            self.records.append(Record(
                timestamp: Timestamp(seconds: seconds,
                                     nanoseconds: nanosecond ? fraction : fraction * 1000),
                bytes: Array(bytes[offset..<(offset + included)]),
                wireLength: original
            ))
            offset += included
        }
    }

    private static func u32(_ bytes: [UInt8], _ offset: Int, bigEndian: Bool) -> UInt32 {
        let value = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
        return bigEndian ? value.byteSwapped : value
    }
}
