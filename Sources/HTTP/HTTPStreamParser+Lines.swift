import Capture

/// Finding lines in the stream: in the caller's buffer when whole, through the carry buffer
/// when a `parse` boundary cuts one.
extension HTTPStreamParser {
    /// Skips the empty lines allowed before a message (RFC 9112, section 2.2); any other byte
    /// starts a message.
    mutating func skipEmptyLines(
        _ bytes: UnsafeRawBufferPointer,
        from position: Int,
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) -> Int {
        var index = position
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == ByteScan.lineFeed || byte == ByteScan.carriageReturn else {
                self.startMessage(at: timestamp, into: &sink)
                return index
            }
            index += 1
        }
        return bytes.count
    }

    /// Reads the next line of a head, chunk-size line, chunk-data terminator or trailer section
    /// and handles it; a line cut by the end of `bytes` is carried to the next call.
    ///
    /// Each state caps how long its line may be (terminator and carried bytes included); a line
    /// that would pass the cap fails the message without searching further.
    mutating func readLine(
        _ bytes: UnsafeRawBufferPointer,
        from position: Int,
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) -> Int {
        let (allowance, problem) = self.lineAllowance()
        let room = allowance - self.carry.count
        guard room > 0 else {
            self.fail(problem, at: timestamp, isAtLineStart: false, into: &sink)
            return position
        }
        let searchEnd = bytes.count - position <= room ? bytes.count : position + room
        guard let lineFeed = ByteScan.indexOfLineFeed(in: bytes, from: position, to: searchEnd)
        else {
            if searchEnd < bytes.count {
                self.fail(problem, at: timestamp, isAtLineStart: false, into: &sink)
                return searchEnd
            }
            self.appendToCarry(UnsafeRawBufferPointer(rebasing: bytes[position...]), at: timestamp)
            return bytes.count
        }
        self.takeLine(bytes, from: position, lineFeed: lineFeed, at: timestamp, into: &sink)
        return lineFeed + 1
    }

    /// How many stream bytes the current state's line may occupy, and what passing that is.
    private func lineAllowance() -> (bytes: Int, problem: HTTPParseProblem) {
        switch self.state {
        case .head: (self.limits.maxHeadBytes - self.head.headBytes, .headTooLarge)
        case .trailers: (self.limits.maxHeadBytes - self.progress.trailerBytes, .headTooLarge)
        // Only CRLF (or a bare LF) may follow chunk data.
        case .chunkDataEnd: (2, .badChunk)
        default: (self.limits.maxHeadBytes, .badChunk)
        }
    }

    /// Hands the line ending at `lineFeed` to its handler, from the caller's buffer when it lies
    /// there whole, otherwise assembled in the carry buffer.
    private mutating func takeLine(
        _ bytes: UnsafeRawBufferPointer,
        from position: Int,
        lineFeed: Int,
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) {
        let rest = UnsafeRawBufferPointer(rebasing: bytes[position..<lineFeed])
        guard !self.carry.isEmpty else {
            let line = StreamLine(
                content: ByteScan.droppingCarriageReturn(rest),
                offsetInBuffer: position,
                streamLength: rest.count + 1
            )
            self.handleLine(line, in: bytes, at: timestamp, into: &sink)
            return
        }

        self.carry.append(contentsOf: rest)
        // Move the carry out so its bytes can be lent while `self` changes.
        var assembled: [UInt8] = []
        swap(&assembled, &self.carry)
        assembled.withUnsafeBytes { raw in
            let line = StreamLine(
                content: ByteScan.droppingCarriageReturn(raw),
                offsetInBuffer: nil,
                streamLength: raw.count + 1
            )
            self.handleLine(line, in: bytes, at: timestamp, into: &sink)
        }
        if assembled.capacity <= Self.retainedCarryCapacity {
            assembled.removeAll(keepingCapacity: true)
            self.carry = assembled
        }
    }

    /// Handles a complete line as the current state directs.
    private mutating func handleLine(
        _ line: StreamLine,
        in bytes: UnsafeRawBufferPointer,
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) {
        switch self.state {
        case .head:
            self.handleHeadLine(line, in: bytes, at: timestamp, into: &sink)
        case .chunkSize:
            self.handleChunkSizeLine(line, at: timestamp, into: &sink)
        case .chunkDataEnd:
            if line.content.isEmpty {
                self.state = .chunkSize
            } else {
                self.fail(.badChunk, at: timestamp, into: &sink)
            }
        case .trailers:
            self.handleTrailerLine(line, at: timestamp, into: &sink)
        default:
            preconditionFailure("a line was read in state \(self.state)")
        }
    }

    /// Appends bytes of an unfinished line to the carry buffer.
    mutating func appendToCarry(_ bytes: UnsafeRawBufferPointer, at timestamp: Timestamp) {
        if self.carry.isEmpty {
            self.carryTimestamp = timestamp
            if self.carry.capacity == 0 {
                self.carry.reserveCapacity(512)
            }
        }
        self.carry.append(contentsOf: bytes)
    }

    // MARK: - Head fields

    /// Records `field`, a part of `line.content`: as a reference into the caller's buffer when
    /// the line lies there, otherwise as a copy in the kept bytes.
    mutating func record(_ field: UnsafeRawBufferPointer, of line: StreamLine) -> ByteSpan {
        guard !field.isEmpty else { return ByteSpan(start: 0, count: 0, isKept: true) }
        if let offset = line.offsetInBuffer, let lineBase = line.content.baseAddress,
           let fieldBase = field.baseAddress {
            let start = offset + lineBase.distance(to: fieldBase)
            return ByteSpan(start: start, count: field.count, isKept: false)
        }
        return self.keep(field)
    }

    /// Copies `field` into the kept bytes.
    private mutating func keep(_ field: UnsafeRawBufferPointer) -> ByteSpan {
        let start = self.keptBytes.count
        self.keptBytes.append(contentsOf: field)
        return ByteSpan(start: start, count: field.count, isKept: true)
    }

    /// Copies head fields that still point into `bytes`, which the caller takes back when
    /// `parse` returns.
    mutating func keepHeadFields(from bytes: UnsafeRawBufferPointer) {
        self.head.method = self.kept(self.head.method, from: bytes)
        self.head.target = self.kept(self.head.target, from: bytes)
        self.head.host = self.kept(self.head.host, from: bytes)
    }

    private mutating func kept(_ span: ByteSpan?, from bytes: UnsafeRawBufferPointer) -> ByteSpan? {
        guard let span, !span.isKept else { return span }
        let range = span.start..<(span.start + span.count)
        return self.keep(UnsafeRawBufferPointer(rebasing: bytes[range]))
    }

    /// The text of a recorded field.
    func string(_ span: ByteSpan, in bytes: UnsafeRawBufferPointer) -> String {
        let range = span.start..<(span.start + span.count)
        guard span.isKept else {
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        return self.keptBytes.withUnsafeBytes { kept in
            String(decoding: UnsafeRawBufferPointer(rebasing: kept[range]), as: UTF8.self)
        }
    }
}
