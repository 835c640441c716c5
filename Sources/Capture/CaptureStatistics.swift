/// Packet counts a live capture reports (`pcap_stats`), cumulative since it was opened.
///
/// libpcap keeps these in 32-bit counters, so on a long, busy capture they wrap; compare two
/// readings with wrapping subtraction. On `lo` every packet passes the socket twice, so
/// `received` is about twice what `readPacket(_:)` delivers: derive losses from the drop
/// counters, never from `received`.
public struct CaptureStatistics: Hashable, Sendable {
    /// Packets the kernel passed to the capture socket (`ps_recv`).
    public var received: UInt32
    /// Packets dropped because the capture buffer was full (`ps_drop`): kernel drops.
    public var droppedByKernel: UInt32
    /// Packets the interface or its driver dropped (`ps_ifdrop`); not every driver counts.
    public var droppedByInterface: UInt32

    /// Creates a statistics value.
    public init(received: UInt32, droppedByKernel: UInt32, droppedByInterface: UInt32) {
        self.received = received
        self.droppedByKernel = droppedByKernel
        self.droppedByInterface = droppedByInterface
    }
}
