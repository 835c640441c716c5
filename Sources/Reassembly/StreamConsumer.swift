import Capture

/// Receives one direction of a TCP connection as an in-order byte stream.
///
/// Every byte is delivered once, in sequence order, with the capture time of the packet that
/// carried it. Bytes that will never be seen are announced by length instead.
public protocol StreamConsumer {
    /// Contiguous stream bytes carried by one packet captured at `timestamp`. `bytes` is
    /// borrowed for the duration of the call.
    mutating func streamData(_ bytes: UnsafeRawBufferPointer, at timestamp: Timestamp)
    /// `count` bytes of the stream that will never be delivered. `isKnownHole` is true when the
    /// capture's snap length cut them (their length is certain, the framing can go on), false
    /// when they were lost.
    mutating func streamSkipped(_ count: Int, at timestamp: Timestamp, isKnownHole: Bool)
    /// Something unusual about how the next bytes arrived, for flagging the exchange.
    mutating func streamNoted(_ note: StreamNote)
}

/// Unusual arrivals a reassembler tells its consumer about.
public enum StreamNote: Sendable {
    /// Bytes already delivered arrived again.
    case retransmission
    /// Bytes arrived before earlier bytes and were held back until the earlier ones came.
    case reordering
}
