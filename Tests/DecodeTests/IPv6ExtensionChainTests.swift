import Capture
import Testing
@testable import Decode

/// An IPv6 extension header chain in front of the canonical TCP segment.
struct ChainCase: CustomTestStringConvertible, Sendable {
    var name: String
    var firstHeader: UInt8
    var headers: [UInt8]

    var testDescription: String { self.name }
}

@Suite struct IPv6ExtensionChainTests {
    static let chains: [ChainCase] = [
        ChainCase(name: "no extension header", firstHeader: 6, headers: []),
        ChainCase(name: "hop-by-hop", firstHeader: 0,
                  headers: Frames.extensionHeader(next: 6)),
        ChainCase(name: "routing (16 bytes)", firstHeader: 43,
                  headers: Frames.extensionHeader(next: 6, units: 1)),
        ChainCase(name: "destination options", firstHeader: 60,
                  headers: Frames.extensionHeader(next: 6)),
        ChainCase(name: "atomic fragment", firstHeader: 44,
                  headers: Frames.fragmentHeader(next: 6, offset: 0, more: false,
                                                 identification: 7)),
        ChainCase(name: "authentication header (12 bytes)", firstHeader: 51,
                  headers: [6, 1, 0, 0] + [0, 0, 1, 0] + [0, 0, 0, 1]),
        ChainCase(name: "every kind in a row", firstHeader: 0,
                  headers: Frames.extensionHeader(next: 60)
                      + Frames.extensionHeader(next: 43, units: 2)
                      + Frames.extensionHeader(next: 44)
                      + Frames.fragmentHeader(next: 51, offset: 0, more: false,
                                              identification: 9)
                      + [60, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]
                      + Frames.extensionHeader(next: 6, units: 3)),
    ]

    @Test("The walk reaches TCP through each extension header", arguments: chains)
    func chainReachesTCP(_ chain: ChainCase) throws {
        var decoder = PacketDecoder()
        let packet = Frames.ipv6(nextHeader: chain.firstHeader,
                                 payload: chain.headers + Frames.tcp())

        let decoded = decoder.decodeCopy(packet, linkType: .ipv6)
        let segment = try #require(decoded)

        #expect(segment.payload == Frames.request)
        #expect(segment.payloadLength == Frames.request.count)
        #expect(segment.destination.description == "[2001:db8::2]:80")
        #expect(decoder.counter("ip_fragments") == 0)
    }

    @Test("No next header ends the chain without TCP")
    func noNextHeader() {
        var decoder = PacketDecoder()
        let packet = Frames.ipv6(nextHeader: 60, payload: Frames.extensionHeader(next: 59))

        let result = decoder.decodeCopy(packet, linkType: .ipv6)

        #expect(result == nil)
        #expect(decoder.nonZeroCounters == ["packets": 1, "non_tcp": 1])
    }

    @Test("A chain longer than the bound is a bad header")
    func chainTooLong() {
        var decoder = PacketDecoder()
        let headers = (0..<17).flatMap { _ in Frames.extensionHeader(next: 60) }
        let packet = Frames.ipv6(nextHeader: 60, payload: headers + Frames.tcp())

        let result = decoder.decodeCopy(packet, linkType: .ipv6)

        #expect(result == nil)
        #expect(decoder.nonZeroCounters == ["packets": 1, "bad_ip_header": 1])
    }

    @Test("An extension header longer than the payload length is a bad header")
    func headerPastPayloadLength() {
        var decoder = PacketDecoder()
        let packet = Frames.ipv6(nextHeader: 0, payloadLength: 8,
                                 payload: Frames.extensionHeader(next: 6, units: 4)
                                     + Frames.tcp())

        let result = decoder.decodeCopy(packet, linkType: .ipv6)

        #expect(result == nil)
        #expect(decoder.nonZeroCounters == ["packets": 1, "bad_ip_header": 1])
    }

    @Test("An extension header cut by the capture is a truncated header")
    func headerCutByCapture() {
        var decoder = PacketDecoder()
        let packet = Frames.ipv6(nextHeader: 0,
                                 payload: Frames.extensionHeader(next: 6, units: 4)
                                     + Frames.tcp())

        let result = decoder.decodeCopy(Array(packet.prefix(60)), linkType: .ipv6,
                                        wireLength: packet.count)

        #expect(result == nil)
        #expect(decoder.nonZeroCounters == ["packets": 1, "truncated_header": 1])
    }

    @Test("A payload length of 0 means the captured length")
    func payloadLengthZero() throws {
        var decoder = PacketDecoder()
        let packet = Frames.ipv6(payloadLength: 0, payload: Frames.tcp())

        let decoded = decoder.decodeCopy(packet, linkType: .ipv6)
        let segment = try #require(decoded)

        #expect(segment.payload == Frames.request)
        #expect(segment.payloadLength == Frames.request.count)
    }

    @Test("IPv6 padding after the payload length is dropped; a short capture is a hole")
    func payloadLengthRules() throws {
        var decoder = PacketDecoder()
        let padded = Frames.ipv6(payload: Frames.tcp()) + [0, 0, 0, 0]
        let long = Frames.ipv6(payloadLength: 1000, payload: Frames.tcp())

        let first = decoder.decodeCopy(padded, linkType: .ipv6)
        let second = decoder.decodeCopy(long, linkType: .ipv6, wireLength: 40 + 1000)
        let paddedSegment = try #require(first)
        let shortSegment = try #require(second)

        #expect(paddedSegment.payload == Frames.request)
        #expect(shortSegment.payload == Frames.request)
        #expect(shortSegment.payloadLength == 1000 - 20)
        #expect(decoder.counter("snap_truncated_segments") == 1)
    }

    @Test("A payload length past the end of a whole frame lies: the frame's bytes are the packet")
    func payloadLengthLie() throws {
        var decoder = PacketDecoder()
        let packet = Frames.ipv6(nextHeader: 0, payloadLength: 1000,
                                 payload: Frames.extensionHeader(next: 6) + Frames.tcp())

        let decoded = decoder.decodeCopy(packet, linkType: .ipv6)
        let segment = try #require(decoded)

        #expect(segment.payload == Frames.request)
        #expect(segment.payloadLength == Frames.request.count)
        #expect(decoder.counter("ip_length_exceeds_frame") == 1)
        #expect(decoder.counter("snap_truncated_segments") == 0)
    }
}
