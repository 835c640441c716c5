import Capture
import Testing
@testable import Decode

@Suite struct FragmentReassemblerTests {
    /// A TCP segment of 120 bytes: 20 of header, 100 of payload 0, 1, 2...
    static let body = (0..<100).map { UInt8($0) }
    static let segment = Frames.tcp(payload: body)
    static let pieces = [0..<40, 40..<80, 80..<120]

    static func second(_ value: Int64) -> Timestamp {
        Timestamp(seconds: value, nanoseconds: 0)
    }

    /// One IPv4 fragment carrying `data` at `offset`.
    static func fragment(
        _ data: [UInt8],
        at offset: Int,
        more: Bool,
        identification: UInt16 = 0x77,
        protocolNumber: UInt8 = 6
    ) -> [UInt8] {
        let flags: UInt16 = (more ? 0x2000 : 0) | UInt16(offset / 8)
        return Frames.ipv4(protocolNumber: protocolNumber, identification: identification,
                           flagsAndOffset: flags, payload: data)
    }

    /// The IPv4 fragment of `segment` that covers `range`.
    static func piece(_ range: Range<Int>, identification: UInt16 = 0x77) -> [UInt8] {
        Self.fragment(Array(Self.segment[range]), at: range.lowerBound,
                      more: range.upperBound < Self.segment.count, identification: identification)
    }

