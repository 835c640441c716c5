import Capture

/// Chunked transfer coding (RFC 9112, section 7.1).
///
///     chunked-body = *chunk last-chunk trailer-section CRLF
///     chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
///     last-chunk   = 1*("0") [ chunk-ext ] CRLF
///
/// Chunk data is counted, never examined; only the size lines, the CRLF after each chunk's data
/// and the trailer lines are read.
extension HTTPStreamParser {
    /// The most hex digits a chunk size may have; more is treated as hostile.
    static let maxChunkSizeDigits = 16

    /// Reads a chunk-size line and moves to its data, or to the trailers after the last chunk.
    mutating func handleChunkSizeLine(
        _ line: StreamLine,
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) {
        guard let size = Self.chunkSize(line.content) else {
            self.fail(.badChunk, at: timestamp, into: &sink)
            return
        }
        self.state = size == 0 ? .trailers : .chunkData(remaining: size)
    }

    /// Reads one trailer line; the empty line ends the message. Trailer fields are not
    /// examined.
    mutating func handleTrailerLine(
        _ line: StreamLine,
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) {
        self.progress.trailerBytes += line.streamLength
        if line.content.isEmpty {
            self.endMessage(at: timestamp, isComplete: true, into: &sink)
        }
    }

    /// The size a chunk-size line declares, or `nil` when it is not hex, has more than
    /// `maxChunkSizeDigits` digits, or does not fit an `Int`.
    ///
    /// Whitespace may follow the digits (some senders pad); extensions after `;` are skipped.
    static func chunkSize(_ line: UnsafeRawBufferPointer) -> Int? {
        var value: UInt64 = 0
        var index = 0
        while index < line.count, let digit = ByteScan.hexValue(line[index]) {
            guard index < Self.maxChunkSizeDigits else { return nil }
            value = value << 4 | digit
            index += 1
        }
        guard index > 0, value <= UInt64(Int.max) else { return nil }
        while index < line.count, line[index] == ByteScan.space || line[index] == ByteScan.tab {
            index += 1
        }
        guard index == line.count || line[index] == UInt8(ascii: ";") else { return nil }
        return Int(value)
    }
}
