import Capture
import Testing
@testable import Decode

@Suite struct VXLANTests {
    /// A VXLAN datagram to port 4789 around `inner`, in an outer Ethernet/IPv4 frame.
    static func vxlan(_ inner: [UInt8], flags: UInt8 = 0x08, port: UInt16 = 4789) -> [UInt8] {
        let header: [UInt8] = [flags, 0, 0, 0, 0, 0, 1, 0]
        let udp = Frames.udp(destinationPort: port, payload: header + inner)
        return Frames.ethernet(type: 0x0800,
                               payload: Frames.ipv4(source: [192, 0, 2, 1],
                                                    destination: [192, 0, 2, 2],
                                                    protocolNumber: 17, payload: udp))
    }

    @Test("The inner frame of a VXLAN datagram is decoded")
    func innerFrameDecoded() throws {
        var decoder = PacketDecoder()

        let decoded = decoder.decodeCopy(Self.vxlan(Frames.ethernetIPv4TCP()),
                                         linkType: .ethernet)
        let segment = try #require(decoded)

        #expect(segment.source.description == "10.0.0.1:40000")
        #expect(segment.payload == Frames.request)
        #expect(decoder.counter("vxlan_decapsulated") == 1)
        #expect(decoder.counter("tcp_segments") == 1)
    }

    @Test("VXLAN around an inner VLAN-tagged IPv6 frame")
    func innerVLANIPv6() throws {
        var decoder = PacketDecoder()
        let inner = Frames.ethernet(type: 0x8100, payload: [0, 5, 0x86, 0xdd]
            + Frames.ipv6(payload: Frames.tcp()))

        let decoded = decoder.decodeCopy(Self.vxlan(inner), linkType: .ethernet)
        let segment = try #require(decoded)

        #expect(segment.destination.description == "[2001:db8::2]:80")
    }

    @Test("Nested VXLAN is decoded up to the depth limit, then counted")
    func nestingIsBounded() throws {
        var frame = Frames.ethernetIPv4TCP()
        for _ in 0..<4 { frame = Self.vxlan(frame) }
        var decoder = PacketDecoder()
        let decoded = decoder.decodeCopy(frame, linkType: .ethernet)
        #expect(decoded != nil)
        #expect(decoder.counter("vxlan_decapsulated") == 4)

        var tooDeep = PacketDecoder()
        let rejected = tooDeep.decodeCopy(Self.vxlan(frame), linkType: .ethernet)
        #expect(rejected == nil)
        #expect(tooDeep.counter("encapsulation_too_deep") == 1)
    }

    @Test("A thousand nested VXLAN headers end at the bound without recursing further")
    func recursionBomb() {
        var frame = Frames.ethernetIPv4TCP()
        for _ in 0..<1000 { frame = Self.vxlan(frame) }
        var decoder = PacketDecoder()

        let result = decoder.decodeCopy(frame, linkType: .ethernet)

        #expect(result == nil)
        #expect(decoder.counter("encapsulation_too_deep") == 1)
    }

    @Test("UDP to another port, or without the VNI flag, is plain non-TCP")
    func notVXLAN() {
        var decoder = PacketDecoder()

        let otherPort = decoder.decodeCopy(Self.vxlan(Frames.ethernetIPv4TCP(), port: 4790),
                                           linkType: .ethernet)
        let noFlag = decoder.decodeCopy(Self.vxlan(Frames.ethernetIPv4TCP(), flags: 0),
                                        linkType: .ethernet)

        #expect(otherPort == nil)
        #expect(noFlag == nil)
        #expect(decoder.nonZeroCounters == ["packets": 2, "non_tcp": 2])
    }

    @Test("A VXLAN header cut by the capture is a truncated header")
    func truncatedVXLAN() {
        var decoder = PacketDecoder()
        let whole = Self.vxlan(Frames.ethernetIPv4TCP())

        let result = decoder.decodeCopy(Array(whole.prefix(14 + 20 + 8 + 4)), linkType: .ethernet,
                                        wireLength: whole.count)

        #expect(result == nil)
        #expect(decoder.nonZeroCounters == ["packets": 1, "truncated_header": 1])
    }
}
