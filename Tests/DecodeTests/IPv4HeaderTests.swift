import Capture
import Testing
@testable import Decode

@Suite struct IPv4HeaderTests {
    @Test("Options are skipped by the header length", arguments: [4, 8, 40])
    func optionsAreSkipped(optionBytes: Int) throws {
        var decoder = PacketDecoder()
        // NOP options then end-of-list, padded to a multiple of 4.
        let options = [UInt8](repeating: 1, count: optionBytes - 1) + [0]
        let frame = Frames.ethernet(type: 0x0800,
                                    payload: Frames.ipv4(options: options, payload: Frames.tcp()))

        let decoded = decoder.decodeCopy(frame, linkType: .ethernet)
        let segment = try #require(decoded)

        #expect(segment.payload == Frames.request)
        #expect(segment.destination.port == 80)
    }

    @Test("A header length below 5 words is a bad header", arguments: [0, 1, 4])
    func shortIHL(ihl: UInt8) {
        var decoder = PacketDecoder()
        let packet = Frames.ipv4(ihl: ihl, payload: Frames.tcp())

        let result = decoder.decodeCopy(packet, linkType: .ipv4)

        #expect(result == nil)
        #expect(decoder.nonZeroCounters == ["packets": 1, "bad_ip_header": 1])
    }

    @Test("A total length shorter than the header is a bad header", arguments: [1, 19, 23])
    func totalLengthBelowHeader(totalLength: UInt16) {
        var decoder = PacketDecoder()
        let packet = Frames.ipv4(options: [1, 1, 1, 0], totalLength: totalLength,
                                 payload: Frames.tcp())

        let result = decoder.decodeCopy(packet, linkType: .ipv4)

        #expect(result == nil)
        #expect(decoder.nonZeroCounters == ["packets": 1, "bad_ip_header": 1])
    }

    @Test("An IPv6 packet announced as IPv4 is a bad header")
    func wrongVersion() {
        var decoder = PacketDecoder()
        let frame = Frames.ethernet(type: 0x0800, payload: Frames.ipv6(payload: Frames.tcp()))

        let result = decoder.decodeCopy(frame, linkType: .ethernet)

        #expect(result == nil)
        #expect(decoder.counter("bad_ip_header") == 1)
    }

    @Test("A total length of 0 means the captured length (segmentation offload)")
    func totalLengthZero() throws {
        var decoder = PacketDecoder()
        let payload = [UInt8](repeating: 0x41, count: 3000)
        let frame = Frames.ethernet(
            type: 0x0800,
            payload: Frames.ipv4(totalLength: 0, payload: Frames.tcp(payload: payload))
        )

        let decoded = decoder.decodeCopy(frame, linkType: .ethernet)
        let segment = try #require(decoded)

        #expect(segment.payload == payload)
        #expect(segment.payloadLength == 3000)
        #expect(decoder.counter("snap_truncated_segments") == 0)
    }

    @Test("Ethernet trailer padding is not payload: the IP total length wins")
    func ethernetPadding() throws {
        var decoder = PacketDecoder()
        // A bare ACK: 14 + 20 + 20 = 54 bytes, padded to the 60-byte minimum with junk.
        let frame = Frames.ethernet(type: 0x0800, payload: Frames.ipv4(payload: Frames.tcp(
            flags: 0x10, payload: []))) + [0xde, 0xad, 0xbe, 0xef, 0xff, 0xff]

        let decoded = decoder.decodeCopy(frame, linkType: .ethernet)
        let segment = try #require(decoded)

        #expect(segment.payload.isEmpty)
        #expect(segment.payloadLength == 0)
        #expect(segment.flags == 0x10)
    }

    @Test("A snap-truncated packet lends what was captured and the full length")
    func snapTruncated() throws {
        var decoder = PacketDecoder()
        let body = [UInt8](repeating: 0x42, count: 1400)
        let full = Frames.ethernet(type: 0x0800,
                                   payload: Frames.ipv4(payload: Frames.tcp(payload: body)))
        let captured = Array(full.prefix(96))

        let decoded = decoder.decodeCopy(captured, linkType: .ethernet, wireLength: full.count)
        let segment = try #require(decoded)

        #expect(segment.payload.count == 96 - 54)
        #expect(segment.payloadLength == 1400)
        #expect(segment.payload == Array(body.prefix(42)))
        #expect(decoder.counter("snap_truncated_segments") == 1)
        #expect(decoder.counter("tcp_segments") == 1)
    }

    @Test("In a frame the snap length cut, an absurd total length only widens the hole")
    func absurdTotalLength() throws {
        var decoder = PacketDecoder()
        let packet = Frames.ipv4(totalLength: 65535, payload: Frames.tcp())

        let decoded = decoder.decodeCopy(packet, linkType: .ipv4, wireLength: 65535)
        let segment = try #require(decoded)

        #expect(segment.payload == Frames.request)
        #expect(segment.payloadLength == 65535 - 40)
        #expect(decoder.counter("snap_truncated_segments") == 1)
        #expect(decoder.counter("ip_length_exceeds_frame") == 0)
    }

    @Test("A total length past the end of a whole frame lies: the frame's bytes are the packet",
          arguments: [1000, 65535])
    func totalLengthLie(totalLength: UInt16) throws {
        var decoder = PacketDecoder()
        let frame = Frames.ethernet(
            type: 0x0800,
            payload: Frames.ipv4(totalLength: totalLength, payload: Frames.tcp())
        )

        let decoded = decoder.decodeCopy(frame, linkType: .ethernet)
        let segment = try #require(decoded)

        #expect(segment.payload == Frames.request)
        #expect(segment.payloadLength == Frames.request.count)
        #expect(decoder.counter("ip_length_exceeds_frame") == 1)
        #expect(decoder.counter("snap_truncated_segments") == 0)
    }

    @Test("A header length past the capture is a truncated header")
    func ihlPastCapture() {
        var decoder = PacketDecoder()
        let packet = Array(Frames.ipv4(ihl: 15, payload: Frames.tcp()).prefix(40))

        let result = decoder.decodeCopy(packet, linkType: .ipv4)

        #expect(result == nil)
        #expect(decoder.nonZeroCounters == ["packets": 1, "truncated_header": 1])
    }

    @Test("The timestamp of the packet reaches the segment")
    func timestampIsKept() throws {
        var decoder = PacketDecoder()
        let time = Timestamp(seconds: 1_700_000_000, nanoseconds: 123_456_789)

        let decoded = decoder.decodeCopy(Frames.ethernetIPv4TCP(), linkType: .ethernet,
                                         timestamp: time)
        let segment = try #require(decoded)

        #expect(segment.timestamp == time)
    }
}
