internal import CPcap
internal import Glibc

/// A pcap or pcapng capture file read packet by packet through libpcap.
///
/// Timestamps come out in nanoseconds whatever the file stores (microsecond pcap files are
/// scaled, nanosecond pcap and pcapng files are kept exact). The path `-` reads standard input.
///
/// One thread reads at a time; the file may be handed to another thread between reads.
public final class PacketFile: PacketSource, @unchecked Sendable {
    // Safe: `@unchecked Sendable` lets the CLI open the file on one thread and move it to its
    // capture thread. All mutable state (`packetsRead`, `state`, libpcap's handle) is touched
    // only by `readPacket(_:)`, which is documented as one-thread-at-a-time; nothing else here
    // can be called concurrently with it.

    /// What reading may still produce.
    private enum State {
        case reading
        case finished
    }

    /// The path the file was opened from, as given.
    public let path: String
    /// The link type recorded in the file's header (the first interface's, for pcapng).
    public let linkType: LinkType
    /// How many packets `readPacket(_:)` has delivered so far.
    public private(set) var packetsRead: Int = 0

    private let handle: OpaquePointer
    private var state: State = .reading

    /// Opens a capture file for reading.
    ///
    /// - Parameter path: a pcap (microsecond or nanosecond) or pcapng file, or `-` for stdin.
    /// - Throws: `.fileNotFound`, `.isDirectory`, `.unreadableFile`, `.emptyFile` or
    ///   `.notACapture`, each naming `path`.
    public init(path: String) throws(CaptureError) {
        if path != "-" {
            try Self.checkReadable(path: path)
        }

        var errorBuffer = Libpcap.makeErrorBuffer()
        let precision = UInt32(PCAP_TSTAMP_PRECISION_NANO)
        guard
            let handle = pcap_open_offline_with_tstamp_precision(path, precision, &errorBuffer)
        else {
            let reason = Libpcap.message(fromErrorBuffer: errorBuffer)
            throw .notACapture(path: path, reason: reason)
        }

        self.path = path
        self.handle = handle
        self.linkType = LinkType(rawValue: pcap_datalink(handle))
    }

    deinit {
        pcap_close(self.handle)
    }

    /// Reads the next record and lends it to `body`.
    ///
    /// After the end of the file, or after an error, every later call returns `.end`.
    /// - Throws: `.corruptFile` when a record is cut short or damaged; the packets before it
    ///   have been delivered and counted in `packetsRead`.
    public func readPacket<Value>(
        _ body: (Packet) -> Value
    ) throws(CaptureError) -> ReadResult<Value> {
        guard case .reading = self.state else {
            return .end
        }

        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        let status = pcap_next_ex(self.handle, &header, &data)

        if status == 1, let header, let data {
            self.packetsRead += 1
            let packet = Libpcap.packet(
                header: header,
                data: data,
                linkType: self.linkType,
                isNanosecond: true
            )
            return .packet(body(packet))
        }
        self.state = .finished
        if status == PCAP_ERROR_BREAK {
            return .end
        }
        // Limitation: a pcapng file whose interfaces have different link types stops at the
        // first block from an interface unlike the first one; libpcap refuses to mix them, and
        // the packets after that point are not read (the error names the link type).
        let reason = Libpcap.lastError(of: self.handle)
        throw .corruptFile(path: self.path, reason: reason, packetsRead: self.packetsRead)
    }

    // MARK: - Diagnosis before libpcap

    /// Turns the common ways a path can be wrong into precise errors before libpcap sees it;
    /// libpcap itself only says "No such file or directory" or "unknown file format".
    private static func checkReadable(path: String) throws(CaptureError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR {
                throw .fileNotFound(path: path)
            }
            throw .unreadableFile(path: path, reason: Libpcap.systemMessage(errno: code))
        }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR {
            throw .isDirectory(path: path)
        }

        // Opening a named pipe to test it would consume its writer; leave those to libpcap.
        guard kind == S_IFREG else {
            return
        }

        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .unreadableFile(path: path, reason: Libpcap.systemMessage(errno: errno))
        }
        close(descriptor)

        if info.st_size == 0 {
            throw .emptyFile(path: path)
        }
    }
}
