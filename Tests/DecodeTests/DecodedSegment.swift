import Capture
import Decode

/// A copy of what the decoder lent, so tests can inspect it after the callback.
struct DecodedSegment: Equatable {
    var timestamp: Timestamp
    var source: Endpoint
    var destination: Endpoint
    var seq: UInt32
    var ack: UInt32
    var flags: UInt8
    var payload: [UInt8]
    var payloadLength: Int

    init(_ segment: TCPSegment) {
        self.timestamp = segment.timestamp
        self.source = segment.source
        self.destination = segment.destination
        self.seq = segment.seq
        self.ack = segment.ack
        self.flags = segment.flags.rawValue
        self.payload = Array(segment.payload)
        self.payloadLength = segment.payloadLength
    }
}

extension PacketDecoder {
    /// Decodes `bytes` as one frame and copies out the segment, if any.
    ///
    /// - Parameter wireLength: the frame's length on the wire; more than `bytes.count` for a
    ///   frame the snap length cut, `bytes.count` (the default) for a whole frame.
    mutating func decodeCopy(
        _ bytes: [UInt8],
        linkType: LinkType,
        timestamp: Timestamp = Timestamp(nanoseconds: 1_000_000_000),
        wireLength: Int? = nil
    ) -> DecodedSegment? {
        bytes.withUnsafeBytes { raw in
            let packet = Packet(
                timestamp: timestamp,
                linkType: linkType,
                bytes: raw,
                wireLength: wireLength ?? raw.count
            )
            return self.decode(packet) { DecodedSegment($0) }
        }
    }

    /// The value of the counter with this snake_case name; -1 when there is none.
    func counter(_ name: String) -> Int {
        self.counterValues.first { $0.name == name }?.value ?? -1
    }

    /// The counters that are not zero, by name, for readable failures.
    var nonZeroCounters: [String: Int] {
        Dictionary(uniqueKeysWithValues: self.counterValues.filter { $0.value != 0 }
            .map { ($0.name, $0.value) })
    }
}
