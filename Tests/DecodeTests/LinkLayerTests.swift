import Capture
import Testing
@testable import Decode

/// One frame of some link type that carries the canonical TCP segment.
struct LinkCase: CustomTestStringConvertible, Sendable {
    var name: String
    var linkType: LinkType
    var bytes: [UInt8]
    var isIPv6 = false

    var testDescription: String { self.name }
}

@Suite struct LinkLayerTests {
    static let ipv4Packet = Frames.ipv4(payload: Frames.tcp())
    static let ipv6Packet = Frames.ipv6(payload: Frames.tcp())
    static let cookedAddress: [UInt8] = [0x02, 0, 0, 0, 0, 0x01, 0, 0]

    static let framings: [LinkCase] = [
        LinkCase(name: "Ethernet IPv4", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x0800, payload: ipv4Packet)),
        LinkCase(name: "Ethernet IPv6", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x86dd, payload: ipv6Packet), isIPv6: true),
        LinkCase(name: "802.1Q", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x8100, payload: [0x00, 0x64, 0x08, 0x00]
                     + ipv4Packet)),
        LinkCase(name: "802.1ad QinQ", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x88a8, payload: [0x00, 0x0a, 0x81, 0x00]
                     + [0x00, 0x64, 0x86, 0xdd] + ipv6Packet), isIPv6: true),
        LinkCase(name: "0x9100 then two 802.1Q tags", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x9100, payload: [0x00, 0x01, 0x81, 0x00]
                     + [0x00, 0x02, 0x81, 0x00] + [0x00, 0x03, 0x08, 0x00] + ipv4Packet)),
        LinkCase(name: "MPLS one label", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x8847, payload: [0x00, 0x01, 0xd1, 0xff]
                     + ipv4Packet)),
        LinkCase(name: "MPLS two labels to IPv6", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x8847, payload: [0x00, 0x01, 0xd0, 0xff]
                     + [0x00, 0x02, 0x01, 0x40] + ipv6Packet), isIPv6: true),
        LinkCase(name: "VLAN then MPLS", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x8100, payload: [0x00, 0x07, 0x88, 0x47]
                     + [0x00, 0x01, 0xd1, 0xff] + ipv4Packet)),
        LinkCase(name: "PPPoE IPv4", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x8864, payload: [0x11, 0x00, 0x00, 0x2d]
                     + Frames.be16(UInt16(ipv4Packet.count + 2)) + [0x00, 0x21] + ipv4Packet)),
        LinkCase(name: "PPPoE IPv6", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x8864, payload: [0x11, 0x00, 0x00, 0x2d]
                     + Frames.be16(UInt16(ipv6Packet.count + 2)) + [0x00, 0x57] + ipv6Packet),
                 isIPv6: true),
        LinkCase(name: "PPPoE IPv4, compressed protocol field", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x8864, payload: [0x11, 0x00, 0x00, 0x2d]
                     + Frames.be16(UInt16(ipv4Packet.count + 1)) + [0x21] + ipv4Packet)),
        LinkCase(name: "Linux cooked v1", linkType: .linuxCooked,
                 bytes: [0, 0, 0, 1, 0, 6] + cookedAddress + [0x08, 0x00] + ipv4Packet),
        LinkCase(name: "Linux cooked v1 with a VLAN tag", linkType: .linuxCooked,
                 bytes: [0, 4, 0, 1, 0, 6] + cookedAddress + [0x81, 0x00]
                     + [0x00, 0x64, 0x08, 0x00] + ipv4Packet),
        LinkCase(name: "Linux cooked v2", linkType: .linuxCookedV2,
                 bytes: [0x86, 0xdd, 0, 0, 0, 0, 0, 3, 0, 1, 0, 6] + cookedAddress + ipv6Packet,
                 isIPv6: true),
        LinkCase(name: "NULL little-endian IPv4", linkType: .null,
                 bytes: [2, 0, 0, 0] + ipv4Packet),
        LinkCase(name: "NULL big-endian IPv4", linkType: .null,
                 bytes: [0, 0, 0, 2] + ipv4Packet),
        LinkCase(name: "NULL little-endian IPv6 (24)", linkType: .null,
                 bytes: [24, 0, 0, 0] + ipv6Packet, isIPv6: true),
        LinkCase(name: "NULL big-endian IPv6 (28)", linkType: .null,
                 bytes: [0, 0, 0, 28] + ipv6Packet, isIPv6: true),
        LinkCase(name: "NULL little-endian IPv6 (30)", linkType: .null,
                 bytes: [30, 0, 0, 0] + ipv6Packet, isIPv6: true),
        LinkCase(name: "LOOP IPv4", linkType: .loop, bytes: [0, 0, 0, 2] + ipv4Packet),
        LinkCase(name: "LOOP IPv6", linkType: .loop, bytes: [0, 0, 0, 24] + ipv6Packet,
                 isIPv6: true),
        LinkCase(name: "raw IP (12) v4", linkType: .raw, bytes: ipv4Packet),
        LinkCase(name: "raw IP (12) v6", linkType: .raw, bytes: ipv6Packet, isIPv6: true),
        LinkCase(name: "raw IP (14)", linkType: .rawOpenBSD, bytes: ipv4Packet),
        LinkCase(name: "raw IP (101)", linkType: .linktypeRaw, bytes: ipv6Packet, isIPv6: true),
        LinkCase(name: "IPv4 (228)", linkType: .ipv4, bytes: ipv4Packet),
        LinkCase(name: "IPv6 (229)", linkType: .ipv6, bytes: ipv6Packet, isIPv6: true),
        LinkCase(name: "Cisco HDLC", linkType: .ciscoHDLC,
                 bytes: [0x0f, 0x00, 0x08, 0x00] + ipv4Packet),
        LinkCase(name: "NFLOG", linkType: .nflog,
                 bytes: [2, 0, 0, 42]
                     + Frames.le16(8) + Frames.le16(1) + [0x08, 0x00, 0x03, 0x00]
                     + Frames.le16(9) + Frames.le16(10) + Array("abcde".utf8) + [0, 0, 0]
                     + Frames.le16(UInt16(4 + ipv4Packet.count)) + Frames.le16(9) + ipv4Packet),
        LinkCase(name: "NFLOG IPv6 with an unpadded payload", linkType: .nflog,
                 bytes: [10, 0, 0, 1]
                     + Frames.le16(UInt16(4 + ipv6Packet.count + 1)) + Frames.le16(9)
                     + ipv6Packet + [0, 0, 0, 0], isIPv6: true),
    ]

    @Test("Every supported framing yields the TCP segment inside", arguments: framings)
    func framingYieldsSegment(_ framing: LinkCase) throws {
        var decoder = PacketDecoder()
        #expect(PacketDecoder.supports(framing.linkType))

        let decoded = decoder.decodeCopy(framing.bytes, linkType: framing.linkType)
        let segment = try #require(decoded)

        #expect(segment.payload == Frames.request)
        #expect(segment.payloadLength == Frames.request.count)
        #expect(segment.source.port == 40000)
        #expect(segment.destination.port == 80)
        #expect(segment.seq == 1000)
        #expect(segment.ack == 2000)
        #expect(segment.flags == 0x18)
        let expectedSource = framing.isIPv6 ? "[2001:db8::1]:40000" : "10.0.0.1:40000"
        #expect(segment.source.description == expectedSource)
        #expect(decoder.counter("tcp_segments") == 1)
        #expect(decoder.counter("packets") == 1)
    }

    static let nonIP: [LinkCase] = [
        LinkCase(name: "ARP", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x0806, payload: [UInt8](repeating: 0, count: 28))),
        LinkCase(name: "802.3 length frame", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 46, payload: [UInt8](repeating: 0xaa, count: 46))),
        LinkCase(name: "ARP in a VLAN", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x8100, payload: [0, 1, 0x08, 0x06]
                     + [UInt8](repeating: 0, count: 28))),
        LinkCase(name: "PPPoE LCP", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x8864, payload: [0x11, 0, 0, 1, 0, 6, 0xc0, 0x21]
                     + [1, 1, 0, 4])),
        LinkCase(name: "PPPoE discovery code in a session frame", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x8864, payload: [0x11, 0x09, 0, 1, 0, 2, 0, 0x21]
                     + ipv4Packet)),
        LinkCase(name: "MPLS Ethernet pseudowire", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x8847, payload: [0, 1, 0x01, 0xff, 0, 0, 0, 0]
                     + Frames.ethernet(type: 0x0800, payload: ipv4Packet))),
        LinkCase(name: "nine VLAN tags", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x8100, payload: Array(
                     repeating: [0x00, 0x01, 0x81, 0x00], count: 9).flatMap { $0 } + ipv4Packet)),
        LinkCase(name: "seventeen MPLS labels", linkType: .ethernet,
                 bytes: Frames.ethernet(type: 0x8847, payload: Array(
                     repeating: [0x00, 0x01, 0x00, 0xff], count: 17).flatMap { $0 }
                     + ipv4Packet)),
        LinkCase(name: "Linux cooked ARP", linkType: .linuxCooked,
                 bytes: [0, 0, 0, 1, 0, 6] + cookedAddress + [0x08, 0x06]
                     + [UInt8](repeating: 0, count: 28)),
        LinkCase(name: "NULL with an unknown family", linkType: .null,
                 bytes: [7, 0, 0, 0] + ipv4Packet),
        LinkCase(name: "LOOP with a little-endian family", linkType: .loop,
                 bytes: [2, 0, 0, 0] + ipv4Packet),
        LinkCase(name: "NFLOG without a payload TLV", linkType: .nflog,
                 bytes: [2, 0, 0, 42] + Frames.le16(8) + Frames.le16(1) + [8, 0, 3, 0]),
        LinkCase(name: "NFLOG with a TLV shorter than its header", linkType: .nflog,
                 bytes: [2, 0, 0, 42] + Frames.le16(2) + Frames.le16(9) + ipv4Packet),
    ]

    @Test("Frames that carry no IP count as non_ip", arguments: nonIP)
    func nonIPFrameIsCounted(_ framing: LinkCase) {
        var decoder = PacketDecoder()

        let result1 = decoder.decodeCopy(framing.bytes, linkType: framing.linkType)
        #expect(result1 == nil)

        #expect(decoder.counter("non_ip") == 1)
        #expect(decoder.nonZeroCounters == ["packets": 1, "non_ip": 1])
    }

    @Test("A raw IP packet of an unknown version counts as bad_ip_header")
    func unknownVersion() {
        var decoder = PacketDecoder()
        var bytes = Self.ipv4Packet
        bytes[0] = 0x55

        let result2 = decoder.decodeCopy(bytes, linkType: .raw)
        #expect(result2 == nil)

        #expect(decoder.nonZeroCounters == ["packets": 1, "bad_ip_header": 1])
    }

    @Test("An unsupported link type is counted, never decoded")
    func unsupportedLink() {
        var decoder = PacketDecoder()
        let ieee80211 = LinkType(rawValue: 105)

        #expect(!PacketDecoder.supports(ieee80211))
        let result3 = decoder.decodeCopy(Self.ipv4Packet, linkType: ieee80211)
        #expect(result3 == nil)

        #expect(decoder.nonZeroCounters == ["packets": 1, "unsupported_link": 1])
    }

    @Test("UDP and ICMP are counted as non_tcp, not as errors")
    func nonTCPIsCounted() {
        var decoder = PacketDecoder()
        let dns = Frames.ipv4(protocolNumber: 17,
                              payload: Frames.udp(destinationPort: 53, payload: [1, 2, 3, 4]))
        let ping = Frames.ipv4(protocolNumber: 1, payload: [8, 0, 0, 0, 0, 1, 0, 1])
        let ping6 = Frames.ipv6(nextHeader: 58, payload: [128, 0, 0, 0, 0, 1, 0, 1])

        let result4 = decoder.decodeCopy(dns, linkType: .raw)
        #expect(result4 == nil)
        let result5 = decoder.decodeCopy(ping, linkType: .raw)
        #expect(result5 == nil)
        let result6 = decoder.decodeCopy(ping6, linkType: .raw)
        #expect(result6 == nil)

        #expect(decoder.nonZeroCounters == ["packets": 3, "non_tcp": 3])
    }

    @Test("Counter names are stable snake_case and listed once each")
    func counterNames() {
        let names = PacketDecoder().counterValues.map(\.name)

        #expect(Set(names).count == names.count)
        #expect(names.first == "packets")
        for name in names {
            #expect(name.allSatisfy { $0 == "_" || ($0.isASCII && $0.isLowercase) })
        }
        for expected in ["unsupported_link", "truncated_header", "non_ip", "non_tcp",
                         "bad_ip_header", "bad_tcp_header", "ip_fragments",
                         "fragments_reassembled", "fragments_expired",
                         "fragments_dropped_at_cap", "fragments_evicted", "vxlan_decapsulated",
                         "snap_truncated_segments", "ip_length_exceeds_frame"] {
            #expect(names.contains(expected))
        }
    }
}
