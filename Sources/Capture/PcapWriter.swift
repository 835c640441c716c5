internal import CPcap

/// Writes packets to a classic pcap file with nanosecond timestamps (magic `a1 b2 3c 4d`).
///
/// For tests, fixtures and synthetic benchmark captures; tcpdump, tshark and `PacketFile` read
/// the result. Seconds are stored in 32 bits, as the format requires: timestamps before 1970 or
/// after 2106 do not survive the round trip.
public final class PcapWriter {
    /// The file being written.
    public let path: String
    /// The link type recorded in the file header.
    public let linkType: LinkType
    /// The most bytes kept of each packet; longer ones are cut, keeping their wire length.
    public let snapLength: Int

    private var dead: OpaquePointer?
    private var dumper: OpaquePointer?

    /// Creates (or truncates) `path` and writes the pcap file header.
    ///
    /// - Throws: `.invalidOption` for a snap length outside `1...262144`, `.cannotWrite` when the
    ///   file cannot be created.
    public init(
        path: String,
        linkType: LinkType,
        snapLength: Int = LiveCaptureOptions.maximumSnapLength
    ) throws(CaptureError) {
        guard (1...LiveCaptureOptions.maximumSnapLength).contains(snapLength) else {
            let expected = "1 to \(LiveCaptureOptions.maximumSnapLength) bytes"
            throw .invalidOption(name: "snapLength", value: snapLength, expected: expected)
        }
        let precision = UInt32(PCAP_TSTAMP_PRECISION_NANO)
        // Safe: the snap length was checked to fit in Int32 above.
        let snap = Int32(snapLength)
        guard let dead = pcap_open_dead_with_tstamp_precision(linkType.rawValue, snap, precision)
        else {
            throw .cannotWrite(path: path, reason: "libpcap could not allocate a handle")
        }
        guard let dumper = pcap_dump_open(dead, path) else {
            let reason = Libpcap.lastError(of: dead)
            pcap_close(dead)
            throw .cannotWrite(path: path, reason: reason)
        }

        self.path = path
        self.linkType = linkType
        self.snapLength = snapLength
        self.dead = dead
        self.dumper = dumper
    }

    deinit {
        self.close()
    }

    /// Appends one packet record.
    ///
    /// - Parameters:
    ///   - timestamp: stored as 32-bit seconds and nanoseconds.
    ///   - bytes: the captured bytes; only the first `snapLength` are written. Copied before
    ///     return.
    ///   - wireLength: the frame's length on the wire; raised to the bytes written if smaller.
    /// Does nothing after `close()`.
    public func write(timestamp: Timestamp, bytes: UnsafeRawBufferPointer, wireLength: Int) {
        guard let dumper = self.dumper else {
            return
        }
        let captured = min(bytes.count, self.snapLength)
        var header = pcap_pkthdr()
        header.ts.tv_sec = Int(timestamp.seconds)
        header.ts.tv_usec = Int(timestamp.fractionNanoseconds)
        header.caplen = UInt32(captured)
        header.len = UInt32(clamping: max(wireLength, captured))

        // pcap_dump takes its dumper through the generic `u_char *user` callback argument.
        let user = UnsafeMutablePointer<UInt8>(dumper)
        guard let base = bytes.baseAddress else {
            var empty: UInt8 = 0
            pcap_dump(user, &header, &empty)
            return
        }
        pcap_dump(user, &header, base.assumingMemoryBound(to: UInt8.self))
    }

    /// Pushes buffered records to the file.
    ///
    /// - Throws: `.cannotWrite` when the system refuses the bytes (disk full, I/O error).
    public func flush() throws(CaptureError) {
        guard let dumper = self.dumper else {
            return
        }
        if pcap_dump_flush(dumper) != 0 {
            throw .cannotWrite(path: self.path, reason: "the data could not be flushed to disk")
        }
    }

    /// Flushes and closes the file; later writes are ignored. Safe to call more than once.
    public func close() {
        if let dumper = self.dumper {
            pcap_dump_close(dumper)
            self.dumper = nil
        }
        if let dead = self.dead {
            pcap_close(dead)
            self.dead = nil
        }
    }
}
