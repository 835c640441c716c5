import Capture

/// Rebuilds IP datagrams from fragments that arrive in any order, within fixed bounds.
///
/// Overlapping fragments keep the bytes that arrived first. A datagram is dropped when its
/// fragments stop coming for `DecodeLimits.fragmentTimeoutNanoseconds` of packet time
/// (`fragments_expired`), or at a cap (`fragments_dropped_at_cap`): too many datagrams in
/// flight, too many bytes buffered in all, a datagram over the size limit, or too many
/// fragments in one datagram.
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

    private let limits: DecodeLimits
    private var partials: [FragmentKey: PartialDatagram] = [:]
    /// Bytes held by all partial datagrams together.
    private(set) var bufferedBytes = 0

    /// Creates an empty reassembler bounded by `limits`.
    init(limits: DecodeLimits) {
        self.limits = limits
    }

    /// How many datagrams are partly received.
    var datagramsInFlight: Int {
        self.partials.count
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
              self.bufferedBytes + heldAfter <= self.limits.maxBufferedFragmentBytes
        else {
            // The datagram can no longer complete: free what it holds.
            counters.fragmentsDroppedAtCap += 1
            return nil
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
    /// A stale datagram is expired first. Returns `nil` when a new one would pass the cap on
    /// datagrams in flight even after expiring stale ones.
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
        if self.partials.count >= self.limits.maxDatagramsInFlight {
            counters.fragmentsExpired += self.expire(before: cutoff)
        }
        // Limitation: when the table is full of datagrams still within their timeout, a
        // fragment of a new datagram is dropped (fragments_dropped_at_cap) rather than
        // evicting an older one, so a flood of unfinished datagrams delays new ones until the
        // flood's datagrams expire.
        guard self.partials.count < self.limits.maxDatagramsInFlight else { return nil }
        return PartialDatagram(firstSeen: timestamp)
    }

    /// Puts an updated datagram back in the table.
    private mutating func put(_ partial: PartialDatagram, for key: FragmentKey) {
        self.bufferedBytes += partial.bytes.count
        self.partials[key] = partial
    }

    /// Forgets the datagram for `key`, if any.
    private mutating func discard(_ key: FragmentKey) {
        if let partial = self.partials.removeValue(forKey: key) {
            self.bufferedBytes -= partial.bytes.count
        }
    }
}
