import Capture
import Decode

/// Puts one direction of a TCP connection back in order and hands it to a `StreamConsumer`.
///
/// In-order payload goes straight from the packet buffer to the consumer: nothing is copied on
/// that path. A segment that arrives ahead of a hole is copied and held back until the hole
/// fills; retransmitted and overlapping bytes are trimmed so every byte is delivered once. A
/// hole becomes a gap (skipped by length, never spliced over) when the held bytes reach their
/// cap, when the receiver has acknowledged past it and a short grace has passed, when it has
/// waited too long, or when the stream is flushed.
///
/// Sequence numbers are compared with serial arithmetic, so streams that wrap past 2^32 work.
public struct StreamReassembler {
    /// Whether the stream's position is known (from a SYN, or from the first data seen).
    public private(set) var isSynchronized = false
    /// Whether the stream was picked up without seeing its SYN.
    public private(set) var startedMidstream = false
    /// The sequence number of the next byte to deliver.
    public private(set) var nextSeq: UInt32 = 0
    /// Whether every byte up to the sender's FIN has been delivered or skipped.
    public private(set) var hasReachedFIN = false

    private var finSeq: UInt32?
    /// The last in-order segment taken: a copy of it arriving at once is the capture seeing
    /// one packet twice, not the sender retransmitting.
    private var lastAccepted: (seq: UInt32, length: Int, timestamp: Timestamp)?
    /// Capture time of the sender's FIN: bytes lost before it were sent no later.
    private var finTimestamp: Timestamp?
    private var held: [HeldSegment] = []
    private var heldBytes = 0
    private var holeOpenedAt: Timestamp?
    private var highestPeerAck: UInt32?
    private var peerAckedPastHoleAt: Timestamp?

    /// Creates a reassembler that has seen nothing yet.
    public init() {}

    /// Bytes currently held back ahead of a hole.
    public var heldByteCount: Int {
        self.heldBytes
    }

    // MARK: - Input

    /// Takes one segment sent in this direction.
    ///
    /// - Parameters:
    ///   - segment: The segment; its payload is delivered (or copied) before this returns.
    ///   - limits: Caps on held-back data and the windows that turn holes into gaps.
    ///   - counters: Totals to update.
    ///   - consumer: Receives the bytes that became deliverable, in order.
    public mutating func ingest(
        _ segment: TCPSegment,
        limits: ReassemblyLimits,
        counters: inout ReassemblyCounters,
        into consumer: inout some StreamConsumer
    ) {
        var dataSeq = segment.seq
        if segment.flags.contains(.syn) {
            if !self.isSynchronized {
                self.synchronize(at: segment.seq &+ 1, midstream: false)
            }
            // Data carried in a SYN (TCP Fast Open) starts right after the SYN's own number.
            dataSeq = segment.seq &+ 1
        } else if !self.isSynchronized {
            guard segment.payloadLength > 0 || segment.flags.contains(.fin) else { return }
            self.synchronize(at: dataSeq, midstream: true)
        }
        if segment.flags.contains(.fin) {
            self.finSeq = SequenceNumber.advance(dataSeq, by: segment.payloadLength)
            self.finTimestamp = self.finTimestamp ?? segment.timestamp
        }

        if segment.payloadLength > 0 {
            self.accept(
                segment.payload,
                length: segment.payloadLength,
                seq: dataSeq,
                at: segment.timestamp,
                limits: limits,
                counters: &counters,
                into: &consumer
            )
        }
        self.declareOverdueGaps(now: segment.timestamp, limits: limits, counters: &counters,
                                into: &consumer)
        self.checkFIN()
    }

