import Capture
import Foundation
import Testing

@Suite struct PacketFileTests {
    /// The peer traces: `shared/` beside the checkout (where CI puts it), or the workplace copy.
    static let traces: String = {
        let checkout = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let beside = checkout.deletingLastPathComponent()
            .appendingPathComponent("shared/peer-traces").path
        let candidates = [beside, "/work/shared/peer-traces"]
        return (candidates.first { FileManager.default.fileExists(atPath: $0) } ?? beside) + "/"
    }()

    /// A peer trace, how many packets it holds, and the first packet's time in nanoseconds.
    struct Trace: Sendable, CustomStringConvertible {
        var name: String
        var packetCount: Int
        var firstTimestamp: Int64
        var hasNanosecondPrecision: Bool

        var description: String { self.name }
    }

    static let samples: [Trace] = [
        Trace(
            name: "zeek_get-to-ssh-server-nsec.pcap",
            packetCount: 9,
            firstTimestamp: 1_770_126_425_732_560_000,
            hasNanosecondPrecision: true
        ),
        Trace(
            name: "zeek_cooper-grill-dvwa.pcapng",
            packetCount: 64,
            firstTimestamp: 1_730_145_002_900_383_409,
            hasNanosecondPrecision: true
        ),
        Trace(
            name: "zeek_100-continue.pcap",
            packetCount: 66,
            firstTimestamp: 1_237_440_095_585_864_000,
            hasNanosecondPrecision: false
        ),
    ]

    @Test("Peer traces in pcap µs, pcap ns and pcapng give every packet", arguments: samples)
    func packetCounts(trace: Trace) throws {
        let file = try PacketFile(path: Self.traces + trace.name)
        let outcome = file.readAll()

        #expect(outcome.error == nil)
        #expect(outcome.packets.count == trace.packetCount)
        #expect(file.packetsRead == trace.packetCount)
        #expect(file.linkType == .ethernet)
        #expect(outcome.packets.allSatisfy { $0.linkType == .ethernet })
        #expect(outcome.packets.allSatisfy { $0.bytes.count <= $0.wireLength })
    }

    @Test("Timestamps come out in nanoseconds whatever the file's precision", arguments: samples)
    func nanosecondTimestamps(trace: Trace) throws {
        let packets = try PacketFile(path: Self.traces + trace.name).readAll().packets
        let first = try #require(packets.first)

        #expect(first.timestamp.nanoseconds == trace.firstTimestamp)
        // Between 2001 and 2033: a seconds or microseconds value read as nanoseconds falls out.
        let plausible: ClosedRange<Int64> = 1_000_000_000_000_000_000...2_000_000_000_000_000_000
        #expect(packets.allSatisfy { plausible.contains($0.timestamp.nanoseconds) })
        let last = try #require(packets.last)
        #expect(last.timestamp.nanoseconds(since: first.timestamp) < 3_600_000_000_000)
        if !trace.hasNanosecondPrecision {
            #expect(packets.allSatisfy { $0.timestamp.fractionNanoseconds % 1_000 == 0 })
        }
    }

    @Test("The pcapng trace keeps sub-microsecond digits")
    func pcapngNanoseconds() throws {
        let packets = try PacketFile(path: Self.traces + "zeek_cooper-grill-dvwa.pcapng")
            .readAll().packets
        #expect(packets.contains { $0.timestamp.fractionNanoseconds % 1_000 != 0 })
    }

    @Test("Reading past the end keeps returning end")
    func endIsSticky() throws {
        let file = try PacketFile(path: Self.traces + "zeek_get-to-ssh-server-nsec.pcap")
        _ = file.readAll()

        for _ in 0..<3 {
            let result = try file.readPacket { _ in () }
            guard case .end = result else {
                Issue.record("expected .end, got \(result)")
                return
            }
        }
        #expect(file.packetsRead == 9)
    }

    @Test("The file keeps its path and the reader's closure result comes back")
    func closureResult() throws {
        let path = Self.traces + "zeek_100-continue.pcap"
        let file = try PacketFile(path: path)
        let result = try file.readPacket { packet in packet.wireLength }

        #expect(file.path == path)
        guard case .packet(let length) = result else {
            Issue.record("expected a packet, got \(result)")
            return
        }
        #expect(length > 0)
    }
}
