/// One captured frame, lent by a packet source for the duration of a callback.
///
/// `bytes` borrows the source's buffer: it is valid only inside the closure that received the
/// packet. Copy whatever must outlive it.
public struct Packet {
    /// When the frame was captured.
    public var timestamp: Timestamp
    /// How to read the first header of `bytes`.
    public var linkType: LinkType
    /// The captured bytes, possibly fewer than were on the wire (snap length).
    public var bytes: UnsafeRawBufferPointer
    /// The frame's length on the wire.
    public var wireLength: Int

    /// Creates a packet view over borrowed bytes.
    public init(
        timestamp: Timestamp,
        linkType: LinkType,
        bytes: UnsafeRawBufferPointer,
        wireLength: Int
    ) {
        self.timestamp = timestamp
        self.linkType = linkType
        self.bytes = bytes
        self.wireLength = wireLength
    }

    /// Whether the capture kept fewer bytes than the frame had.
    public var isTruncated: Bool {
        self.bytes.count < self.wireLength
    }
}
