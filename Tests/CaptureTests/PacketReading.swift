import Capture

/// What a test keeps of one packet: copies, since the packet's bytes are only lent.
struct ReadPacket: Equatable {
    var timestamp: Timestamp
    var linkType: LinkType
    var bytes: [UInt8]
    var wireLength: Int
}

/// How reading a whole source ended.
struct ReadOutcome {
    var packets: [ReadPacket]
    var error: CaptureError?
}

extension PacketSource {
    /// Reads until `.end` or an error, copying every packet; stops after `limit` reads.
    func readAll(limit: Int = 1_000_000) -> ReadOutcome {
        var packets: [ReadPacket] = []
        for _ in 0..<limit {
            do throws(CaptureError) {
                let result = try self.readPacket { packet in
                    ReadPacket(
                        timestamp: packet.timestamp,
                        linkType: packet.linkType,
                        bytes: Array(packet.bytes),
                        wireLength: packet.wireLength
                    )
                }
                switch result {
                case .packet(let copy): packets.append(copy)
                case .timeout: continue
                case .end: return ReadOutcome(packets: packets, error: nil)
                }
            } catch {
                return ReadOutcome(packets: packets, error: error)
            }
        }
        return ReadOutcome(packets: packets, error: nil)
    }
}

extension Optional where Wrapped == CaptureError {
    /// The error's message, or `no error`, for test failure notes.
    var debugText: String {
        self.map(\.description) ?? "no error"
    }
}
