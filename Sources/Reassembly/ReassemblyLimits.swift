/// Caps and windows that bound what one direction of a connection may hold back.
public struct ReassemblyLimits: Sendable {
    /// Out-of-order bytes held per direction; past it the earliest hole is declared a gap.
    public var maxHeldBytes: Int
    /// Out-of-order segments held per direction; past it the earliest hole is declared a gap.
    public var maxHeldSegments: Int
    /// How long (packet time) a hole may wait for its bytes once the receiver has acknowledged
    /// past it, before it is declared a gap: allows for captures that merge queues slightly out
    /// of order.
    public var ackedHoleGraceNanoseconds: Int64
    /// How long (packet time) a hole may wait for a retransmission with no other evidence.
    public var holeTimeoutNanoseconds: Int64
    /// How far ahead of the stream a segment may start and still be taken, unless the receiver
    /// has acknowledged past the stream's position (real loss). Farther segments are stale,
    /// injected or from another connection, and would make the stream jump.
    public var maxSegmentAheadBytes: Int
    /// How soon after a segment an identical one is taken for the same packet captured twice
    /// (on two interfaces) rather than a retransmission.
    public var duplicateWindowNanoseconds: Int64

    public init(
        maxHeldBytes: Int = 1 << 20,
        maxHeldSegments: Int = 512,
        ackedHoleGraceNanoseconds: Int64 = 20_000_000,
        holeTimeoutNanoseconds: Int64 = 3_000_000_000,
        maxSegmentAheadBytes: Int = 16 << 20,
        duplicateWindowNanoseconds: Int64 = 200_000
    ) {
        self.maxHeldBytes = maxHeldBytes
        self.maxHeldSegments = maxHeldSegments
        self.ackedHoleGraceNanoseconds = ackedHoleGraceNanoseconds
        self.holeTimeoutNanoseconds = holeTimeoutNanoseconds
        self.maxSegmentAheadBytes = maxSegmentAheadBytes
        self.duplicateWindowNanoseconds = duplicateWindowNanoseconds
    }
}
