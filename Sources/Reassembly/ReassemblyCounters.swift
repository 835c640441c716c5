/// Totals kept by the reassemblers of all connections, for the summary line.
public struct ReassemblyCounters: Sendable {
    /// Payload bytes delivered in order.
    public var deliveredBytes = 0
    /// Segments whose payload had been delivered already, wholly or in part.
    public var retransmittedSegments = 0
    /// Segments that arrived ahead of a hole and were held back.
    public var outOfOrderSegments = 0
    /// Holes declared lost.
    public var gaps = 0
    /// Bytes in holes declared lost.
    public var gapBytes = 0
    /// Gaps declared because a direction's held-back bytes or segments reached the cap.
    public var gapsAtHoldCap = 0
    /// Segments seen twice by the capture (one packet on two interfaces) and used once.
    public var captureDuplicates = 0
    /// Segments dropped for starting implausibly far ahead of their stream.
    public var segmentsTooFarAhead = 0
    /// Payload bytes the snap length cut off, accounted for by length.
    public var snapTruncatedBytes = 0

    public init() {}

    /// Every counter with its stable summary name.
    public var counterValues: [(name: String, value: Int)] {
        [
            ("tcp_delivered_bytes", self.deliveredBytes),
            ("tcp_retransmitted_segments", self.retransmittedSegments),
            ("tcp_out_of_order_segments", self.outOfOrderSegments),
            ("tcp_gaps", self.gaps),
            ("tcp_gap_bytes", self.gapBytes),
            ("tcp_gaps_at_hold_cap", self.gapsAtHoldCap),
            ("tcp_segments_too_far_ahead", self.segmentsTooFarAhead),
            ("tcp_capture_duplicates", self.captureDuplicates),
            ("snap_truncated_bytes", self.snapTruncatedBytes),
        ]
    }
}
