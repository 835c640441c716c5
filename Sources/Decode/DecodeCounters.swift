/// Counts of what the decoder saw and why packets yielded no TCP segment.
///
/// Every packet handed to `PacketDecoder.decode` bumps `packets` and then one outcome:
/// `tcp_segments` when a segment was lent, `ip_fragments` when it was a fragment, or one of the
/// reasons below. A fragment that completes its datagram also bumps the datagram's outcome;
/// `vxlan_decapsulated`, `snap_truncated_segments` and `ip_length_exceeds_frame` come on top of
/// the inner outcome.
struct DecodeCounters: Sendable {
    /// Packets handed to the decoder.
    var packets = 0
    /// Segments lent to the caller (including those from reassembled datagrams).
    var tcpSegments = 0
    /// Packets whose link type the decoder does not read.
    var unsupportedLink = 0
    /// Packets cut short inside a link, IP or TCP header.
    var truncatedHeader = 0
    /// Frames that carry something other than IP (ARP, LLDP, unknown EtherTypes).
    var nonIP = 0
    /// IP packets of another protocol (UDP other than VXLAN, ICMP...).
    var nonTCP = 0
    /// IP headers that contradict themselves (version, header length, total length, chain).
    var badIPHeader = 0
    /// TCP headers whose data offset is below 5 or past the end of the segment.
    var badTCPHeader = 0
    /// IP fragments received (IPv4, and IPv6 other than atomic fragments).
    var ipFragments = 0
    /// Datagrams rebuilt from fragments.
    var fragmentsReassembled = 0
    /// Partly received datagrams dropped because their fragments stopped coming.
    var fragmentsExpired = 0
    /// Fragments or datagrams dropped at a reassembly cap: too large, too many fragments.
    var fragmentsDroppedAtCap = 0
    /// Partly received datagrams dropped before their timeout to make room for newer ones,
    /// when the cap on datagrams in flight or on buffered bytes was reached.
    var fragmentsEvicted = 0
    /// Fragments ignored because they contradict the datagram they belong to.
    var fragmentsInconsistent = 0
    /// Fragments the capture cut short, which can never be reassembled.
    var fragmentsTruncated = 0
    /// VXLAN datagrams whose inner frame was decoded.
    var vxlanDecapsulated = 0
    /// Packets inside more tunnels than `DecodeLimits.maxEncapsulationDepth` allows.
    var encapsulationTooDeep = 0
    /// Segments lent with fewer payload bytes than the IP header says (snap length).
    var snapTruncatedSegments = 0
    /// IP packets whose total (IPv4) or payload (IPv6) length runs past the end of a frame the
    /// capture did not cut: the length lies, and the bytes in the frame are taken as the packet.
    var ipLengthExceedsFrame = 0

    /// Every counter with its stable snake_case name, in a fixed order.
    var values: [(name: String, value: Int)] {
        [
            ("packets", self.packets),
            ("tcp_segments", self.tcpSegments),
            ("unsupported_link", self.unsupportedLink),
            ("truncated_header", self.truncatedHeader),
            ("non_ip", self.nonIP),
            ("non_tcp", self.nonTCP),
            ("bad_ip_header", self.badIPHeader),
            ("bad_tcp_header", self.badTCPHeader),
            ("ip_fragments", self.ipFragments),
            ("fragments_reassembled", self.fragmentsReassembled),
            ("fragments_expired", self.fragmentsExpired),
            ("fragments_dropped_at_cap", self.fragmentsDroppedAtCap),
            ("fragments_evicted", self.fragmentsEvicted),
            ("fragments_inconsistent", self.fragmentsInconsistent),
            ("fragments_truncated", self.fragmentsTruncated),
            ("vxlan_decapsulated", self.vxlanDecapsulated),
            ("encapsulation_too_deep", self.encapsulationTooDeep),
            ("snap_truncated_segments", self.snapTruncatedSegments),
            ("ip_length_exceeds_frame", self.ipLengthExceedsFrame),
        ]
    }
}
