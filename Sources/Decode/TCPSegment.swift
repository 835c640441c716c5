import Capture

/// TCP header flags (RFC 9293, section 3.1).
public struct TCPFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let fin = TCPFlags(rawValue: 0x01)
    public static let syn = TCPFlags(rawValue: 0x02)
    public static let rst = TCPFlags(rawValue: 0x04)
    public static let psh = TCPFlags(rawValue: 0x08)
    public static let ack = TCPFlags(rawValue: 0x10)
}

/// A decoded TCP segment, lent to a callback by `PacketDecoder`.
///
/// `payload` borrows the packet (or a reassembled IP datagram) and is valid only inside the
/// callback. Its `count` is what was captured; `payloadLength` is what the IP header says the
/// segment carried. When the capture was cut short by the snap length, the difference is a
/// known-length hole at the end of the payload, not lost data.
public struct TCPSegment {
    /// When the packet that carried the segment was captured.
    public var timestamp: Timestamp
    /// The sender.
    public var source: Endpoint
    /// The receiver.
    public var destination: Endpoint
    /// The sequence number of the first payload byte (or of the SYN).
    public var seq: UInt32
    /// The acknowledgement number; meaningful only when `flags` contains `.ack`.
    public var ack: UInt32
    /// The header flags.
    public var flags: TCPFlags
    /// The captured payload bytes.
    public var payload: UnsafeRawBufferPointer
    /// The payload length on the wire, from the IP header; at least `payload.count`.
    public var payloadLength: Int

    /// Creates a segment view.
    public init(
        timestamp: Timestamp,
        source: Endpoint,
        destination: Endpoint,
        seq: UInt32,
        ack: UInt32,
        flags: TCPFlags,
        payload: UnsafeRawBufferPointer,
        payloadLength: Int
    ) {
        self.timestamp = timestamp
        self.source = source
        self.destination = destination
        self.seq = seq
        self.ack = ack
        self.flags = flags
        self.payload = payload
        self.payloadLength = payloadLength
    }

    /// Bytes the segment carried on the wire that the capture did not keep.
    public var missingTailLength: Int {
        self.payloadLength - self.payload.count
    }
}
