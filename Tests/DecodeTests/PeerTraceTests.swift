import Capture
import Foundation
import Testing
@testable import Decode

/// What decoding one real trace should show.
struct TraceExpectation: CustomTestStringConvertible, Sendable {
    var file: String
    var serverPort: UInt16
    var extraCounter: String? = nil

    var testDescription: String { self.file }
}

@Suite(.enabled(if: ClassicPcap.peerTraceDirectory != nil, "peer traces not found"))
struct PeerTraceTests {
    static let named: [TraceExpectation] = [
        TraceExpectation(file: "sv_pppoe-http.pcap", serverPort: 80),
        TraceExpectation(file: "sv_cisco-hdlc-http.pcap", serverPort: 80),
        TraceExpectation(file: "zeek_nflog.pcap", serverPort: 80),
        TraceExpectation(file: "zeek_vxlan-http.pcap", serverPort: 80,
                         extraCounter: "vxlan_decapsulated"),
        TraceExpectation(file: "zeek_mixed-vlan-mpls.pcap", serverPort: 80),
        TraceExpectation(file: "zeek_261-te-cl-desync-rawip.pcap", serverPort: 80),
        TraceExpectation(file: "sv_http-ipv6-port8000.pcap", serverPort: 8000),
        TraceExpectation(file: "zeek_connect-ipv6-loopback.pcap", serverPort: 80),
    ]

    struct Summary {
        var decoder = PacketDecoder()
        var segments: [DecodedSegment] = []
        var packets = 0
    }

    static func decodeFile(_ name: String) throws -> Summary {
        let directory = try #require(ClassicPcap.peerTraceDirectory)
        let file = try #require(ClassicPcap(path: directory + "/" + name))
        var summary = Summary()
        #expect(PacketDecoder.supports(file.linkType))
        for record in file.records {
            summary.packets += 1
            let segment = record.bytes.withUnsafeBytes { raw in
                let packet = Packet(timestamp: record.timestamp, linkType: file.linkType,
                                    bytes: raw, wireLength: record.wireLength)
                return summary.decoder.decode(packet) { DecodedSegment($0) }
            }
            if let segment { summary.segments.append(segment) }
        }
        return summary
    }

    @Test("Traces of unusual framings yield their HTTP segments", arguments: named)
    func namedTrace(_ expectation: TraceExpectation) throws {
        let summary = try Self.decodeFile(expectation.file)

        let toServer = summary.segments.filter {
            $0.destination.port == expectation.serverPort && !$0.payload.isEmpty
        }
        let firstRequest = try #require(toServer.first)
        let method = String(decoding: firstRequest.payload.prefix(4), as: UTF8.self)
        #expect(["GET ", "POST", "CONN", "HEAD"].contains(method))
        #expect(summary.segments.contains { $0.source.port == expectation.serverPort })
        if let extra = expectation.extraCounter {
            #expect(summary.decoder.counter(extra) > 0)
        }
    }

    @Test("Every packet of every classic peer trace is a TCP segment, with nothing bad")
    func everyTrace() throws {
        let directory = try #require(ClassicPcap.peerTraceDirectory)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".pcap") }.sorted()
        #expect(names.count >= 20)

        for name in names {
            let summary = try Self.decodeFile(name)
            #expect(summary.segments.count == summary.packets, "\(name)")
            let counters = summary.decoder.nonZeroCounters
            let unexpected = counters.keys.filter {
                !["packets", "tcp_segments", "vxlan_decapsulated"].contains($0)
            }
            #expect(unexpected.isEmpty, "\(name): \(counters)")
        }
    }
}
