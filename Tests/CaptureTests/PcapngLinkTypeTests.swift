import TestSupport
import Capture
import Foundation
import Testing

@Suite struct PcapngLinkTypeTests {
    /// One little-endian pcapng block: type, total length, body, total length again.
    static func block(type: UInt32, body: [UInt8]) -> [UInt8] {
        let length = UInt32(12 + body.count)
        return bytes(of: type) + bytes(of: length) + body + bytes(of: length)
    }

    /// The little-endian bytes of an integer.
    static func bytes<Integer: FixedWidthInteger>(of value: Integer) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    /// Section header (magic, version 1.0, unknown section length).
    static let sectionHeader = block(
        type: 0x0A0D_0D0A,
        body: bytes(of: UInt32(0x1A2B_3C4D)) + bytes(of: UInt16(1)) + bytes(of: UInt16(0))
            + bytes(of: Int64(-1))
    )

    /// Interface description: link type, reserved, snap length.
    static func interface(linkType: UInt16) -> [UInt8] {
        let body = bytes(of: linkType) + bytes(of: UInt16(0)) + bytes(of: UInt32(65_535))
        return block(type: 1, body: body)
    }

    /// Enhanced packet: interface, timestamp in microseconds (high, low), lengths, padded data.
    static func packet(interface: UInt32, microseconds: UInt32, data: [UInt8]) -> [UInt8] {
        let padding = [UInt8](repeating: 0, count: (4 - data.count % 4) % 4)
        let length = UInt32(data.count)
        let fields = [interface, 0, microseconds, length, length].flatMap { bytes(of: $0) }
        return block(type: 6, body: fields + data + padding)
    }

    @Test("A pcapng file mixing link types delivers packets up to the second type, then fails")
    func mixedLinkTypes() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("mixed.pcapng")
        let ethernetFrame = [UInt8](repeating: 0xAA, count: 14)
        let ipPacket = [0x45] + [UInt8](repeating: 0, count: 19)
        let file = Self.sectionHeader
            + Self.interface(linkType: 1)
            + Self.packet(interface: 0, microseconds: 1_500_000, data: ethernetFrame)
            + Self.interface(linkType: 101)
            + Self.packet(interface: 1, microseconds: 2_000_000, data: ipPacket)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(file)))

        let capture = try PacketFile(path: path)
        let outcome = capture.readAll()

        #expect(capture.linkType == .ethernet)
        #expect(outcome.packets.map(\.timestamp) == [Timestamp(nanoseconds: 1_500_000_000)])
        guard case .corruptFile(path, let reason, packetsRead: 1) = outcome.error else {
            Issue.record("expected corruptFile after 1 packet, got \(outcome.error.debugText)")
            return
        }
        #expect(reason.contains("101"))
    }
}
