import TestSupport
import Capture
import Foundation
import Testing

@Suite struct TimestampTests {
    @Test("Seconds and a fraction in range give exact nanoseconds", arguments: [
        (Int64(1_700_000_000), Int64(123_456_789), Int64(1_700_000_000_123_456_789)),
        (0, 0, 0),
        (-1, 999_999_999, -1),
        (5, 2_500_000_000, 7_500_000_000),
        // Near the top: the product alone overflows, the sum does not.
        (9_223_372_037, -999_999_999, 9_223_372_036_000_000_001),
    ])
    func inRange(seconds: Int64, fraction: Int64, expected: Int64) {
        #expect(Timestamp(seconds: seconds, nanoseconds: fraction).nanoseconds == expected)
    }

    @Test("A time too large or too small for Int64 nanoseconds saturates instead of wrapping",
          arguments: [
              (Int64(9_223_372_037), Int64(0), Timestamp.max),
              (1 << 40, 0, .max), (.max, 999_999_999, .max), (9_223_372_036, 854_775_808, .max),
              (-9_223_372_037, 0, .min), (.min, 0, .min), (.min, -1, .min),
          ])
    func saturates(seconds: Int64, fraction: Int64, expected: Timestamp) {
        #expect(Timestamp(seconds: seconds, nanoseconds: fraction) == expected)
    }

    @Test("Moving a timestamp past either end stops at that end")
    func advancedSaturates() {
        #expect(Timestamp.max.advanced(byNanoseconds: 1) == .max)
        #expect(Timestamp.min.advanced(byNanoseconds: -30_000_000_000) == .min)
        #expect(Timestamp.max.advanced(byNanoseconds: -1).nanoseconds == Int64.max - 1)
        #expect(Timestamp(nanoseconds: 5).advanced(byNanoseconds: -7).nanoseconds == -2)
    }

    @Test("A difference too large for Int64 saturates with the right sign")
    func differenceSaturates() {
        #expect(Timestamp.max.nanoseconds(since: .min) == Int64.max)
        #expect(Timestamp.min.nanoseconds(since: .max) == Int64.min)
        #expect(Timestamp.max.nanoseconds(since: Timestamp(nanoseconds: -1)) == Int64.max)
        #expect(Timestamp(nanoseconds: 3).nanoseconds(since: Timestamp(nanoseconds: 10)) == -7)
    }

    @Test("A pcapng time counted in seconds too large for nanoseconds saturates")
    func pcapngSecondsResolution() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("seconds.pcapng")
        // if_tsresol (option 9) = 0: the interface counts whole seconds.
        let resolution = Self.bytes(UInt16(9)) + Self.bytes(UInt16(1)) + [0, 0, 0, 0]
        let interface = PcapngLinkTypeTests.block(
            type: 1,
            body: Self.bytes(UInt16(1)) + Self.bytes(UInt16(0)) + Self.bytes(UInt32(65_535))
                + resolution + Self.bytes(UInt32(0))
        )
        // A microsecond count of 2023 read as seconds: far past 2262.
        let seconds: UInt64 = 1_700_000_000_000_000
        let frame = [UInt8](repeating: 0xAA, count: 16)
        let file = PcapngLinkTypeTests.sectionHeader + interface
            + Self.packet(seconds: seconds, data: frame)
            + Self.packet(seconds: seconds + 100, data: frame)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(file)))

        let outcome = try PacketFile(path: path).readAll()

        #expect(outcome.error == nil, "\(outcome.error.debugText)")
        #expect(outcome.packets.map(\.timestamp) == [.max, .max])
    }

    /// The little-endian bytes of an integer.
    static func bytes<Integer: FixedWidthInteger>(_ value: Integer) -> [UInt8] {
        PcapngLinkTypeTests.bytes(of: value)
    }

    /// An enhanced packet block on interface 0 with a 64-bit timestamp.
    static func packet(seconds: UInt64, data: [UInt8]) -> [UInt8] {
        let length = UInt32(data.count)
        let fields = [0, UInt32(seconds >> 32), UInt32(truncatingIfNeeded: seconds), length,
                      length].flatMap { Self.bytes($0) }
        return PcapngLinkTypeTests.block(type: 6, body: fields + data)
    }
}
