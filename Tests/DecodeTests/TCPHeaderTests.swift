import Capture
import Testing
@testable import Decode

@Suite struct TCPHeaderTests {
    @Test("Options are skipped by the data offset")
    func optionsAreSkipped() throws {
        var decoder = PacketDecoder()
        let options: [UInt8] = [2, 4, 0x05, 0xb4, 1, 1, 4, 2, 1, 1, 8, 10] + [UInt8](
            repeating: 0, count: 8)
        let packet = Frames.ipv4(payload: Frames.tcp(flags: 0x02, options: options))

        let decoded = decoder.decodeCopy(packet, linkType: .raw)
        let segment = try #require(decoded)

        #expect(segment.payload == Frames.request)
        #expect(segment.flags == 0x02)
    }

    @Test("Sequence, acknowledgement and every flag bit come through")
    func fieldsComeThrough() throws {
        var decoder = PacketDecoder()
        let packet = Frames.ipv4(payload: Frames.tcp(
            sourcePort: 65535, destinationPort: 1, seq: 0xffff_fffe, ack: 0x8000_0001,
            flags: 0xff, payload: []))

        let decoded = decoder.decodeCopy(packet, linkType: .raw)
        let segment = try #require(decoded)

        #expect(segment.source.port == 65535)
        #expect(segment.destination.port == 1)
        #expect(segment.seq == 0xffff_fffe)
        #expect(segment.ack == 0x8000_0001)
        #expect(segment.flags == 0xff)
        let flags = TCPFlags(rawValue: segment.flags)
        #expect(flags.isSuperset(of: [.fin, .syn, .rst, .psh, .ack]))
    }

    @Test("A data offset below 5 is a bad TCP header", arguments: [0, 1, 4])
    func dataOffsetTooSmall(offset: UInt8) {
        var decoder = PacketDecoder()
        let packet = Frames.ipv4(payload: Frames.tcp(dataOffset: offset))

        let result = decoder.decodeCopy(packet, linkType: .raw)

        #expect(result == nil)
        #expect(decoder.nonZeroCounters == ["packets": 1, "bad_tcp_header": 1])
    }

    @Test("A data offset past the segment is a bad TCP header")
    func dataOffsetPastSegment() {
        var decoder = PacketDecoder()
        let packet = Frames.ipv4(payload: Frames.tcp(dataOffset: 15, payload: [1, 2, 3]))

        let result = decoder.decodeCopy(packet, linkType: .raw)

        #expect(result == nil)
        #expect(decoder.nonZeroCounters == ["packets": 1, "bad_tcp_header": 1])
    }

    @Test("An IP length too short for a TCP header is a bad TCP header")
    func segmentTooShort() {
        var decoder = PacketDecoder()
        let packet = Frames.ipv4(totalLength: 30, payload: Frames.tcp())

        let result = decoder.decodeCopy(packet, linkType: .raw)

        #expect(result == nil)
        #expect(decoder.nonZeroCounters == ["packets": 1, "bad_tcp_header": 1])
    }

    @Test("Options cut off by the snap length are a truncated header")
    func optionsCutOff() {
        var decoder = PacketDecoder()
        let options = [UInt8](repeating: 1, count: 20)
        let whole = Frames.ipv4(payload: Frames.tcp(options: options))

        let result = decoder.decodeCopy(Array(whole.prefix(50)), linkType: .raw,
                                        wireLength: whole.count)

        #expect(result == nil)
        #expect(decoder.nonZeroCounters == ["packets": 1, "truncated_header": 1])
    }

    @Test("Wrong checksums are not checked")
    func checksumsIgnored() throws {
        var decoder = PacketDecoder()
        var packet = Frames.ipv4(payload: Frames.tcp())
        packet[10] = 0xde
        packet[11] = 0xad
        packet[20 + 16] = 0xbe
        packet[20 + 17] = 0xef

        let decoded = decoder.decodeCopy(packet, linkType: .raw)

        #expect(decoded != nil)
    }

    @Test("The payload is a view into the packet, not a copy")
    func payloadIsBorrowed() {
        var decoder = PacketDecoder()
        let packet = Frames.ipv4(payload: Frames.tcp())

        let sameMemory = packet.withUnsafeBytes { raw in
            let view = Packet(timestamp: .zero, linkType: .raw, bytes: raw, wireLength: raw.count)
            return decoder.decode(view) { segment in
                segment.payload.baseAddress == raw.baseAddress.map { $0 + 40 }
            }
        }

        #expect(sameMemory == true)
    }
}