    /// Takes the acknowledgement number the other side sent: evidence of what this direction's
    /// receiver got, which turns holes it acknowledged into gaps after a short grace.
    public mutating func noteAcknowledgement(
        _ ack: UInt32,
        at timestamp: Timestamp,
        limits: ReassemblyLimits,
        counters: inout ReassemblyCounters,
        into consumer: inout some StreamConsumer
    ) {
        guard self.isSynchronized, !self.hasReachedFIN else { return }
        if let highest = self.highestPeerAck, !SequenceNumber.isBefore(highest, ack) { return }
        self.highestPeerAck = ack
        if self.peerAckedPastHoleAt == nil, self.acknowledgedMissingBytes > 0 {
            self.peerAckedPastHoleAt = timestamp
        }
        self.declareOverdueGaps(now: timestamp, limits: limits, counters: &counters,
                                into: &consumer)
    }

    /// Gives up at once on every hole before `ack`, skipping each as a gap and delivering what
    /// was held behind it, without the grace `noteAcknowledgement` allows.
    ///
    /// For when the receiver is seen answering: what it had received when it answered must be
    /// accounted for before the answer is read. As with the grace, a lone missing byte with
    /// nothing held is left alone (most likely a FIN the capture missed).
    public mutating func skipHoles(
        before ack: UInt32,
        at timestamp: Timestamp,
        counters: inout ReassemblyCounters,
        into consumer: inout some StreamConsumer
    ) {
        guard self.isSynchronized, !self.hasReachedFIN else { return }
        var limit = ack
        if let fin = self.finSeq, SequenceNumber.isBefore(fin, ack) {
            limit = fin
        }
        while let first = self.held.first, SequenceNumber.isBefore(first.seq, limit) {
            self.skipToFirstHeld(counters: &counters, into: &consumer)
        }
        let missing = SequenceNumber.distance(from: self.nextSeq, to: limit)
        if self.held.isEmpty ? missing > 1 : missing > 0 {
            // The lost bytes were on the wire no later than the first acknowledgement of them.
            let lostBy = self.peerAckedPastHoleAt.map { min($0, timestamp) } ?? timestamp
            self.skipGap(missing, at: lostBy, counters: &counters, into: &consumer)
            self.drainHeld(counters: &counters, into: &consumer)
        }
        self.checkFIN()
    }

    /// Gives up on every hole: skips each as a gap, delivers everything held, and (when the
    /// sender's FIN was seen) skips up to it. Called when the connection ends or expires.
    public mutating func flush(
        at timestamp: Timestamp,
        counters: inout ReassemblyCounters,
        into consumer: inout some StreamConsumer
    ) {
        while !self.held.isEmpty {
            self.skipToFirstHeld(counters: &counters, into: &consumer)
        }
        if let fin = self.finSeq, SequenceNumber.isBefore(self.nextSeq, fin) {
            let lostBy = min(timestamp, self.finTimestamp ?? timestamp)
            self.skipGap(SequenceNumber.distance(from: self.nextSeq, to: fin), at: lostBy,
                         counters: &counters, into: &consumer)
        }
        self.checkFIN()
    }

    // MARK: - Ordering

    private mutating func synchronize(at seq: UInt32, midstream: Bool) {
        self.isSynchronized = true
        self.startedMidstream = midstream
        self.nextSeq = seq
    }

    private mutating func accept(
        _ payload: UnsafeRawBufferPointer,
        length: Int,
        seq: UInt32,
        at timestamp: Timestamp,
        limits: ReassemblyLimits,
        counters: inout ReassemblyCounters,
        into consumer: inout some StreamConsumer
    ) {
        let offset = SequenceNumber.distance(from: self.nextSeq, to: seq)
        if offset > limits.maxSegmentAheadBytes && self.acknowledgedMissingBytes <= 0 {
            counters.segmentsTooFarAhead += 1
            return
        }
        if offset > 0 {
            self.hold(payload, length: length, seq: seq, at: timestamp, limits: limits,
                      counters: &counters, into: &consumer)
            return
        }
        let overlap = -offset
        if overlap >= length,
           self.isCaptureDuplicate(seq: seq, length: length, at: timestamp, limits: limits) {
            counters.captureDuplicates += 1
            return
        }
        if overlap > 0 {
            counters.retransmittedSegments += 1
            consumer.streamNoted(.retransmission)
            guard overlap < length else { return }
        }
        self.lastAccepted = (seq, length, timestamp)
        // Earlier bytes arriving after later ones fill a hole. A hole that is given up on is a
        // gap, not a reordering, so the note waits for this moment; and it follows the
        // filling bytes, so that it reaches the message those bytes start.
        let fillsHole = !self.held.isEmpty
        self.deliver(payload, length: length, skipping: overlap, at: timestamp,
                     counters: &counters, into: &consumer)
        if fillsHole {
            consumer.streamNoted(.reordering)
        }
        self.drainHeld(counters: &counters, into: &consumer)
    }

