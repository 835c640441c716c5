/// The link-layer header type of a capture, as libpcap reports it (`pcap_datalink`, a DLT value).
///
/// Only the values earshot decodes have names; any other value is carried as is so that an error
/// can name it.
public struct LinkType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// BSD loopback: a 4-byte address family in the capturing host's byte order.
    public static let null = LinkType(rawValue: 0)
    /// Ethernet II, possibly with 802.1Q / 802.1ad tags.
    public static let ethernet = LinkType(rawValue: 1)
    /// Raw IP (DLT_RAW on Linux): the packet starts with an IPv4 or IPv6 header.
    public static let raw = LinkType(rawValue: 12)
    /// Raw IP as OpenBSD numbers DLT_RAW.
    public static let rawOpenBSD = LinkType(rawValue: 14)
    /// Raw IP under its LINKTYPE_RAW number, as some capture files record it.
    public static let linktypeRaw = LinkType(rawValue: 101)
    /// Cisco HDLC: address, control, then a 2-byte EtherType.
    public static let ciscoHDLC = LinkType(rawValue: 104)
    /// OpenBSD loopback: like `null` but the family is big-endian.
    public static let loop = LinkType(rawValue: 108)
    /// Linux cooked capture v1 (what `-i any` gives by default), 16-byte header.
    public static let linuxCooked = LinkType(rawValue: 113)
    /// Raw IPv4 (LINKTYPE_IPV4).
    public static let ipv4 = LinkType(rawValue: 228)
    /// Raw IPv6 (LINKTYPE_IPV6).
    public static let ipv6 = LinkType(rawValue: 229)
    /// Linux netfilter log messages (NFLOG), TLVs around the IP packet.
    public static let nflog = LinkType(rawValue: 239)
    /// Linux cooked capture v2, 20-byte header.
    public static let linuxCookedV2 = LinkType(rawValue: 276)

    /// The libpcap name of the link type (`EN10MB`, `LINUX_SLL2`…) or its number.
    public var description: String {
        switch self {
        case .null: "NULL"
        case .ethernet: "EN10MB"
        case .raw, .rawOpenBSD, .linktypeRaw: "RAW"
        case .ciscoHDLC: "C_HDLC"
        case .loop: "LOOP"
        case .linuxCooked: "LINUX_SLL"
        case .ipv4: "IPV4"
        case .ipv6: "IPV6"
        case .nflog: "NFLOG"
        case .linuxCookedV2: "LINUX_SLL2"
        default: "DLT \(self.rawValue)"
        }
    }
}
