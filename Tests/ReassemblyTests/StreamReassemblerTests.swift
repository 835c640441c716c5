import Capture
import Decode
import Reassembly
import Testing

@Suite struct StreamReassemblerTests {
    @Test("In-order segments after a SYN are delivered as they come")
    func inOrder() {
        var harness = StreamHarness()
        harness.send("", seq: 999, flags: [.syn])
        harness.send("GET / ", seq: 1000)
        harness.send("HTTP/1.1\r\n", seq: 1006)
        #expect(harness.consumer.text == "GET / HTTP/1.1\r\n")
        #expect(harness.reassembler.startedMidstream == false)
        #expect(harness.counters.deliveredBytes == 16)
    }

    @Test("A segment ahead of a hole waits and keeps its own timestamp")
    func reordered() {
        var harness = StreamHarness()
        harness.send("", seq: 0, flags: [.syn])
        harness.send("world", seq: 7, at: 20)
        #expect(harness.consumer.text == "")
        harness.send("hello ", seq: 1, at: 30)
        #expect(harness.consumer.events == [
            .data("hello ", at: 30), .note(.reordering), .data("world", at: 20),
        ])
        #expect(harness.counters.outOfOrderSegments == 1)
    }

    @Test("Retransmitted and overlapping bytes are delivered once")
    func retransmission() {
        var harness = StreamHarness()
        harness.send("", seq: 0, flags: [.syn])
        harness.send("abcdef", seq: 1)
        harness.send("abcdef", seq: 1, at: 1_000_000)
        harness.send("defghi", seq: 4, at: 2_000_000)
        #expect(harness.consumer.text == "abcdefghi")
        #expect(harness.counters.retransmittedSegments == 2)
    }

    @Test("Held segments that overlap each other are trimmed when drained")
    func overlappingHeld() {
        var harness = StreamHarness()
        harness.send("", seq: 0, flags: [.syn])
        harness.send("cdef", seq: 3)
        harness.send("efgh", seq: 5)
        harness.send("ab", seq: 1)
        #expect(harness.consumer.text == "abcdefgh")
    }

    @Test("Sequence numbers that wrap past 2^32 keep their order")
    func wraparound() {
        var harness = StreamHarness()
        harness.send("", seq: UInt32.max - 2, flags: [.syn])
        harness.send("ab", seq: UInt32.max - 1)
        harness.send("ef", seq: 2)
        harness.send("cd", seq: 0)
        #expect(harness.consumer.text == "abcdef")
    }

    @Test("Without a handshake the first data seen starts the stream")
    func midstream() {
        var harness = StreamHarness()
        harness.send("HTTP/1.1 200 OK\r\n", seq: 5000)
        harness.send("older bytes", seq: 4000)
        #expect(harness.consumer.text == "HTTP/1.1 200 OK\r\n")
        #expect(harness.reassembler.startedMidstream)
    }

    @Test("A zero-length segment never advances the stream")
    func zeroLength() {
        var harness = StreamHarness()
        harness.send("", seq: 0, flags: [.syn])
        harness.send("", seq: 1)
        harness.send("", seq: 50)
        harness.send("x", seq: 1)
        #expect(harness.consumer.text == "x")
    }

    @Test("Snap-length truncation is a known-length hole, not a gap")
    func snapTruncated() {
        var harness = StreamHarness()
        harness.send("", seq: 0, flags: [.syn])
        harness.send("head", seq: 1, wireLength: 10)
        harness.send("tail", seq: 11)
        #expect(harness.consumer.events == [
            .data("head", at: 0), .skipped(6, known: true), .data("tail", at: 0),
        ])
        #expect(harness.counters.gaps == 0)
        #expect(harness.counters.snapTruncatedBytes == 6)
    }

    @Test("A hole the receiver acknowledged becomes a gap after the grace period")
    func ackedHole() {
        var harness = StreamHarness()
        harness.send("", seq: 0, flags: [.syn])
        harness.send("aa", seq: 1, at: 0)
        harness.send("dd", seq: 7, at: 1)
        harness.acknowledge(9, at: 2)
        #expect(harness.consumer.text == "aa")
        harness.acknowledge(9, at: 3)
        harness.send("ee", seq: 9, at: 30_000_000)
        #expect(harness.consumer.text == "aa~~~~ddee")
        #expect(harness.counters.gaps == 1)
        #expect(harness.counters.gapBytes == 4)
    }

    @Test("An acknowledged tail with nothing after it is skipped by its length")
    func ackedTail() {
        var harness = StreamHarness()
        harness.send("", seq: 0, flags: [.syn])
        harness.send("aa", seq: 1, at: 0)
        harness.acknowledge(11, at: 1)
        harness.acknowledge(12, at: 50_000_000)
        #expect(harness.consumer.events.last == .skipped(9, known: false))
    }

    @Test("A lone acknowledged byte is taken for a missed FIN, not data")
    func ackedFIN() {
        var harness = StreamHarness()
        harness.send("", seq: 0, flags: [.syn])
        harness.send("aa", seq: 1, at: 0)
        harness.acknowledge(4, at: 1)
        harness.acknowledge(4, at: 90_000_000)
        harness.send("", seq: 3, at: 90_000_001)
        #expect(harness.counters.gaps == 0)
    }

    @Test("A hole with no evidence waits for the hole timeout")
    func holeTimeout() {
        var harness = StreamHarness()
        harness.send("", seq: 0, flags: [.syn])
        harness.send("aa", seq: 1, at: 0)
        harness.send("cc", seq: 5, at: 1)
        harness.send("dd", seq: 7, at: 1_000_000_000)
        #expect(harness.consumer.text == "aa")
        harness.send("ee", seq: 9, at: 3_000_000_001)
        #expect(harness.consumer.text == "aa~~ccddee")
    }

    @Test("Held bytes past the cap turn the earliest hole into a gap")
    func holdCap() {
        var harness = StreamHarness()
        harness.limits.maxHeldBytes = 8
        harness.send("", seq: 0, flags: [.syn])
        harness.send("bbbb", seq: 5)
        harness.send("cccc", seq: 9)
        #expect(harness.consumer.text == "")
        harness.send("dddd", seq: 20)
        #expect(harness.consumer.text == "~~~~bbbbcccc")
        #expect(harness.counters.gapsAtHoldCap == 1)
        #expect(harness.reassembler.heldByteCount == 4)
    }

    @Test("Held segments past the segment cap turn the earliest hole into a gap")
    func segmentCap() {
        var harness = StreamHarness()
        harness.limits.maxHeldSegments = 2
        harness.send("", seq: 0, flags: [.syn])
        harness.send("b", seq: 3)
        harness.send("c", seq: 5)
        harness.send("d", seq: 7)
        #expect(harness.consumer.text == "~~b")
        #expect(harness.reassembler.heldByteCount == 2)
    }

    @Test("Flush skips every hole, delivers what was held and reaches the FIN")
    func flush() {
        var harness = StreamHarness()
        harness.send("", seq: 0, flags: [.syn])
        harness.send("a", seq: 1)
        harness.send("c", seq: 3)
        harness.send("", seq: 6, flags: [.fin, .ack])
        #expect(!harness.reassembler.hasReachedFIN)
        harness.flush()
        #expect(harness.consumer.text == "a~c~~")
        #expect(harness.reassembler.hasReachedFIN)
    }

    @Test("The FIN is reached once every byte before it arrived")
    func finAfterReorder() {
        var harness = StreamHarness()
        harness.send("", seq: 0, flags: [.syn])
        harness.send("b", seq: 2, flags: [.fin, .ack])
        #expect(!harness.reassembler.hasReachedFIN)
        harness.send("a", seq: 1)
        #expect(harness.reassembler.hasReachedFIN)
        #expect(harness.consumer.text == "ab")
    }

    @Test("Data carried in a SYN is stream data after the SYN's number")
    func fastOpen() {
        var harness = StreamHarness()
        harness.send("GET / HTTP/1.1\r\n", seq: 100, flags: [.syn])
        harness.send("Host: a\r\n", seq: 117)
        #expect(harness.consumer.text == "GET / HTTP/1.1\r\nHost: a\r\n")
    }

    @Test("A retransmission whose new part lies only in a snap hole skips that part")
    func retransmissionIntoHole() {
        var harness = StreamHarness()
        harness.send("", seq: 0, flags: [.syn])
        harness.send("abcd", seq: 1)
        harness.send("cd", seq: 3, wireLength: 6)
        #expect(harness.consumer.text == "abcd~~~~")
    }

    @Test("A segment implausibly far ahead is dropped unless the receiver acknowledged past")
    func farAhead() {
        var harness = StreamHarness()
        harness.limits.maxSegmentAheadBytes = 100
        harness.send("", seq: 0, flags: [.syn])
        harness.send("aa", seq: 1)
        harness.send("zz", seq: 1_000)
        #expect(harness.counters.segmentsTooFarAhead == 1)
        #expect(harness.reassembler.heldByteCount == 0)

        harness.acknowledge(500, at: 1)
        harness.send("yy", seq: 1_000, at: 2)
        #expect(harness.counters.segmentsTooFarAhead == 1)
        #expect(harness.reassembler.heldByteCount == 2)
    }

    @Test("One packet seen twice at once (two interfaces under -i any) is used once, no flag")
    func captureDuplicate() {
        var harness = StreamHarness()
        harness.send("", seq: 0, flags: [.syn])
        harness.send("abcdef", seq: 1, at: 1_000)
        harness.send("abcdef", seq: 1, at: 9_000)
        harness.send("ghi", seq: 10, at: 10_000)
        harness.send("ghi", seq: 10, at: 12_000)
        harness.send("def", seq: 7, at: 20_000)
        #expect(harness.consumer.text == "abcdefdefghi")
        #expect(harness.counters.captureDuplicates == 2)
        #expect(harness.counters.retransmittedSegments == 0)
        #expect(!harness.consumer.events.contains(.note(.retransmission)))
    }

    @Test("The same segment again after the duplicate window is a retransmission")
    func lateCopyIsRetransmission() {
        var harness = StreamHarness()
        harness.send("", seq: 0, flags: [.syn])
        harness.send("abcdef", seq: 1, at: 0)
        harness.send("abcdef", seq: 1, at: 300_000)
        #expect(harness.counters.captureDuplicates == 0)
        #expect(harness.counters.retransmittedSegments == 1)
    }
}
