import Capture

/// The earliest and latest capture times of the packets that carried a message's bytes.
///
/// A message is complete when its last missing byte arrives, which is not always the packet
/// that carries its final byte: a retransmission can fill a hole in the middle later. And its
/// first packet is not always the one with its first byte when segments were reordered. The
/// exchange's times are taken from this span, so they never run backwards and a late
/// retransmission shows in the latency it caused.
struct TimeSpan {
    private(set) var earliest: Timestamp
    private(set) var latest: Timestamp

    /// A span holding one moment.
    init(_ time: Timestamp) {
        self.earliest = time
        self.latest = time
    }

    /// Takes in the time of another packet of the message.
    mutating func include(_ time: Timestamp) {
        if time < self.earliest { self.earliest = time }
        if time > self.latest { self.latest = time }
    }
}
