import Capture
import Testing
@testable import Decode

@Suite struct TruncationTests {
    static let frame = Frames.ethernetIPv4TCP()
    static let vlanIPv6Frame = Frames.ethernet(
        type: 0x8100,
        payload: [0, 1, 0x86, 0xdd] + Frames.ipv6(
            nextHeader: 0, payload: Frames.extensionHeader(next: 6) + Frames.tcp())
    )

    @Test("A frame cut at every byte offset never crashes and is counted",
          arguments: 0...frame.count)
    func everyCut(length: Int) {
        var decoder = PacketDecoder()
        let headerBytes = 14 + 20 + 20

        let decoded = decoder.decodeCopy(Array(Self.frame.prefix(length)), linkType: .ethernet,
                                         wireLength: Self.frame.count)

        if length < headerBytes {
            #expect(decoded == nil)
            #expect(decoder.counter("truncated_header") == 1)
        } else {
            #expect(decoded?.payload == Array(Frames.request.prefix(length - headerBytes)))
            #expect(decoded?.payloadLength == Frames.request.count)
        }
        #expect(decoder.counter("packets") == 1)
    }

    @Test("A VLAN/IPv6/extension frame cut at every offset never crashes",
          arguments: 0...vlanIPv6Frame.count)
    func everyCutIPv6(length: Int) {
        var decoder = PacketDecoder()
        let headerBytes = 18 + 40 + 8 + 20

        let decoded = decoder.decodeCopy(Array(Self.vlanIPv6Frame.prefix(length)),
                                         linkType: .ethernet, wireLength: Self.vlanIPv6Frame.count)

        #expect((decoded != nil) == (length >= headerBytes))
    }

    @Test("Every link type survives every cut of its frame")
    func everyLinkTypeEveryCut() {
        var decoder = PacketDecoder()
        for framing in LinkLayerTests.framings {
            for length in 0..<framing.bytes.count {
                _ = decoder.decodeCopy(Array(framing.bytes.prefix(length)),
                                       linkType: framing.linkType)
            }
        }
        let total = LinkLayerTests.framings.reduce(0) { $0 + $1.bytes.count }
        #expect(decoder.counter("packets") == total)
        #expect(decoder.counter("unsupported_link") == 0)
    }

    @Test("Random bytes under every link type never crash")
    func randomBytes() {
        var decoder = PacketDecoder()
        var generator = SplitMix64(seed: 0x5eed)
        let linkTypes: [LinkType] = [.ethernet, .null, .loop, .raw, .linuxCooked,
                                     .linuxCookedV2, .ciscoHDLC, .nflog, .ipv4, .ipv6]
        for round in 0..<20_000 {
            let length = Int(generator.next() % 200)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            // Steer some inputs into deeper layers: valid-looking EtherTypes and versions.
            if bytes.count > 14, round % 3 == 0 { bytes[12] = 0x08; bytes[13] = 0x00 }
            if bytes.count > 14, round % 3 == 1 { bytes[14] = 0x45 }
            let linkType = linkTypes[round % linkTypes.count]
            _ = decoder.decodeCopy(bytes, linkType: linkType)
        }
        #expect(decoder.counter("packets") == 20_000)
    }
}

/// A small deterministic generator so random tests repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        self.state &+= 0x9e37_79b9_7f4a_7c15
        var value = self.state
        value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
        value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
        return value ^ (value >> 31)
    }
}
