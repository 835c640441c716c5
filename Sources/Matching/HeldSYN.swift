import Decode

/// A SYN kept aside while the connection it would replace looks alive.
///
/// It is a SYN, so it carries no payload earshot would need to keep (data in a SYN is TCP Fast
/// Open, which needs a fresh connection anyway): only its header fields are kept, and the
/// payload is left empty.
struct HeldSYN {
    /// The SYN with an empty payload.
    let segment: TCPSegment

    init(segment: TCPSegment) {
        var copy = segment
        copy.payload = UnsafeRawBufferPointer(start: nil, count: 0)
        copy.payloadLength = 0
        self.segment = copy
    }
}
