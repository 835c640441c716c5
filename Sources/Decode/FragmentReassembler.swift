import Capture

/// Rebuilds IP datagrams from fragments that arrive in any order, within fixed bounds.
///
/// Overlapping fragments keep the bytes that arrived first. A datagram is dropped when its
/// fragments stop coming for `DecodeLimits.fragmentTimeoutNanoseconds` of packet time
/// (`fragments_expired`); when a new datagram or a new fragment needs room that the caps on
/// datagrams in flight or buffered bytes do not leave, the datagrams started first are evicted
/// (`fragments_evicted`); a datagram over the size limit, with too many fragments, or larger
/// than the byte cap by itself is dropped (`fragments_dropped_at_cap`).
struct FragmentReassembler: Sendable {
    /// A datagram whose every byte has arrived.
    struct Reassembled: Sendable {
        /// The datagram's data (after the IP header); owned, lent on by the decoder.
        var bytes: [UInt8]
        /// The transport protocol (IPv4) or first fragmentable header (IPv6).
        var nextHeader: UInt8
    }

    /// One fragment as the IP layer read it.
    struct Fragment {
        /// Which datagram it belongs to.
        var key: FragmentKey
        /// Where its data sits in the datagram, in bytes.
        var offset: Int
        /// Whether it is the last fragment (MF / M flag clear).
        var isLast: Bool
        /// The protocol or next header it announces; used from the offset-0 fragment.
        var nextHeader: UInt8
        /// Its data, borrowed from the packet.
        var data: ByteCursor
    }

    /// Where a datagram was started, in the order of `arrivals`.
    private struct Arrival: Sendable {
        var key: FragmentKey
        var serial: UInt64
    }

    private let limits: DecodeLimits
    private var partials: [FragmentKey: PartialDatagram] = [:]
    /// Bytes held by all partial datagrams together.
    private(set) var bufferedBytes = 0
    /// Every datagram started, oldest first from `arrivalsStart`. Entries of datagrams that
    /// completed, expired or were dropped stay until they reach the front or a compaction.
    private var arrivals: [Arrival] = []
    /// The index of the oldest entry of `arrivals` that may still be live.
    private var arrivalsStart = 0
    /// The serial the next datagram started gets.
    private var nextSerial: UInt64 = 0

    /// Creates an empty reassembler bounded by `limits`.
    init(limits: DecodeLimits) {
        self.limits = limits
    }

    /// How many datagrams are partly received.
    var datagramsInFlight: Int {
        self.partials.count
    }

    /// How many entries the record of arrival order holds, live or dead (for tests of its
    /// bound).
    var arrivalEntries: Int {
        self.arrivals.count
    }

    /// Adds a fragment; returns the datagram when this fragment completed it.
    ///
    /// - Parameters:
    ///   - fragment: the fragment, whose data is copied before returning.
    ///   - timestamp: the packet's capture time.
    ///   - counters: where drops, expiries and inconsistencies are counted.
    /// - Complexity: O(n + k) for n ranges already received in the datagram and k new bytes.
    mutating func insert(
        _ fragment: Fragment,
        at timestamp: Timestamp,
        counters: inout DecodeCounters
    ) -> Reassembled? {
        let range = fragment.offset..<(fragment.offset + fragment.data.count)
        guard range.upperBound <= self.limits.maxDatagramSize else {
            self.discard(fragment.key)
            counters.fragmentsDroppedAtCap += 1
            return nil
        }
        guard var partial = self.take(fragment.key, at: timestamp, counters: &counters) else {
            counters.fragmentsDroppedAtCap += 1
            return nil
        }

        guard partial.accepts(range, isLast: fragment.isLast) else {
            counters.fragmentsInconsistent += 1
            self.put(partial, for: fragment.key)
            return nil
        }
        // `take` removed the datagram's own bytes from `bufferedBytes`.
        let heldAfter = max(partial.bytes.count, range.upperBound)
        guard partial.fragmentCount < self.limits.maxFragmentsPerDatagram,
              heldAfter <= self.limits.maxBufferedFragmentBytes
        else {
            // The datagram can no longer complete: free what it holds.
            counters.fragmentsDroppedAtCap += 1
            return nil
        }
        let updating = Arrival(key: fragment.key, serial: partial.serial)
        while self.bufferedBytes + heldAfter > self.limits.maxBufferedFragmentBytes {
            // The other datagrams hold the excess, so there is one to evict.
            guard self.evictOldest(sparing: updating, at: timestamp, counters: &counters) else {
                counters.fragmentsDroppedAtCap += 1
                return nil
            }
        }
        partial.store(fragment.data, at: fragment.offset, isLast: fragment.isLast)
        if fragment.offset == 0 { partial.nextHeader = fragment.nextHeader }

        guard partial.isComplete, let nextHeader = partial.nextHeader else {
            self.put(partial, for: fragment.key)
            return nil
        }
        return Reassembled(bytes: partial.bytes, nextHeader: nextHeader)
    }

