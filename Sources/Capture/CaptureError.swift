/// Why a packet source could not be opened, read or written.
///
/// Every case is something the operator must fix (a path, a permission, an interface, a filter);
/// bad packets inside a readable capture are not errors of this module. Each `description` is
/// one lower-case line without a final period that names the input, says what was found and what
/// to do.
public enum CaptureError: Error, Equatable, Sendable, CustomStringConvertible {
    // MARK: - Capture files

    /// Nothing exists at the path.
    case fileNotFound(path: String)
    /// The path names a directory, not a capture file.
    case isDirectory(path: String)
    /// The file exists but cannot be opened for reading (permissions, I/O error).
    case unreadableFile(path: String, reason: String)
    /// The file has no bytes at all.
    case emptyFile(path: String)
    /// The file does not start with a pcap or pcapng header libpcap accepts.
    case notACapture(path: String, reason: String)
    /// Reading stopped in the middle of the file (a record cut short or damaged); the
    /// `packetsRead` packets before it were delivered.
    case corruptFile(path: String, reason: String, packetsRead: Int)
    /// A capture file could not be created or written.
    case cannotWrite(path: String, reason: String)

    // MARK: - Live capture

    /// The process may not capture on the interface.
    case permissionDenied(interface: String)
    /// No interface has that name; `available` lists the ones libpcap found.
    case noSuchInterface(interface: String, available: [String])
    /// The interface exists but is administratively down.
    case interfaceNotUp(interface: String)
    /// libpcap refused to open or configure the interface for another reason.
    case captureFailed(interface: String, reason: String)
    /// The BPF filter expression does not compile or cannot be installed.
    case badFilter(filter: String, reason: String)
    /// A capture option is outside the range libpcap accepts.
    case invalidOption(name: String, value: Int, expected: String)
    /// A running live capture failed (the interface went away, the socket broke).
    case readFailed(interface: String, reason: String)
    /// libpcap could not enumerate the capture interfaces.
    case interfaceListFailed(reason: String)

    /// One line for the operator: what failed, on which input, and what to do about it.
    public var description: String {
        switch self {
        case .fileNotFound(let path):
            "cannot open capture file '\(path)': no such file; check the path"
        case .isDirectory(let path):
            "cannot open capture file '\(path)': it is a directory; "
                + "give the path of a .pcap or .pcapng file"
        case .unreadableFile(let path, let reason):
            "cannot open capture file '\(path)': \(reason); "
                + "check its permissions or run as a user who can read it"
        case .emptyFile(let path):
            "cannot read capture file '\(path)': the file is empty (0 bytes); "
                + "check that the capture was written completely, or capture again"
        case .notACapture(let path, let reason):
            "cannot read capture file '\(path)': not a pcap or pcapng capture (\(reason)); "
                + "give a file written by tcpdump, tshark or dumpcap"
        case .corruptFile(let path, let reason, let packetsRead):
            "cannot read capture file '\(path)' after \(packetsRead) packets: \(reason); "
                + "the file is truncated or damaged, the packets before this point were read"
        case .cannotWrite(let path, let reason):
            "cannot write capture file '\(path)': \(reason); "
                + "check that the directory exists and is writable"
        case .permissionDenied(let interface):
            "cannot open '\(interface)' for capture: permission denied; "
                + "run as root or grant CAP_NET_RAW"
        case .noSuchInterface(let interface, let available):
            "cannot open '\(interface)' for capture: no such interface; "
                + Self.choice(from: available)
        case .interfaceNotUp(let interface):
            "cannot open '\(interface)' for capture: the interface is down; "
                + "bring it up (ip link set \(interface) up) or choose another"
        case .captureFailed(let interface, let reason):
            "cannot open '\(interface)' for capture: \(reason); "
                + "check the interface name and capture options"
        case .badFilter(let filter, let reason):
            "invalid capture filter '\(filter)': \(reason); "
                + "fix the expression (syntax in pcap-filter(7))"
        case .invalidOption(let name, let value, let expected):
            "invalid capture option \(name)=\(value): expected \(expected); change the value"
        case .readFailed(let interface, let reason):
            "capture on '\(interface)' stopped: \(reason); "
                + "check that the interface still exists and restart"
        case .interfaceListFailed(let reason):
            "cannot list capture interfaces: \(reason); run as root or grant CAP_NET_RAW"
        }
    }

    /// The "what to do" part of a missing-interface message.
    private static func choice(from available: [String]) -> String {
        if available.isEmpty {
            return "libpcap found no interfaces to capture on"
        }
        return "choose one of: " + available.joined(separator: ", ")
    }
}
