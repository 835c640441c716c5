/// Where an `HTTPStreamParser` stands in its stream.
enum ParserState: Equatable {
    /// Between messages: empty lines are skipped, any other byte starts a message.
    case idle
    /// Inside a head: reading the start line and header lines.
    case head
    /// Inside a body of known length with `remaining` bytes to go.
    case fixedBody(remaining: Int)
    /// Reading a chunk-size line.
    case chunkSize
    /// Inside chunk data with `remaining` bytes to go in the current chunk.
    case chunkData(remaining: Int)
    /// Expecting the `CRLF` that closes a chunk's data.
    case chunkDataEnd
    /// Reading trailer fields after the last chunk, up to the empty line.
    case trailers
    /// Inside a response body that runs to the end of the stream.
    case closeDelimitedBody
    /// Resynchronising: discarding bytes through the next `LF`. The next `parse` buffer's
    /// start is a candidate again, since nothing says where the skipped bytes' lines begin.
    case resyncSkippingLine
    /// Resynchronising after a failure inside a line (a head over the cap, an overlong chunk
    /// line): discarding bytes through that line's `LF`. A `parse` buffer's start is not a
    /// candidate here: it lies inside the line, whose tail must not pass for a message.
    case resyncAwaitingLineFeed
    /// Resynchronising: at the start of a line that may start a message. When the line's first
    /// bytes arrived in an earlier `parse` call, they wait in the carry buffer.
    case resyncLineStart
    /// No longer HTTP (after 101 or a 2xx to CONNECT): every later byte is ignored.
    case opaque

    /// Whether a message has started and not yet ended in this state.
    var isInsideMessage: Bool {
        switch self {
        case .head, .fixedBody, .chunkSize, .chunkData, .chunkDataEnd, .trailers,
             .closeDelimitedBody:
            true
        case .idle, .resyncSkippingLine, .resyncAwaitingLineFeed, .resyncLineStart, .opaque:
            false
        }
    }
}
