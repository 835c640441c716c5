internal import CPcap
internal import Glibc
import Synchronization

/// Packets captured live from a network interface through libpcap.
///
/// The capture runs in immediate mode (each packet is delivered as soon as it arrives) with
/// nanosecond timestamps where the kernel provides them. Reads wait for at most the options'
/// read timeout, then return `.timeout`, so the reading thread regains control even on a silent
/// interface.
///
/// One thread reads (`readPacket(_:)`, `statistics()`); any thread may call `breakLoop()`.
public final class LiveCapture: PacketSource, @unchecked Sendable {
    // Safe: `@unchecked Sendable` lets the capture be opened on one thread, read on its own
    // capture thread and stopped from a third. The Swift state is immutable after init except
    // the atomic stop flag. libpcap's buffers and statistics are touched only by
    // `readPacket(_:)` and `statistics()`, documented as one-thread-at-a-time. `breakLoop()`
    // touches only the atomic, `pcap_breakloop` (documented by libpcap as safe from another
    // thread) and a write to the wake-up pipe, which the kernel serialises.

    /// The options the capture was opened with.
    public let options: LiveCaptureOptions
    /// The link type of captured frames, after any switch to Linux cooked v2.
    public let linkType: LinkType
    /// What `pcap_activate` warned about (for example promiscuous mode not supported), if it
    /// succeeded with a warning; the capture runs regardless.
    public let activationWarning: String?

    private let handle: OpaquePointer
    private let isNanosecond: Bool
    private let isStopRequested = Atomic<Bool>(false)
    /// The capture socket, polled while waiting for packets.
    private let captureDescriptor: Int32
    /// A pipe `breakLoop()` writes to, so that a wait without timeout still ends.
    private let wakePipe: WakePipe

    /// Opens and starts a live capture.
    ///
    /// - Throws: `.invalidOption`, `.permissionDenied`, `.noSuchInterface` (listing the
    ///   interfaces found), `.interfaceNotUp`, `.captureFailed` with libpcap's text, or
    ///   `.badFilter` when the filter does not compile.
    public init(options: LiveCaptureOptions) throws(CaptureError) {
        try options.validate()

        var errorBuffer = Libpcap.makeErrorBuffer()
        guard let handle = pcap_create(options.interface, &errorBuffer) else {
            let reason = Libpcap.message(fromErrorBuffer: errorBuffer)
            throw .captureFailed(interface: options.interface, reason: reason)
        }
        // From here on the handle must be closed on every early exit.
        var isOpened = false
        defer {
            if !isOpened {
                pcap_close(handle)
            }
        }

        Self.configure(handle, options: options)
        let warning = try Self.activate(handle, interface: options.interface)
        if options.prefersCookedV2 {
            Self.switchToCookedV2(handle)
        }
        try Self.install(filter: options.filter, on: handle)
        let descriptor = try Self.makeNonBlocking(handle, interface: options.interface)
        let wakePipe = try WakePipe(interface: options.interface)

        self.options = options
        self.handle = handle
        self.linkType = LinkType(rawValue: pcap_datalink(handle))
        self.activationWarning = warning
        self.isNanosecond = pcap_get_tstamp_precision(handle) == PCAP_TSTAMP_PRECISION_NANO
        self.captureDescriptor = descriptor
        self.wakePipe = wakePipe
        isOpened = true
    }

    deinit {
        pcap_close(self.handle)
    }

    // MARK: - Reading

    /// Waits for the next packet, up to the read timeout, and lends it to `body`.
    ///
    /// - Returns: `.packet` with `body`'s result, `.timeout` when none arrived in time, or
    ///   `.end` once `breakLoop()` has been called (on this and every later call).
    /// - Throws: `.readFailed` when the capture itself breaks, such as an interface removed.
    public func readPacket<Value>(
        _ body: (Packet) -> Value
    ) throws(CaptureError) -> ReadResult<Value> {
        if let result = try self.takePacket(body) {
            return result
        }
        // libpcap's own read timeout on Linux only flushes buffers, it never ends a blocking
        // read; the handle is non-blocking and the wait happens here instead.
        self.waitForTraffic()
        return try self.takePacket(body) ?? .timeout
    }

    /// One non-blocking read: the result to return, or `nil` when no packet is ready.
    private func takePacket<Value>(
        _ body: (Packet) -> Value
    ) throws(CaptureError) -> ReadResult<Value>? {
        if self.isStopRequested.load(ordering: .relaxed) {
            return .end
        }

        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        let status = pcap_next_ex(self.handle, &header, &data)

        switch status {
        case 1:
            guard let header, let data else {
                return nil
            }
            let packet = Libpcap.packet(
                header: header,
                data: data,
                linkType: self.linkType,
                isNanosecond: self.isNanosecond
            )
            return .packet(body(packet))
        case 0:
            return nil
        case PCAP_ERROR_BREAK:
            self.isStopRequested.store(true, ordering: .relaxed)
            return .end
        default:
            let reason = Libpcap.lastError(of: self.handle)
            throw .readFailed(interface: self.options.interface, reason: reason)
        }
    }

    /// Sleeps until the capture socket has data, `breakLoop()` is called, or the read timeout
    /// passes; a signal ends the wait early, which callers see as a timeout.
    private func waitForTraffic() {
        var descriptors = [
            pollfd(fd: self.captureDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: self.wakePipe.readDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        let timeout = self.options.readTimeoutMs == 0 ? -1 : Int32(self.options.readTimeoutMs)
        _ = poll(&descriptors, nfds_t(descriptors.count), timeout)
    }

    /// Stops the capture: the read in progress, if any, returns `.end` (at the latest after
    /// the read timeout), and so does every later read.
    ///
    /// Safe to call from any thread, any number of times, including while another thread is
    /// blocked in `readPacket(_:)`.
    public func breakLoop() {
        self.isStopRequested.store(true, ordering: .relaxed)
        pcap_breakloop(self.handle)
        self.wakePipe.signal()
    }

    /// The kernel's packet counts for this capture so far, or `nil` if libpcap cannot read them.
    ///
    /// Call it from the reading thread, between reads.
    public func statistics() -> CaptureStatistics? {
        var counts = pcap_stat()
        guard pcap_stats(self.handle, &counts) == 0 else {
            return nil
        }
        return CaptureStatistics(
            received: counts.ps_recv,
            droppedByKernel: counts.ps_drop,
            droppedByInterface: counts.ps_ifdrop
        )
    }

    // MARK: - Library facts

    /// The names of the interfaces libpcap can capture on (including `any` on Linux).
    ///
    /// - Throws: `.interfaceListFailed` when libpcap cannot enumerate them.
    public static func listInterfaces() throws(CaptureError) -> [String] {
        try Libpcap.interfaceNames()
    }

    /// libpcap's version line, such as `libpcap version 1.10.3 (with TPACKET_V3)`.
    public static var libraryVersion: String {
        String(cString: pcap_lib_version())
    }
}
