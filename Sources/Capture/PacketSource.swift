/// What one read from a packet source produced.
public enum ReadResult<Value> {
    /// A packet, already handed to the reader's closure, which returned `Value`.
    case packet(Value)
    /// No packet arrived before the live read timeout; call again.
    case timeout
    /// The file (or a stopped live capture) has no more packets.
    case end
}

/// A source of captured packets: a pcap or pcapng file, or a live interface.
public protocol PacketSource: AnyObject {
    /// The link type of every packet this source yields.
    var linkType: LinkType { get }

    /// Reads the next packet and lends it to `body`.
    ///
    /// The packet's bytes are valid only inside `body`.
    /// - Throws: `CaptureError` when the source fails (a corrupt or truncated file, an interface
    ///   that went away); packets read before the failure have already been delivered.
    func readPacket<Value>(_ body: (Packet) -> Value) throws(CaptureError) -> ReadResult<Value>
}