    /// Drops every partial datagram whose first fragment arrived before `cutoff`.
    ///
    /// - Returns: how many were dropped.
    /// - Complexity: O(n) in the datagrams in flight.
    mutating func expire(before cutoff: Timestamp) -> Int {
        let stale = self.partials.filter { $0.value.firstSeen < cutoff }
        for (key, partial) in stale {
            self.partials[key] = nil
            self.bufferedBytes -= partial.bytes.count
        }
        return stale.count
    }

    // MARK: - Table

    /// Removes the datagram for `key` from the table to update it, or starts a new one.
    ///
    /// A stale datagram is expired first. When the table is full, the datagram started first
    /// makes room (`evictOldest`). Returns `nil` only when the cap on datagrams in flight is 0.
    private mutating func take(
        _ key: FragmentKey,
        at timestamp: Timestamp,
        counters: inout DecodeCounters
    ) -> PartialDatagram? {
        let cutoff = timestamp.advanced(byNanoseconds: -self.limits.fragmentTimeoutNanoseconds)
        if let partial = self.partials.removeValue(forKey: key) {
            self.bufferedBytes -= partial.bytes.count
            guard partial.firstSeen < cutoff else { return partial }
            counters.fragmentsExpired += 1
        }
        // Limitation: when the table is full (or, in `insert`, the byte cap is reached), the
        // datagram whose first fragment came first is evicted to make room (fragments_evicted);
        // so a flood of more than maxDatagramsInFlight unfinished datagrams between a
        // datagram's first and last fragments still loses that datagram, and none of its
        // segments reaches the caller.
        while self.partials.count >= self.limits.maxDatagramsInFlight {
            guard self.evictOldest(sparing: nil, at: timestamp, counters: &counters)
            else { return nil }
        }
        let serial = self.nextSerial
        self.nextSerial &+= 1
        self.arrivals.append(Arrival(key: key, serial: serial))
        return PartialDatagram(firstSeen: timestamp, serial: serial)
    }

    /// Puts an updated datagram back in the table.
    private mutating func put(_ partial: PartialDatagram, for key: FragmentKey) {
        self.bufferedBytes += partial.bytes.count
        self.partials[key] = partial
        self.compactArrivals()
    }

    /// Drops the datagram in the table that was started first: counted as `fragments_expired`
    /// when its timeout has passed, `fragments_evicted` otherwise.
    ///
    /// - Parameter spared: the datagram being updated, which is out of the table meanwhile;
    ///   its entry moves to the back of `arrivals` rather than being taken for dead.
    /// - Returns: `false` when no other datagram is in the table.
    /// - Complexity: amortised O(1): an entry is passed over once, or once more when spared.
    private mutating func evictOldest(
        sparing spared: Arrival?,
        at timestamp: Timestamp,
        counters: inout DecodeCounters
    ) -> Bool {
        // Bounded by the entries present on entry, so a spared entry moved to the back is not
        // met again in this call.
        var remaining = self.arrivals.count - self.arrivalsStart
        while remaining > 0 {
            remaining -= 1
            let oldest = self.arrivals[self.arrivalsStart]
            self.arrivalsStart += 1
            if let spared, oldest.key == spared.key, oldest.serial == spared.serial {
                self.arrivals.append(oldest)
                continue
            }
            // The datagram left the table (completed, expired, dropped), or the key now names
            // a later datagram: the entry is dead.
            guard let partial = self.partials[oldest.key], partial.serial == oldest.serial
            else { continue }
            self.partials[oldest.key] = nil
            self.bufferedBytes -= partial.bytes.count
            let cutoff = timestamp.advanced(byNanoseconds: -self.limits.fragmentTimeoutNanoseconds)
            if partial.firstSeen < cutoff {
                counters.fragmentsExpired += 1
            } else {
                counters.fragmentsEvicted += 1
            }
            return true
        }
        return false
    }

    /// Rewrites `arrivals` with only the live datagrams' entries once dead and passed-over
    /// ones outnumber them, so its memory stays proportional to the datagrams in flight.
    ///
    /// - Complexity: O(n) in the entries, amortised O(1) per datagram started.
    private mutating func compactArrivals() {
        guard self.arrivals.count > 2 * self.partials.count + 32 else { return }
        let live = self.arrivals[self.arrivalsStart...].filter { arrival in
            self.partials[arrival.key]?.serial == arrival.serial
        }
        self.arrivals = Array(live)
        self.arrivalsStart = 0
    }

    /// Forgets the datagram for `key`, if any.
    private mutating func discard(_ key: FragmentKey) {
        if let partial = self.partials.removeValue(forKey: key) {
            self.bufferedBytes -= partial.bytes.count
        }
    }
}
