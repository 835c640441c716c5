/// How to open a live capture: which interface, which packets, and how libpcap buffers them.
///
/// The defaults suit a monitor on a Kubernetes node: every interface, TCP only, whole frames,
/// a kernel buffer large enough to ride out short processing stalls.
public struct LiveCaptureOptions: Hashable, Sendable {
    /// The largest snap length libpcap accepts (`MAXIMUM_SNAPLEN`).
    public static let maximumSnapLength = 262_144

    /// The interface to capture on; `any` captures on all of them (Linux cooked headers).
    public var interface: String
    /// A BPF filter expression (pcap-filter(7)); empty captures everything.
    public var filter: String
    /// The most bytes kept of each frame, in `1...maximumSnapLength`.
    public var snapLength: Int
    /// The kernel ring buffer size in bytes; packets arriving while it is full are dropped and
    /// counted in `CaptureStatistics.droppedByKernel`.
    public var bufferSizeBytes: Int
    /// Whether to put the interface into promiscuous mode (ignored for `any`).
    public var isPromiscuous: Bool
    /// How long a read waits for a packet before returning `.timeout`; 0 waits until a packet
    /// arrives or `LiveCapture.breakLoop()` is called.
    public var readTimeoutMs: Int
    /// Whether to switch a Linux cooked capture (`any`) from v1 to v2 headers when the kernel
    /// offers them; v2 records the interface index of each packet.
    public var prefersCookedV2: Bool

    /// Creates capture options; every parameter has the monitor's default.
    public init(
        interface: String = "any",
        filter: String = "tcp",
        snapLength: Int = LiveCaptureOptions.maximumSnapLength,
        bufferSizeBytes: Int = 32 * 1_024 * 1_024,
        isPromiscuous: Bool = false,
        readTimeoutMs: Int = 100,
        prefersCookedV2: Bool = true
    ) {
        self.interface = interface
        self.filter = filter
        self.snapLength = snapLength
        self.bufferSizeBytes = bufferSizeBytes
        self.isPromiscuous = isPromiscuous
        self.readTimeoutMs = readTimeoutMs
        self.prefersCookedV2 = prefersCookedV2
    }

    /// Checks every number against what libpcap accepts, so that none wraps on its way to C.
    func validate() throws(CaptureError) {
        guard (1...Self.maximumSnapLength).contains(self.snapLength) else {
            throw .invalidOption(
                name: "snapLength",
                value: self.snapLength,
                expected: "1 to \(Self.maximumSnapLength) bytes"
            )
        }
        guard (1...Int(Int32.max)).contains(self.bufferSizeBytes) else {
            throw .invalidOption(
                name: "bufferSizeBytes",
                value: self.bufferSizeBytes,
                expected: "1 to \(Int32.max) bytes"
            )
        }
        guard (0...Int(Int32.max)).contains(self.readTimeoutMs) else {
            throw .invalidOption(
                name: "readTimeoutMs",
                value: self.readTimeoutMs,
                expected: "0 to \(Int32.max) milliseconds"
            )
        }
    }
}
