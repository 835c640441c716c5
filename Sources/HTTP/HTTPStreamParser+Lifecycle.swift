import Capture

/// Starting, ending and abandoning messages, and counting body bytes.
extension HTTPStreamParser {
    /// Reports a message whose first byte arrived at `timestamp` and resets per-message state.
    ///
    /// The carry is left alone: when resynchronisation accepts a carried line, it becomes the
    /// message's first line.
    mutating func startMessage(at timestamp: Timestamp, into sink: inout some HTTPEventSink) {
        self.counters.messagesStarted += 1
        self.head = HeadScan()
        self.progress = MessageProgress(startedAt: timestamp)
        self.keptBytes.removeAll(keepingCapacity: self.keptBytes.capacity <= 1024)
        self.state = .head
        sink.messageStarted(at: timestamp)
    }

    /// Reports the end of the message in progress; the parser is then between messages.
    mutating func endMessage(
        at timestamp: Timestamp,
        isComplete: Bool,
        into sink: inout some HTTPEventSink
    ) {
        if isComplete {
            self.counters.messagesComplete += 1
        } else {
            self.counters.messagesIncomplete += 1
        }
        self.state = .idle
        let end = MessageEnd(
            timestamp: timestamp,
            bodyBytes: self.progress.bodyBytes,
            hadGap: self.progress.hadGap,
            wasTruncated: self.progress.wasTruncated,
            isComplete: isComplete
        )
        sink.messageEnded(end)
    }

    /// Reports the end of the message in progress and that the stream is no longer HTTP.
    mutating func endMessageAndBecomeOpaque(
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) {
        self.endMessage(at: timestamp, isComplete: true, into: &sink)
        self.state = .opaque
        self.counters.opaqueStreams += 1
        sink.becameOpaque()
    }

    /// Abandons the message in progress (if any) for `problem` and resynchronises.
    ///
    /// - Parameter isAtLineStart: whether the next byte starts a line (the failing line was
    ///   consumed whole); otherwise bytes are discarded through the next `LF` first, and no
    ///   `parse` buffer start before that `LF` is taken for a message start.
    mutating func fail(
        _ problem: HTTPParseProblem,
        at timestamp: Timestamp,
        isAtLineStart: Bool = true,
        into sink: inout some HTTPEventSink
    ) {
        self.counters.recordFailure(problem)
        self.releaseCarry()
        self.state = isAtLineStart ? .resyncLineStart : .resyncAwaitingLineFeed
        sink.parseFailed(problem, at: timestamp)
    }

    /// Empties the carry, giving back its memory when a long line made it large.
    mutating func releaseCarry() {
        if self.carry.capacity > Self.retainedCarryCapacity {
            self.carry = []
        } else {
            self.carry.removeAll(keepingCapacity: true)
        }
    }

    // MARK: - Bodies

    /// Counts body bytes of a Content-Length body; ends the message when the length is reached.
    mutating func countFixedBody(
        _ bytes: UnsafeRawBufferPointer,
        from position: Int,
        remaining: Int,
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) -> Int {
        let taken = min(remaining, bytes.count - position)
        self.progress.bodyBytes += taken
        if taken == remaining {
            self.endMessage(at: timestamp, isComplete: true, into: &sink)
        } else {
            self.state = .fixedBody(remaining: remaining - taken)
        }
        return position + taken
    }

    /// Counts a hole inside a Content-Length body. A hole that runs past the body's end ends the
    /// message inside the hole, and the rest of the hole loses the next message's start.
    mutating func skipFixedBody(
        _ count: Int,
        remaining: Int,
        at timestamp: Timestamp,
        isKnownHole: Bool,
        into sink: inout some HTTPEventSink
    ) {
        guard count >= remaining else {
            self.countHole(count, at: timestamp, isKnownHole: isKnownHole)
            self.state = .fixedBody(remaining: remaining - count)
            return
        }
        self.countHole(remaining, at: timestamp, isKnownHole: isKnownHole)
        self.endMessage(at: timestamp, isComplete: true, into: &sink)
        if count > remaining {
            self.counters.unframedGapBytes += count - remaining
            self.fail(.lostFraming, at: timestamp, into: &sink)
        }
    }

    /// Counts `count` missing body bytes and flags the message.
    mutating func countHole(_ count: Int, at timestamp: Timestamp, isKnownHole: Bool) {
        self.progress.bodyBytes += count
        self.progress.lastByteTimestamp = timestamp
        if isKnownHole {
            self.progress.wasTruncated = true
            self.counters.bodyTruncatedBytes += count
        } else {
            self.progress.hadGap = true
            self.counters.bodyGapBytes += count
        }
    }
}