    /// Hands `payload[overlap...]` to the consumer, then the snap-length hole after it.
    private mutating func deliver(
        _ payload: UnsafeRawBufferPointer,
        length: Int,
        skipping overlap: Int,
        at timestamp: Timestamp,
        counters: inout ReassemblyCounters,
        into consumer: inout some StreamConsumer
    ) {
        let captured = min(payload.count, length)
        if overlap < captured {
            // Safe: overlap < captured <= payload.count, so the slice lies inside the payload.
            let fresh = UnsafeRawBufferPointer(rebasing: payload[overlap..<captured])
            consumer.streamData(fresh, at: timestamp)
            counters.deliveredBytes += fresh.count
        }
        let holeLength = length - max(overlap, captured)
        if holeLength > 0 {
            consumer.streamSkipped(holeLength, at: timestamp, isKnownHole: true)
            counters.snapTruncatedBytes += holeLength
        }
        self.nextSeq = SequenceNumber.advance(self.nextSeq, by: length - overlap)
    }

    /// Whether a segment is the same packet seen again by the capture: `-i any` shows a
    /// packet on every interface it crosses (a pod's veth, then the node's bridge), within
    /// microseconds. A sender cannot retransmit that fast: it waits at least a round trip.
    private func isCaptureDuplicate(
        seq: UInt32,
        length: Int,
        at timestamp: Timestamp,
        limits: ReassemblyLimits
    ) -> Bool {
        guard let last = self.lastAccepted, last.seq == seq, last.length == length else {
            return false
        }
        let elapsed = timestamp.nanoseconds(since: last.timestamp)
        return elapsed >= 0 && elapsed <= limits.duplicateWindowNanoseconds
    }

    private mutating func hold(
        _ payload: UnsafeRawBufferPointer,
        length: Int,
        seq: UInt32,
        at timestamp: Timestamp,
        limits: ReassemblyLimits,
        counters: inout ReassemblyCounters,
        into consumer: inout some StreamConsumer
    ) {
        let isHeldAlready = self.held.contains { held in
            held.seq == seq && held.length == length
                && timestamp.nanoseconds(since: held.timestamp) <= limits.duplicateWindowNanoseconds
        }
        guard !isHeldAlready else {
            counters.captureDuplicates += 1
            return
        }
        counters.outOfOrderSegments += 1
        let segment = HeldSegment(
            seq: seq,
            length: length,
            bytes: Array(payload.prefix(length)),
            timestamp: timestamp
        )
        let index = self.held.firstIndex { SequenceNumber.isBefore(seq, $0.seq) }
        self.held.insert(segment, at: index ?? self.held.endIndex)
        self.heldBytes += segment.bytes.count
        if self.holeOpenedAt == nil {
            self.holeOpenedAt = timestamp
        }
        while !self.held.isEmpty,
              self.heldBytes > limits.maxHeldBytes || self.held.count > limits.maxHeldSegments {
            counters.gapsAtHoldCap += 1
            self.skipToFirstHeld(counters: &counters, into: &consumer)
        }
    }

