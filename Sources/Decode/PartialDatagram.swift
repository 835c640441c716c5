import Capture

/// An IP datagram being rebuilt from fragments: the bytes so far and which ranges are filled.
struct PartialDatagram: Sendable {
    /// The datagram's data (after the IP header), grown to the furthest byte received.
    private(set) var bytes: [UInt8] = []
    /// The filled byte ranges, sorted, disjoint and never adjacent.
    private(set) var received: [Range<Int>] = []
    /// The datagram's length, known once the last fragment (MF clear) arrived.
    private(set) var totalLength: Int?
    /// The transport protocol (IPv4) or first fragmentable header (IPv6), from fragment 0.
    var nextHeader: UInt8?
    /// When the first fragment arrived; the timeout runs from here.
    let firstSeen: Timestamp
    /// Which datagram this is among all the reassembler started, in order: it tells this one
    /// from an earlier datagram that had the same key.
    let serial: UInt64
    /// How many fragments were accepted.
    private(set) var fragmentCount = 0

    /// Starts an empty datagram.
    init(firstSeen: Timestamp, serial: UInt64) {
        self.firstSeen = firstSeen
        self.serial = serial
    }

    /// Whether every byte up to the known total length has arrived.
    var isComplete: Bool {
        guard let totalLength = self.totalLength, self.nextHeader != nil else { return false }
        return totalLength == 0 ? self.received.isEmpty : self.received == [0..<totalLength]
    }

    /// Whether a fragment covering `range` agrees with what is known of the datagram.
    ///
    /// A last fragment must not end before bytes already received nor disagree with an earlier
    /// last fragment; other fragments must not reach past a known end.
    func accepts(_ range: Range<Int>, isLast: Bool) -> Bool {
        if isLast {
            if let totalLength = self.totalLength { return totalLength == range.upperBound }
            return (self.received.last?.upperBound ?? 0) <= range.upperBound
        }
        guard let totalLength = self.totalLength else { return true }
        return range.upperBound <= totalLength
    }

    /// Stores a fragment's data at `offset`, keeping bytes already received where they overlap
    /// (first copy wins), and notes the total length when `isLast`.
    ///
    /// - Complexity: O(n + k) for n ranges received so far and k new bytes.
    mutating func store(_ data: ByteCursor, at offset: Int, isLast: Bool) {
        let range = offset..<(offset + data.count)
        if self.bytes.count < range.upperBound {
            let growth = range.upperBound - self.bytes.count
            self.bytes.append(contentsOf: repeatElement(0, count: growth))
        }
        var start = range.lowerBound
        for filled in self.received where filled.upperBound > start {
            guard filled.lowerBound < range.upperBound else { break }
            if filled.lowerBound > start { self.copy(data, offset, start..<filled.lowerBound) }
            start = max(start, filled.upperBound)
        }
        if start < range.upperBound { self.copy(data, offset, start..<range.upperBound) }

        self.merge(range)
        self.fragmentCount += 1
        if isLast { self.totalLength = range.upperBound }
    }

    /// Copies the part of `data` (which starts at datagram offset `offset`) that covers `range`.
    private mutating func copy(_ data: ByteCursor, _ offset: Int, _ range: Range<Int>) {
        let source = UnsafeRawBufferPointer(
            rebasing: data.bytes[(range.lowerBound - offset)..<(range.upperBound - offset)]
        )
        self.bytes.withUnsafeMutableBytes { destination in
            // Safe: `store` grew `bytes` to cover `range`, and `range` lies within the fragment.
            UnsafeMutableRawBufferPointer(rebasing: destination[range]).copyMemory(from: source)
        }
    }

    /// Adds `range` to the received set, joining it with ranges it overlaps or touches.
    private mutating func merge(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        var lower = range.lowerBound
        var upper = range.upperBound
        var first = self.received.count
        var last = first
        for (index, filled) in self.received.enumerated() {
            if filled.upperBound < lower { continue }
            if filled.lowerBound > upper { break }
            if first == self.received.count { first = index }
            last = index + 1
            lower = min(lower, filled.lowerBound)
            upper = max(upper, filled.upperBound)
        }
        if first == self.received.count {
            let after = self.received.firstIndex { $0.lowerBound > upper }
            self.received.insert(lower..<upper, at: after ?? self.received.count)
        } else {
            self.received.replaceSubrange(first..<last, with: CollectionOfOne(lower..<upper))
        }
    }
}
