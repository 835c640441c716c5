/// Bounds on the state and work of a `PacketDecoder`.
///
/// Fragment reassembly is the only decoder state that grows with traffic; these caps keep it
/// bounded whatever arrives. At the caps on datagrams in flight and buffered bytes, the
/// datagrams started first are evicted to make room (`fragments_evicted`); a datagram too
/// large or in too many fragments is dropped (`fragments_dropped_at_cap`).
public struct DecodeLimits: Sendable, Hashable {
    /// How long, in nanoseconds of packet time, a partly received IP datagram is kept after its
    /// first fragment arrived (RFC 791 suggests 15 s; Linux uses 30 s).
    public var fragmentTimeoutNanoseconds: Int64
    /// How many partly received IP datagrams may be held at once.
    public var maxDatagramsInFlight: Int
    /// How many bytes all partly received IP datagrams may hold together.
    public var maxBufferedFragmentBytes: Int
    /// The largest datagram that reassembly accepts (65535, the IPv4 total length limit).
    public var maxDatagramSize: Int
    /// How many fragments one datagram may be cut into before it is dropped.
    public var maxFragmentsPerDatagram: Int
    /// How many tunnels (VXLAN) may be nested around a packet before decoding stops.
    public var maxEncapsulationDepth: Int

    /// Creates limits; the defaults suit a busy node.
    public init(
        fragmentTimeoutNanoseconds: Int64 = 30_000_000_000,
        maxDatagramsInFlight: Int = 1024,
        maxBufferedFragmentBytes: Int = 16 << 20,
        maxDatagramSize: Int = 65535,
        maxFragmentsPerDatagram: Int = 256,
        maxEncapsulationDepth: Int = 4
    ) {
        self.fragmentTimeoutNanoseconds = fragmentTimeoutNanoseconds
        self.maxDatagramsInFlight = maxDatagramsInFlight
        self.maxBufferedFragmentBytes = maxBufferedFragmentBytes
        self.maxDatagramSize = maxDatagramSize
        self.maxFragmentsPerDatagram = maxFragmentsPerDatagram
        self.maxEncapsulationDepth = maxEncapsulationDepth
    }
}
