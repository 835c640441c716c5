/// Cuts a byte stream into lines as it arrives, however it is split into chunks.
///
/// Each byte is examined once. A line longer than `maxLineBytes` is not kept: its bytes up to
/// the next newline are dropped and it is reported once as `.oversized`, so one huge object
/// cannot grow memory without bound.
struct LineSplitter {
    /// What one complete line turned out to be.
    enum Line: Equatable {
        /// A line's bytes, without the newline (and without a trailing carriage return).
        case complete([UInt8])
        /// A line over the cap, dropped; `bytes` is how long it was.
        case oversized(bytes: Int)
    }

    /// The longest line kept.
    let maxLineBytes: Int
    /// The bytes of the line in progress.
    private var pending: [UInt8] = []
    /// How many bytes of the line in progress were dropped for the cap (0 when none).
    private var droppedBytes = 0

    /// Creates a splitter keeping lines of at most `maxLineBytes` bytes.
    init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    /// Whether a partial line is waiting for its newline.
    var hasPartialLine: Bool {
        !self.pending.isEmpty || self.droppedBytes > 0
    }

    /// Takes the next chunk and hands each line it completes to `body`, in order.
    mutating func ingest(_ chunk: UnsafeRawBufferPointer, _ body: (Line) -> Void) {
        var start = 0
        while start < chunk.count {
            let rest = UnsafeRawBufferPointer(rebasing: chunk[start...])
            guard let newline = rest.firstIndex(of: UInt8(ascii: "\n")) else {
                self.keep(rest)
                return
            }
            self.keep(UnsafeRawBufferPointer(rebasing: rest[..<newline]))
            body(self.takeLine())
            start += newline + 1
        }
    }

    /// Appends `bytes` to the line in progress, or counts them as dropped past the cap.
    private mutating func keep(_ bytes: UnsafeRawBufferPointer) {
        if self.droppedBytes == 0, self.pending.count + bytes.count <= self.maxLineBytes {
            self.pending.append(contentsOf: bytes)
            return
        }
        if self.droppedBytes == 0 {
            self.droppedBytes = self.pending.count
            self.pending = []
        }
        self.droppedBytes += bytes.count
    }

    /// Ends the line in progress and returns it.
    private mutating func takeLine() -> Line {
        if self.droppedBytes > 0 {
            let length = self.droppedBytes
            self.droppedBytes = 0
            return .oversized(bytes: length)
        }
        var line = self.pending
        self.pending = []
        if line.last == UInt8(ascii: "\r") {
            line.removeLast()
        }
        return .complete(line)
    }
}
