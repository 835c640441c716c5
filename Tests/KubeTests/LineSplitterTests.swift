@testable import Kube
import Testing

/// Cutting a watch stream into lines however it arrives.
@Suite struct LineSplitterTests {
    static let stream = Array("{\"type\":\"ADDED\"}\n{\"type\":\"MODIFIED\"}\r\n\n{\"x\":1}\n".utf8)
    static let lines: [LineSplitter.Line] = [
        .complete(Array("{\"type\":\"ADDED\"}".utf8)),
        .complete(Array("{\"type\":\"MODIFIED\"}".utf8)),
        .complete([]),
        .complete(Array("{\"x\":1}".utf8)),
    ]

    /// Feeds `chunks` in order and returns the lines.
    static func split(
        _ chunks: [[UInt8]],
        cap: Int = 1024
    ) -> (lines: [LineSplitter.Line], partial: Bool) {
        var splitter = LineSplitter(maxLineBytes: cap)
        var lines: [LineSplitter.Line] = []
        for chunk in chunks {
            chunk.withUnsafeBytes { splitter.ingest($0) { lines.append($0) } }
        }
        return (lines, splitter.hasPartialLine)
    }

    @Test("A stream cut at any byte gives the same lines", arguments: 0...stream.count)
    func everySplit(offset: Int) {
        let result = Self.split([Array(Self.stream[..<offset]), Array(Self.stream[offset...])])

        #expect(result.lines == Self.lines)
        #expect(!result.partial)
    }

    @Test("A stream fed one byte at a time gives the same lines")
    func byteByByte() {
        #expect(Self.split(Self.stream.map { [$0] }).lines == Self.lines)
    }

    @Test("A line over the cap is dropped and reported once with its length; the next is kept")
    func oversized() {
        let long = [UInt8](repeating: UInt8(ascii: "a"), count: 30)
        let chunks = [Array(long[..<7]), Array(long[7...]) + [10, 98, 10]]

        let result = Self.split(chunks, cap: 10)

        #expect(result.lines == [.oversized(bytes: 30), .complete([98])])
    }

    @Test("A line without its newline waits")
    func partial() {
        let result = Self.split([Array("{\"a\":".utf8)])

        #expect(result.lines.isEmpty)
        #expect(result.partial)
    }
}
