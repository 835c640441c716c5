import Capture

/// Resynchronisation: finding the next message start when the parser lost its place.
///
/// Candidates are lines that begin at the start of a `parse` buffer or right after an `LF`.
/// Each is judged by `StartLine.verdict(on:kind:)`; bytes of rejected lines are discarded and
/// counted as `http_resync_skipped_bytes`. A candidate cut by the end of a buffer waits in the
/// carry buffer (capped by `HTTPLimits.maxHeadBytes`) and is judged when more bytes come.
extension HTTPStreamParser {
    /// A carried candidate longer than this is judged only once its line ends (or reaches the
    /// cap); shorter ones are judged as each packet adds to them. It covers `HTTP/1.1 200` and
    /// the longest well-known method with its space.
    static let quickVerdictBytes = 16

    /// The kind of start line this parser's role sends.
    private var expectedStartLine: StartLineKind {
        self.role == .client ? .request : .response
    }

    /// Discards bytes through the next `LF`.
    mutating func skipThroughLineFeed(_ bytes: UnsafeRawBufferPointer, from position: Int) -> Int {
        // Limitation: a message whose start line begins neither at a packet start nor right
        // after an LF (say, right after a body of unknown length that ends without a newline,
        // in the same packet) is not found; its bytes count as http_resync_skipped_bytes and it
        // produces no events.
        guard let lineFeed = ByteScan.indexOfLineFeed(in: bytes, from: position, to: bytes.count)
        else {
            self.counters.resyncSkippedBytes += bytes.count - position
            return bytes.count
        }
        self.counters.resyncSkippedBytes += lineFeed + 1 - position
        self.state = .resyncLineStart
        return lineFeed + 1
    }

    /// Judges the line starting at `position`: starts a message there, discards the line, or
    /// carries its start until more bytes come.
    mutating func examineLineStart(
        _ bytes: UnsafeRawBufferPointer,
        from position: Int,
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) -> Int {
        guard self.carry.isEmpty else {
            return self.examineCarriedLine(bytes, from: position, at: timestamp, into: &sink)
        }
        let room = self.limits.maxHeadBytes
        let end = bytes.count - position <= room ? bytes.count : position + room
        let window = UnsafeRawBufferPointer(rebasing: bytes[position..<end])

        switch StartLine.verdict(on: window, kind: self.expectedStartLine) {
        case .accept:
            self.startMessage(at: timestamp, into: &sink)
            return position
        case .reject(let offending):
            return position + self.discardLine(window, rejectedAt: offending)
        case .needMore where end < bytes.count:
            // The line is longer than any head may be: it starts nothing.
            self.counters.resyncSkippedBytes += window.count
            self.state = .resyncSkippingLine
            return end
        case .needMore:
            self.appendToCarry(window, at: timestamp)
            return bytes.count
        }
    }

    /// Discards a rejected line's bytes up to the evidence against it, and through its `LF`
    /// when that was the evidence; returns the offset in `window` to continue from.
    private mutating func discardLine(
        _ window: UnsafeRawBufferPointer,
        rejectedAt offending: Int
    ) -> Int {
        if offending < window.count, window[offending] == ByteScan.lineFeed {
            self.counters.resyncSkippedBytes += offending + 1
            self.state = .resyncLineStart
            return offending + 1
        }
        self.counters.resyncSkippedBytes += offending
        self.state = .resyncSkippingLine
        return offending
    }

    /// Continues judging a candidate line whose start is in the carry buffer.
    ///
    /// Bytes through the next `LF` (or up to the cap) join the carry before judging; on
    /// acceptance they are taken back out, so the head is read from the stream as usual.
    private mutating func examineCarriedLine(
        _ bytes: UnsafeRawBufferPointer,
        from position: Int,
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) -> Int {
        let room = max(0, self.limits.maxHeadBytes - self.carry.count)
        let searchEnd = bytes.count - position <= room ? bytes.count : position + room
        let lineFeed = ByteScan.indexOfLineFeed(in: bytes, from: position, to: searchEnd)
        let appendEnd = lineFeed.map { $0 + 1 } ?? searchEnd
        self.carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[position..<appendEnd]))
        let isLineOpen = lineFeed == nil && appendEnd == bytes.count && room > 0
        if isLineOpen && self.carry.count > Self.quickVerdictBytes {
            // Past the few bytes that can accept a well-known method, only the whole line can
            // decide: judge it once it ends rather than re-reading the carry for every packet.
            return bytes.count
        }
        let kind = self.expectedStartLine
        let verdict = self.carry.withUnsafeBytes { StartLine.verdict(on: $0, kind: kind) }

        switch verdict {
        case .accept:
            self.carry.removeLast(appendEnd - position)
            self.startMessage(at: self.carryTimestamp, into: &sink)
            self.progress.lastByteTimestamp = timestamp
            return position
        case .needMore where isLineOpen:
            return bytes.count
        case .reject, .needMore:
            self.counters.resyncSkippedBytes += self.carry.count
            self.releaseCarry()
            self.state = lineFeed == nil ? .resyncSkippingLine : .resyncLineStart
            return appendEnd
        }
    }
}
