import TestSupport
import Capture
import Testing

@Suite struct PcapWriterTests {
    /// Three frames with awkward timestamps: the epoch, a fraction of 1 ns, a fraction of
    /// 999 999 999 ns.
    static let frames: [(timestamp: Timestamp, bytes: [UInt8], wireLength: Int)] = [
        (Timestamp(nanoseconds: 0), [0x01, 0x02, 0x03], 3),
        (Timestamp(seconds: 1_700_000_000, nanoseconds: 1), Array(repeating: 0xAB, count: 60), 60),
        (Timestamp(seconds: 4_000_000_000, nanoseconds: 999_999_999), [0xFF], 1_514),
    ]

    @Test("Packets written are read back with the same nanoseconds, bytes and lengths")
    func roundTrip() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("round-trip.pcap")

        let writer = try PcapWriter(path: path, linkType: .linuxCookedV2, snapLength: 65_535)
        for frame in Self.frames {
            frame.bytes.withUnsafeBytes { bytes in
                writer.write(timestamp: frame.timestamp, bytes: bytes, wireLength: frame.wireLength)
            }
        }
        writer.close()

        let file = try PacketFile(path: path)
        let outcome = file.readAll()
        #expect(outcome.error == nil)
        #expect(file.linkType == .linuxCookedV2)
        #expect(file.packetsRead == Self.frames.count)
        let expected = Self.frames.map {
            ReadPacket(
                timestamp: $0.timestamp,
                linkType: .linuxCookedV2,
                bytes: $0.bytes,
                wireLength: $0.wireLength
            )
        }
        #expect(outcome.packets == expected)
    }

    @Test("The file starts with the nanosecond pcap magic")
    func nanosecondMagic() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("magic.pcap")

        let writer = try PcapWriter(path: path, linkType: .ethernet)
        writer.close()

        let header = try #require(readFile(path))
        #expect(header.count == 24)
        // Written in host order (little-endian here): 4d 3c b2 a1 means a1b23c4d, nanoseconds.
        #expect(Array(header.prefix(4)) == [0x4D, 0x3C, 0xB2, 0xA1])
    }

    @Test("Bytes beyond the snap length are cut but the wire length is kept")
    func snapLengthCuts() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("snap.pcap")

        let writer = try PcapWriter(path: path, linkType: .ethernet, snapLength: 64)
        let frame = [UInt8](repeating: 7, count: 200)
        frame.withUnsafeBytes { bytes in
            writer.write(timestamp: Timestamp(nanoseconds: 5), bytes: bytes, wireLength: 200)
        }
        writer.close()

        let packets = try PacketFile(path: path).readAll().packets
        #expect(packets.count == 1)
        #expect(packets.first?.bytes.count == 64)
        #expect(packets.first?.wireLength == 200)
    }

    @Test("A wire length shorter than the bytes is raised to the bytes written")
    func wireLengthNeverBelowCaptured() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("short-wire.pcap")

        let writer = try PcapWriter(path: path, linkType: .raw)
        [UInt8](repeating: 1, count: 40).withUnsafeBytes { bytes in
            writer.write(timestamp: .zero, bytes: bytes, wireLength: 10)
        }
        writer.close()

        let packets = try PacketFile(path: path).readAll().packets
        #expect(packets.map(\.wireLength) == [40])
    }

    @Test("An empty packet is written as a zero-length record")
    func emptyPacket() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("empty-record.pcap")

        let writer = try PcapWriter(path: path, linkType: .ethernet)
        let nothing = UnsafeRawBufferPointer(start: nil, count: 0)
        writer.write(timestamp: Timestamp(nanoseconds: 9), bytes: nothing, wireLength: 0)
        writer.close()

        let packets = try PacketFile(path: path).readAll().packets
        #expect(packets.map(\.bytes) == [[]])
    }

    @Test("Writes after close are ignored and close can be repeated")
    func writeAfterClose() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("closed.pcap")

        let writer = try PcapWriter(path: path, linkType: .ethernet)
        writer.close()
        [UInt8(1)].withUnsafeBytes { bytes in
            writer.write(timestamp: .zero, bytes: bytes, wireLength: 1)
        }
        writer.close()
        try writer.flush()

        #expect(try PacketFile(path: path).readAll().packets.isEmpty)
    }

    @Test("A file in a missing directory cannot be created and the error names it")
    func unwritablePath() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("no-such-dir/out.pcap")

        let error = #expect(throws: CaptureError.self) {
            try PcapWriter(path: path, linkType: .ethernet)
        }
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.hasPrefix("cannot write capture file") == true)
    }

    @Test("A snap length outside what libpcap accepts is refused", arguments: [0, -1, 262_145])
    func badSnapLength(snapLength: Int) throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }

        #expect(throws: CaptureError.invalidOption(
            name: "snapLength",
            value: snapLength,
            expected: "1 to 262144 bytes"
        )) {
            let path = directory.file("x.pcap")
            return try PcapWriter(path: path, linkType: .ethernet, snapLength: snapLength)
        }
    }
}