    /// Delivers held segments that the stream has reached, trimming what was already delivered.
    private mutating func drainHeld(
        counters: inout ReassemblyCounters,
        into consumer: inout some StreamConsumer
    ) {
        while let first = self.held.first {
            let offset = SequenceNumber.distance(from: self.nextSeq, to: first.seq)
            guard offset <= 0 else { break }
            self.held.removeFirst()
            self.heldBytes -= first.bytes.count
            let overlap = -offset
            guard overlap < first.length else {
                counters.retransmittedSegments += 1
                consumer.streamNoted(.retransmission)
                continue
            }
            first.bytes.withUnsafeBytes { bytes in
                self.deliver(bytes, length: first.length, skipping: overlap,
                             at: first.timestamp, counters: &counters, into: &consumer)
            }
        }
        if self.held.isEmpty {
            self.holeOpenedAt = nil
        }
        if self.acknowledgedMissingBytes <= 0 {
            self.peerAckedPastHoleAt = nil
        }
    }

    // MARK: - Gaps

    /// Bytes the receiver acknowledged that this stream has not delivered, capped at the FIN.
    private var acknowledgedMissingBytes: Int {
        guard let ack = self.highestPeerAck else { return 0 }
        var limit = ack
        if let fin = self.finSeq, SequenceNumber.isBefore(fin, ack) {
            limit = fin
        }
        return SequenceNumber.distance(from: self.nextSeq, to: limit)
    }

    private mutating func declareOverdueGaps(
        now: Timestamp,
        limits: ReassemblyLimits,
        counters: inout ReassemblyCounters,
        into consumer: inout some StreamConsumer
    ) {
        while self.isHoleOverdue(now: now, limits: limits) {
            if self.held.isEmpty {
                // The receiver acknowledged bytes the capture never saw and nothing follows
                // them yet: skip exactly what was acknowledged, as of that acknowledgement.
                self.skipGap(self.acknowledgedMissingBytes, at: self.peerAckedPastHoleAt ?? now,
                             counters: &counters, into: &consumer)
                self.peerAckedPastHoleAt = nil
            } else {
                self.skipToFirstHeld(counters: &counters, into: &consumer)
                if !self.held.isEmpty {
                    self.holeOpenedAt = now
                }
            }
        }
    }

    private func isHoleOverdue(now: Timestamp, limits: ReassemblyLimits) -> Bool {
        if let since = self.peerAckedPastHoleAt,
           now.nanoseconds(since: since) >= limits.ackedHoleGraceNanoseconds {
            // A lone acknowledged byte with nothing held is most likely a FIN the capture
            // missed, not data: leave it to the flush at the end of the connection.
            let missing = self.acknowledgedMissingBytes
            return self.held.isEmpty ? missing > 1 : missing > 0
        }
        if let opened = self.holeOpenedAt, !self.held.isEmpty {
            return now.nanoseconds(since: opened) >= limits.holeTimeoutNanoseconds
        }
        return false
    }

    private mutating func skipToFirstHeld(
        counters: inout ReassemblyCounters,
        into consumer: inout some StreamConsumer
    ) {
        guard let first = self.held.first else { return }
        let missing = SequenceNumber.distance(from: self.nextSeq, to: first.seq)
        if missing > 0 {
            self.skipGap(missing, at: first.timestamp, counters: &counters, into: &consumer)
        }
        self.drainHeld(counters: &counters, into: &consumer)
    }

    private mutating func skipGap(
        _ count: Int,
        at timestamp: Timestamp,
        counters: inout ReassemblyCounters,
        into consumer: inout some StreamConsumer
    ) {
        guard count > 0 else { return }
        counters.gaps += 1
        counters.gapBytes += count
        consumer.streamSkipped(count, at: timestamp, isKnownHole: false)
        self.nextSeq = SequenceNumber.advance(self.nextSeq, by: count)
    }

    private mutating func checkFIN() {
        if let fin = self.finSeq, !SequenceNumber.isBefore(self.nextSeq, fin) {
            self.hasReachedFIN = true
        }
    }
}

/// An out-of-order segment's bytes, copied out of the packet while it waits for a hole to fill.
struct HeldSegment {
    /// Sequence number of the first byte.
    var seq: UInt32
    /// Payload length on the wire (may exceed `bytes.count` when the snap length cut it).
    var length: Int
    /// The captured payload bytes.
    var bytes: [UInt8]
    /// Capture time of the packet that carried the segment.
    var timestamp: Timestamp
}
