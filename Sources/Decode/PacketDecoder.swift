import Capture

/// Decodes captured frames down to TCP segments, reassembling IP fragments on the way.
///
/// Reads every link type `supports(_:)` names; unwraps VLAN tags, MPLS, PPPoE and VXLAN; walks
/// IPv4 options and IPv6 extension headers. Checksums are not verified: capture hosts with
/// offload record wrong ones. Packets that carry no TCP segment are counted by reason
/// (`counterValues`), never treated as errors.
///
/// The decoder does no I/O and never reads the clock: fragment timeouts run on packet time.
/// One owner calls it; it is not shared between tasks.
public struct PacketDecoder: Sendable {
    /// The bounds this decoder keeps to.
    public let limits: DecodeLimits
    /// What was seen and why packets yielded nothing, reported by `counterValues`.
    var counters = DecodeCounters()
    /// IP datagrams being rebuilt from fragments.
    var reassembler: FragmentReassembler

    /// Creates a decoder with empty fragment state.
    public init(limits: DecodeLimits = DecodeLimits()) {
        self.limits = limits
        self.reassembler = FragmentReassembler(limits: limits)
    }

    /// Whether `decode` reads frames of this link type.
    public static func supports(_ linkType: LinkType) -> Bool {
        LinkLayer.supports(linkType)
    }

    /// Decodes one frame; when it yields a TCP segment, lends it to `body` and returns its result.
    ///
    /// The segment's payload borrows `packet.bytes`, or for a reassembled datagram a buffer the
    /// decoder owns; either is valid only inside `body`.
    ///
    /// - Returns: `body`'s result, or `nil` when the packet holds no TCP segment (a counter says
    ///   why) or is a fragment of a datagram not yet complete.
    public mutating func decode<R>(_ packet: Packet, _ body: (TCPSegment) -> R) -> R? {
        self.counters.packets += 1
        let payload = LinkLayer.payload(of: ByteCursor(packet.bytes), linkType: packet.linkType)
        let frame = FrameContext(timestamp: packet.timestamp, isWhole: !packet.isTruncated)
        return self.decodeNetwork(payload, frame: frame, depth: 0, body)
    }

    /// Every counter with a stable snake_case name, in a fixed order (for the summary line).
    public var counterValues: [(name: String, value: Int)] {
        self.counters.values
    }

    /// How many IP datagrams are partly reassembled right now.
    public var fragmentedDatagramsInFlight: Int {
        self.reassembler.datagramsInFlight
    }

    /// How many bytes partly reassembled IP datagrams hold right now.
    public var bufferedFragmentBytes: Int {
        self.reassembler.bufferedBytes
    }

    /// Drops IP fragment state older than `timestamp - timeout` (call periodically).
    ///
    /// A datagram is dropped when its first fragment arrived more than
    /// `DecodeLimits.fragmentTimeoutNanoseconds` before `timestamp`; each counts as
    /// `fragments_expired`. Pass the timestamp of the latest packet.
    public mutating func expireFragments(before timestamp: Timestamp) {
        let cutoff = timestamp.advanced(byNanoseconds: -self.limits.fragmentTimeoutNanoseconds)
        self.counters.fragmentsExpired += self.reassembler.expire(before: cutoff)
    }

    // MARK: - Layers

    /// Decodes what a link layer or tunnel found, counting why when it is not IP.
    mutating func decodeNetwork<R>(
        _ payload: NetworkPayload,
        frame: FrameContext,
        depth: Int,
        _ body: (TCPSegment) -> R
    ) -> R? {
        switch payload {
        case .ipv4(let packet):
            return self.decodeIPv4(packet, frame: frame, depth: depth, body)
        case .ipv6(let packet):
            return self.decodeIPv6(packet, frame: frame, depth: depth, body)
        case .notIP:
            self.counters.nonIP += 1
        case .truncated:
            self.counters.truncatedHeader += 1
        case .unknownIPVersion:
            self.counters.badIPHeader += 1
        case .unsupportedLink:
            self.counters.unsupportedLink += 1
        }
        return nil
    }
}