    static let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]

    @Test("Fragments in any order rebuild the segment when the last one arrives",
          arguments: orders)
    func anyOrder(order: [Int]) throws {
        var decoder = PacketDecoder()
        var results: [DecodedSegment?] = []

        for (step, index) in order.enumerated() {
            results.append(decoder.decodeCopy(Self.piece(Self.pieces[index]), linkType: .raw,
                                              timestamp: Self.second(Int64(10 + step))))
        }

        #expect(results[0] == nil && results[1] == nil)
        let segment = try #require(results[2])
        #expect(segment.payload == Self.body)
        #expect(segment.payloadLength == 100)
        #expect(segment.timestamp == Self.second(12))
        #expect(decoder.counter("ip_fragments") == 3)
        #expect(decoder.counter("fragments_reassembled") == 1)
        #expect(decoder.counter("tcp_segments") == 1)
        #expect(decoder.fragmentedDatagramsInFlight == 0)
        #expect(decoder.bufferedFragmentBytes == 0)
    }

    @Test("Overlapping fragments keep the bytes that arrived first", arguments: [false, true])
    func overlapFirstCopyWins(alteredFirst: Bool) throws {
        var decoder = PacketDecoder()
        let original = Self.fragment(Array(Self.segment[0..<48]), at: 0, more: true)
        let altered = Self.fragment([UInt8](repeating: 0xee, count: 8)
            + Array(Self.segment[48..<120]), at: 40, more: false)
        let order = alteredFirst ? [altered, original] : [original, altered]

        let first = decoder.decodeCopy(order[0], linkType: .raw)
        let second = decoder.decodeCopy(order[1], linkType: .raw)

        #expect(first == nil)
        let segment = try #require(second)
        var expected = Self.body
        if alteredFirst { expected.replaceSubrange(20..<28, with: repeatElement(0xee, count: 8)) }
        #expect(segment.payload == expected)
    }

    @Test("A duplicated fragment and one inside another change nothing")
    func duplicates() throws {
        var decoder = PacketDecoder()
        let inner = Self.fragment(Array(Self.segment[8..<16]), at: 8, more: true)

        _ = decoder.decodeCopy(Self.piece(0..<40), linkType: .raw)
        _ = decoder.decodeCopy(Self.piece(0..<40), linkType: .raw)
        _ = decoder.decodeCopy(inner, linkType: .raw)
        _ = decoder.decodeCopy(Self.piece(80..<120), linkType: .raw)
        let last = decoder.decodeCopy(Self.piece(40..<80), linkType: .raw)

        let segment = try #require(last)
        #expect(segment.payload == Self.body)
        #expect(decoder.counter("ip_fragments") == 5)
    }

    @Test("Interleaved datagrams are kept apart by identification")
    func interleaved() {
        var decoder = PacketDecoder()
        var completed: [DecodedSegment] = []

        for range in Self.pieces {
            for identification: UInt16 in [1, 2] {
                let packet = Self.piece(range, identification: identification)
                if let segment = decoder.decodeCopy(packet, linkType: .raw) {
                    completed.append(segment)
                }
            }
        }

        #expect(completed.count == 2)
        #expect(completed.allSatisfy { $0.payload == Self.body })
    }

    @Test("A reassembled UDP datagram that is VXLAN yields the inner segment")
    func fragmentedVXLAN() throws {
        var decoder = PacketDecoder()
        let udp = Frames.udp(destinationPort: 4789,
                             payload: [0x08, 0, 0, 0, 0, 0, 1, 0] + Frames.ethernetIPv4TCP())
        let first = Self.fragment(Array(udp[0..<48]), at: 0, more: true, protocolNumber: 17)
        let last = Self.fragment(Array(udp[48...]), at: 48, more: false, protocolNumber: 17)

        let pending = decoder.decodeCopy(last, linkType: .raw)
        let done = decoder.decodeCopy(first, linkType: .raw)

        #expect(pending == nil)
        let segment = try #require(done)
        #expect(segment.payload == Frames.request)
        #expect(decoder.counter("vxlan_decapsulated") == 1)
    }

    // MARK: - Caps

    @Test("At the cap on datagrams in flight the datagram started first is evicted")
    func capDatagramsInFlight() throws {
        var decoder = PacketDecoder(limits: DecodeLimits(maxDatagramsInFlight: 2))

        for identification: UInt16 in [1, 2, 3] {
            _ = decoder.decodeCopy(Self.piece(0..<40, identification: identification),
                                   linkType: .raw)
        }
        _ = decoder.decodeCopy(Self.piece(40..<80, identification: 3), linkType: .raw)
        let newest = decoder.decodeCopy(Self.piece(80..<120, identification: 3), linkType: .raw)
        _ = decoder.decodeCopy(Self.piece(40..<80, identification: 1), linkType: .raw)
        let oldest = decoder.decodeCopy(Self.piece(80..<120, identification: 1), linkType: .raw)

        #expect(try #require(newest).payload == Self.body)
        #expect(oldest == nil)
        #expect(decoder.counter("fragments_dropped_at_cap") == 0)
        #expect(decoder.counter("fragments_evicted") == 1)
        // Datagram 2, and what came of datagram 1 after its eviction.
        #expect(decoder.fragmentedDatagramsInFlight == 2)
    }

    @Test("A flood of unfinished datagrams does not keep a new datagram from completing")
    func floodDoesNotStarve() throws {
        var decoder = PacketDecoder(limits: DecodeLimits(maxDatagramsInFlight: 16))
        for identification in UInt16(1000)..<1100 {
            _ = decoder.decodeCopy(Self.piece(0..<40, identification: identification),
                                   linkType: .raw, timestamp: Self.second(1))
        }

        var last: DecodedSegment?
        for range in Self.pieces {
            last = decoder.decodeCopy(Self.piece(range, identification: 7), linkType: .raw,
                                      timestamp: Self.second(2))
        }

        #expect(try #require(last).payload == Self.body)
        #expect(decoder.fragmentedDatagramsInFlight == 15)
        #expect(decoder.counter("fragments_evicted") == 100 - 16 + 1)
    }

    @Test("A flood of more datagrams than the cap between two fragments loses the datagram")
    func floodBetweenFragmentsEvicts() {
        var decoder = PacketDecoder(limits: DecodeLimits(maxDatagramsInFlight: 2))
        _ = decoder.decodeCopy(Self.piece(0..<40, identification: 7), linkType: .raw)
        for identification: UInt16 in [1, 2] {
            _ = decoder.decodeCopy(Self.piece(0..<40, identification: identification),
                                   linkType: .raw)
        }

        _ = decoder.decodeCopy(Self.piece(40..<80, identification: 7), linkType: .raw)
        let last = decoder.decodeCopy(Self.piece(80..<120, identification: 7), linkType: .raw)

        #expect(last == nil)
        #expect(decoder.counter("fragments_evicted") == 2)
    }

    @Test("At the byte cap the datagrams started first are evicted to make room")
    func capBufferedBytes() {
        var decoder = PacketDecoder(limits: DecodeLimits(maxBufferedFragmentBytes: 100))

        _ = decoder.decodeCopy(Self.piece(0..<40, identification: 1), linkType: .raw)
        _ = decoder.decodeCopy(Self.piece(0..<40, identification: 2), linkType: .raw)
        let bytesBefore = decoder.bufferedFragmentBytes
        _ = decoder.decodeCopy(Self.piece(40..<80, identification: 2), linkType: .raw)

        #expect(bytesBefore == 80)
        #expect(decoder.counter("fragments_evicted") == 1)
        #expect(decoder.counter("fragments_dropped_at_cap") == 0)
        #expect(decoder.fragmentedDatagramsInFlight == 1)
        #expect(decoder.bufferedFragmentBytes == 80)
    }

    @Test("A datagram growing at the byte cap evicts others, never itself")
    func capBufferedBytesSparesGrowingDatagram() throws {
        var decoder = PacketDecoder(limits: DecodeLimits(maxBufferedFragmentBytes: 130))
        for identification: UInt16 in [1, 2, 3] {
            _ = decoder.decodeCopy(Self.piece(0..<40, identification: identification),
                                   linkType: .raw)
        }

        _ = decoder.decodeCopy(Self.piece(40..<80, identification: 1), linkType: .raw)
        let whole = decoder.decodeCopy(Self.piece(80..<120, identification: 1), linkType: .raw)

        #expect(try #require(whole).payload == Self.body)
        #expect(decoder.counter("fragments_evicted") == 2)
        #expect(decoder.fragmentedDatagramsInFlight == 0)
        #expect(decoder.bufferedFragmentBytes == 0)
    }

    @Test("The arrival order kept for eviction stays bounded by the datagrams in flight")
    func arrivalOrderBounded() {
        var decoder = PacketDecoder(limits: DecodeLimits(maxDatagramsInFlight: 4))
        _ = decoder.decodeCopy(Self.piece(0..<40, identification: 1), linkType: .raw)
        var peak = 0
        for round in 0..<5000 {
            let identification = UInt16(2 + round % 60_000)
            // Alternately complete a datagram and leave one for eviction.
            let ranges = round % 2 == 0 ? Self.pieces : [0..<40]
            for range in ranges {
                _ = decoder.decodeCopy(Self.piece(range, identification: identification),
                                       linkType: .raw)
            }
            peak = max(peak, decoder.reassembler.arrivalEntries)
        }

        #expect(peak <= 2 * 4 + 33)
        #expect(decoder.fragmentedDatagramsInFlight == 4)
    }

    @Test("A datagram larger than the byte cap by itself is dropped and freed")
    func capBufferedBytesSingleDatagram() {
        var decoder = PacketDecoder(limits: DecodeLimits(maxBufferedFragmentBytes: 60))
        _ = decoder.decodeCopy(Self.piece(0..<40, identification: 1), linkType: .raw)

        _ = decoder.decodeCopy(Self.piece(40..<80, identification: 1), linkType: .raw)

        #expect(decoder.counter("fragments_dropped_at_cap") == 1)
        #expect(decoder.counter("fragments_evicted") == 0)
        #expect(decoder.fragmentedDatagramsInFlight == 0)
        #expect(decoder.bufferedFragmentBytes == 0)
    }

    @Test("A fragment reaching past 65535 bytes drops its datagram")
    func capDatagramSize() {
        var decoder = PacketDecoder()
        let start = Self.piece(0..<40)
        let huge = Self.fragment([UInt8](repeating: 1, count: 1000), at: 65528, more: false)

        _ = decoder.decodeCopy(start, linkType: .raw)
        let result = decoder.decodeCopy(huge, linkType: .raw)

        #expect(result == nil)
        #expect(decoder.counter("fragments_dropped_at_cap") == 1)
        #expect(decoder.fragmentedDatagramsInFlight == 0)
        #expect(decoder.bufferedFragmentBytes == 0)
    }

    @Test("Too many fragments in one datagram drop it")
    func capFragmentsPerDatagram() {
        var decoder = PacketDecoder(limits: DecodeLimits(maxFragmentsPerDatagram: 4))

        for offset in stride(from: 0, to: 40, by: 8) {
            let data = Array(Self.segment[offset..<(offset + 8)])
            _ = decoder.decodeCopy(Self.fragment(data, at: offset, more: true), linkType: .raw)
        }

        #expect(decoder.counter("fragments_dropped_at_cap") == 1)
        #expect(decoder.fragmentedDatagramsInFlight == 0)
    }

    // MARK: - Expiry and consistency

    @Test("Fragment state expires after the timeout of packet time")
    func expiry() {
        var decoder = PacketDecoder()
        _ = decoder.decodeCopy(Self.piece(0..<40), linkType: .raw, timestamp: Self.second(100))

        decoder.expireFragments(before: Self.second(129))
        #expect(decoder.fragmentedDatagramsInFlight == 1)

        decoder.expireFragments(before: Self.second(131))
        #expect(decoder.fragmentedDatagramsInFlight == 0)
        #expect(decoder.bufferedFragmentBytes == 0)
        #expect(decoder.counter("fragments_expired") == 1)
    }

    @Test("A late fragment finds its datagram expired and does not complete it")
    func lateFragment() {
        var decoder = PacketDecoder()
        _ = decoder.decodeCopy(Self.piece(0..<40), linkType: .raw, timestamp: Self.second(0))
        _ = decoder.decodeCopy(Self.piece(40..<80), linkType: .raw, timestamp: Self.second(1))

        let late = decoder.decodeCopy(Self.piece(80..<120), linkType: .raw,
                                      timestamp: Self.second(45))

        #expect(late == nil)
        #expect(decoder.counter("fragments_expired") == 1)
        #expect(decoder.fragmentedDatagramsInFlight == 1)
    }

    @Test("A full table expires stale datagrams before refusing a new one")
    func fullTableExpires() {
        var decoder = PacketDecoder(limits: DecodeLimits(maxDatagramsInFlight: 1))
        _ = decoder.decodeCopy(Self.piece(0..<40, identification: 1), linkType: .raw,
                               timestamp: Self.second(0))

        _ = decoder.decodeCopy(Self.piece(0..<40, identification: 2), linkType: .raw,
                               timestamp: Self.second(31))

        #expect(decoder.counter("fragments_expired") == 1)
        #expect(decoder.counter("fragments_dropped_at_cap") == 0)
        #expect(decoder.fragmentedDatagramsInFlight == 1)
    }

    @Test("Fragments that contradict the datagram's end are ignored")
    func inconsistent() throws {
        var decoder = PacketDecoder()
        let shorterEnd = Self.fragment(Array(Self.segment[80..<96]), at: 80, more: false)
        let pastEnd = Self.fragment([UInt8](repeating: 0, count: 16), at: 120, more: true)

        _ = decoder.decodeCopy(Self.piece(80..<120), linkType: .raw)
        _ = decoder.decodeCopy(shorterEnd, linkType: .raw)
        _ = decoder.decodeCopy(pastEnd, linkType: .raw)
        _ = decoder.decodeCopy(Self.piece(0..<40), linkType: .raw)
        let last = decoder.decodeCopy(Self.piece(40..<80), linkType: .raw)

        #expect(decoder.counter("fragments_inconsistent") == 2)
        let segment = try #require(last)
        #expect(segment.payload == Self.body)
    }

    @Test("A fragment cut by the snap length is counted and not buffered")
    func truncatedFragment() {
        var decoder = PacketDecoder()

        let piece = Self.piece(0..<40)
        let result = decoder.decodeCopy(Array(piece.prefix(50)), linkType: .raw,
                                        wireLength: piece.count)

        #expect(result == nil)
        #expect(decoder.counter("fragments_truncated") == 1)
        #expect(decoder.fragmentedDatagramsInFlight == 0)
    }

    // MARK: - IPv6

    /// The IPv6 fragmentable part: a destination options header, then `segment`.
    static let fragmentable = Frames.extensionHeader(next: 6) + segment

    /// One IPv6 fragment (after a hop-by-hop header) carrying `fragmentable[range]`.
    static func piece6(_ range: Range<Int>, identification: UInt32 = 0xabcd_0001) -> [UInt8] {
        Frames.ipv6(nextHeader: 0, payload: Frames.extensionHeader(next: 44)
            + Frames.fragmentHeader(next: 60, offset: range.lowerBound,
                                    more: range.upperBound < Self.fragmentable.count,
                                    identification: identification)
            + Array(Self.fragmentable[range]))
    }

    @Test("IPv6 fragments rebuild the packet and walk the headers after the fragment header",
          arguments: [false, true])
    func ipv6Fragments(reversed: Bool) throws {
        var decoder = PacketDecoder()
        let order = reversed ? [64..<128, 0..<64] : [0..<64, 64..<128]

        let first = decoder.decodeCopy(Self.piece6(order[0]), linkType: .ipv6)
        let second = decoder.decodeCopy(Self.piece6(order[1]), linkType: .ipv6)

        #expect(first == nil)
        let segment = try #require(second)
        #expect(segment.payload == Self.body)
        #expect(segment.source.description == "[2001:db8::1]:40000")
        #expect(decoder.counter("fragments_reassembled") == 1)
    }

    @Test("IPv6 fragments with different identifications do not mix")
    func ipv6Identification() {
        var decoder = PacketDecoder()

        let first = decoder.decodeCopy(Self.piece6(0..<64, identification: 1), linkType: .ipv6)
        let second = decoder.decodeCopy(Self.piece6(64..<128, identification: 2),
                                        linkType: .ipv6)

        #expect(first == nil && second == nil)
        #expect(decoder.fragmentedDatagramsInFlight == 2)
    }

    @Test("A fragment header inside a reassembled IPv6 packet is a bad header")
    func nestedFragmentHeader() {
        var decoder = PacketDecoder()
        let inner = Frames.fragmentHeader(next: 6, offset: 8, more: true, identification: 5)
            + Self.segment
        func piece(_ range: Range<Int>) -> [UInt8] {
            Frames.ipv6(nextHeader: 44, payload: Frames.fragmentHeader(
                next: 44, offset: range.lowerBound, more: range.upperBound < inner.count,
                identification: 9) + Array(inner[range]))
        }

        _ = decoder.decodeCopy(piece(0..<64), linkType: .ipv6)
        let result = decoder.decodeCopy(piece(64..<inner.count), linkType: .ipv6)

        #expect(result == nil)
        #expect(decoder.counter("fragments_reassembled") == 1)
        #expect(decoder.counter("bad_ip_header") == 1)
    }
}
