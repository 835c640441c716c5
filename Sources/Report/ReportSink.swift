import Capture
import Matching

/// Writes exchanges to the report output: filters by the slow threshold, formats, buffers, and
/// writes with write(2).
///
/// Output is buffered and written when the buffer passes `flushThreshold` bytes, on `flush()`
/// and on `close()`. A live capture should call `flush()` after each batch of packets; it costs
/// nothing when there is nothing to write.
///
/// When the output fails (the reader closed the pipe, the disk is full), the sink stops
/// writing, keeps the failure in `failure` for the caller to log and act on, and counts the
/// exchanges it could not deliver in `unwritten`. It never traps and never raises a signal
/// itself; the program must ignore `SIGPIPE` for `EPIPE` to arrive as an error.
///
/// The sink has one owner (the packet path); it is not safe to share across threads.
public final class ReportSink {
    /// Buffered bytes above which `report(_:)` writes them out.
    public static let flushThreshold = 64 * 1_024

    /// The report format.
    public let format: ReportFormat
    /// The slow threshold: only exchanges at least this long are reported; `nil` reports all.
    public let slowNanoseconds: Int64?
    /// What to leave out of each line.
    public let options: ReportOptions

    /// Exchanges whose line was written out completely.
    public private(set) var reported = 0
    /// Exchanges left out because they were faster than the slow threshold (or had no time
    /// at all while a threshold was set).
    public private(set) var belowThreshold = 0
    /// Exchanges that passed the threshold but whose line did not (or not entirely) reach the
    /// output because writing had failed.
    public private(set) var unwritten = 0
    /// Why writing stopped, once it has.
    public private(set) var failure: ReportError?

    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let outputName: String
    private let textFormatter: TextFormatter
    private var writer = JSONWriter(capacity: ReportSink.flushThreshold + 4_096)
    /// Exchanges formatted into `writer` and not yet written out.
    private var pendingRecords = 0
    private var hasWrittenHeader = false
    private var isClosed = false

    /// Opens the report output.
    ///
    /// - Parameters:
    ///   - output: Standard output, a file to append to, or a descriptor owned by the caller.
    ///   - format: JSON Lines or aligned text (text starts with a header line).
    ///   - slowNanoseconds: Report only exchanges at least this long; `nil` reports all.
    ///   - options: What to leave out of each line.
    /// - Throws: `ReportError.cannotOpen` when the file cannot be opened for appending.
    public init(
        output: ReportOutput,
        format: ReportFormat,
        slowNanoseconds: Int64? = nil,
        options: ReportOptions = ReportOptions()
    ) throws(ReportError) {
        switch output {
        case .standardOutput:
            (self.descriptor, self.ownsDescriptor, self.outputName) = (1, false, "standard output")
        case .fileDescriptor(let descriptor, let name):
            (self.descriptor, self.ownsDescriptor, self.outputName) = (descriptor, false, name)
        case .file(let path):
            switch FileDescriptorIO.openForAppending(path) {
            case .success(let descriptor):
                self.descriptor = descriptor
                self.ownsDescriptor = true
                self.outputName = "'\(path)'"
            case .failure(let failure):
                throw .cannotOpen(path: path, reason: failure.reason)
            }
        }
        self.format = format
        self.slowNanoseconds = slowNanoseconds
        self.options = options
        self.textFormatter = TextFormatter(options: options)
    }

    deinit {
        self.close()
    }

    /// The sink's counters under their summary names.
    public var counters: [(name: String, value: Int)] {
        [
            ("exchanges_reported", self.reported),
            ("exchanges_below_threshold", self.belowThreshold),
            ("exchanges_unwritten", self.unwritten),
        ]
    }

    // MARK: - Reporting

    /// Whether an exchange is slow enough to report.
    ///
    /// With no threshold everything is. Otherwise the exchange's duration must reach it; for an
    /// exchange that never got its answer that is the time until the last packet seen, so a
    /// request left hanging longer than the threshold is reported. An exchange with no time at
    /// all is reported only when there is no threshold.
    public func isReportable(_ exchange: Exchange) -> Bool {
        guard let threshold = self.slowNanoseconds else { return true }
        guard let duration = exchange.durationNanoseconds else { return false }
        return duration >= threshold
    }

    /// Formats an exchange into the buffer if it passes the threshold, writing the buffer out
    /// when it has grown past `flushThreshold`.
    public func report(_ exchange: Exchange) {
        precondition(!self.isClosed, "report(_:) after close()")
        guard self.isReportable(exchange) else {
            self.belowThreshold += 1
            return
        }
        guard self.failure == nil else {
            self.unwritten += 1
            return
        }

        switch self.format {
        case .json:
            ExchangeRecord.append(exchange, options: self.options, to: &self.writer)
        case .text:
            self.appendTextLine(exchange)
        }
        self.pendingRecords += 1

        if self.writer.bytes.count >= Self.flushThreshold {
            self.flush()
        }
    }

    private func appendTextLine(_ exchange: Exchange) {
        if !self.hasWrittenHeader {
            self.writer.appendVerbatim(self.textFormatter.headerLine())
            self.writer.appendByte(UInt8(ascii: "\n"))
            self.hasWrittenHeader = true
        }
        self.writer.appendVerbatim(self.textFormatter.line(for: exchange))
        self.writer.appendByte(UInt8(ascii: "\n"))
    }

    // MARK: - Output

    /// Writes out everything buffered; returns at once when the buffer is empty.
    public func flush() {
        guard !self.writer.bytes.isEmpty else { return }
        guard self.failure == nil else {
            self.discardPending()
            return
        }

        switch FileDescriptorIO.writeAll(self.writer.bytes, to: self.descriptor) {
        case .written:
            self.reported += self.pendingRecords
            self.pendingRecords = 0
            self.writer.removeAll()
        case .brokenPipe:
            self.failure = .outputClosed(name: self.outputName)
            self.discardPending()
        case .failed(let reason):
            self.failure = .writeFailed(name: self.outputName, reason: reason)
            self.discardPending()
        }
    }

    /// Writes out everything buffered and closes a file the sink opened. Calling it again does
    /// nothing; `report(_:)` must not follow it.
    public func close() {
        guard !self.isClosed else { return }
        self.flush()
        if self.ownsDescriptor {
            FileDescriptorIO.closeDescriptor(self.descriptor)
        }
        self.isClosed = true
    }

    private func discardPending() {
        self.unwritten += self.pendingRecords
        self.pendingRecords = 0
        self.writer.removeAll()
    }
}
