/// An IP packet reduced to what the transport layer needs: who, which protocol, which bytes.
///
/// `payload` borrows the packet (or a reassembled buffer) and holds what was captured, at most
/// `payloadLength` bytes; `payloadLength` is what the IP header says the transport carried,
/// unless that runs past the end of a frame the capture kept whole (then it is `payload.count`).
struct IPDatagram {
    /// The sender's address.
    var source: IPAddress
    /// The receiver's address.
    var destination: IPAddress
    /// The transport protocol number (6 TCP, 17 UDP...).
    var protocolNumber: UInt8
    /// The captured transport bytes.
    var payload: ByteCursor
    /// The transport length on the wire, from the IP header; at least `payload.count`.
    var payloadLength: Int
}
