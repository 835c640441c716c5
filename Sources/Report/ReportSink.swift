import Capture
import Matching

/// Writes exchanges to the report output: filters by the slow threshold, formats, buffers, and
/// writes with write(2).
///
/// Output is buffered and written when the buffer passes `flushThreshold` bytes, on `flush()`
/// and on `close()`. A live capture should call `flush()` after each batch of packets; it costs
/// nothing when there is nothing to write.
///
/// When the output fails, the sink stops writing for good, keeps the reason in `failure`, and
/// counts the exchanges it could not deliver in `unwritten`. It never traps and never raises a
/// signal itself; the program must ignore `SIGPIPE` for `EPIPE` to arrive as an error. Two
/// kinds of failure call for different endings:
///
/// - The reader went away (`earshot ... | head -1`): `failure` is `.outputClosed` and
///   `isOutputClosed` is `true`. Nobody is listening any more, which is a normal way for a
///   pipeline to end: the caller should stop reading packets, print its summary and exit 0
///   without an error line.
/// - Anything else (disk full, I/O error, a report file that cannot be reopened): `failure` is
///   `.writeFailed` or `.cannotOpen`, an error the operator must see.
///
/// `reported` counts exchanges whose line reached the output completely, also the ones written
/// in the same write(2) sequence before it failed; a line cut short by the failure counts as
/// `unwritten`.
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
    /// Why writing stopped, once it has: `.outputClosed` when the reader went away,
    /// `.writeFailed` for other write errors, `.cannotOpen` when `reopen()` failed.
    public private(set) var failure: ReportError?
    /// Exchanges left out by the naming policy: outside `--namespace`/`--selector`, or
    /// reported by another node's capture.
    public private(set) var outOfScope = 0
    /// How reported exchanges are named and which are kept; `nil` without pod identity.
    public var naming: NamingPolicy?

    /// Whether writing stopped because the reader closed the output (`EPIPE`), so that nothing
    /// more can be delivered: the packet loop may stop early and the program exit 0 quietly.
    public var isOutputClosed: Bool {
        if case .outputClosed = self.failure { return true }
        return false
    }

    /// The open descriptor; -1 after a failed `reopen()`.
    private var descriptor: Int32
    private let ownsDescriptor: Bool
    /// The report file for `.file` output, which `reopen()` opens again.
    private let path: String?
    private let outputName: String
    private let textFormatter: TextFormatter
    private var writer = JSONWriter(capacity: ReportSink.flushThreshold + 4_096)
    /// For each exchange formatted into `writer` and not yet written out, the offset in
    /// `writer.bytes` just past its line, in increasing order.
    private var pendingRecordEnds: [Int] = []
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
            self.path = nil
        case .fileDescriptor(let descriptor, let name):
            (self.descriptor, self.ownsDescriptor, self.outputName) = (descriptor, false, name)
            self.path = nil
        case .file(let path):
            switch FileDescriptorIO.openForAppending(path) {
            case .success(let descriptor):
                self.descriptor = descriptor
                self.ownsDescriptor = true
                self.path = path
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

    /// The sink's counters under their summary names. `reported` is not among them: the
    /// summary shows it as a headline counter of its own.
    public var counters: [(name: String, value: Int)] {
        [
            ("exchanges_below_threshold", self.belowThreshold),
            ("exchanges_unwritten", self.unwritten),
            ("exchanges_out_of_scope", self.outOfScope),
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
        let names = self.naming?.names(for: exchange)
        if let names, let naming = self.naming, !naming.admits(names) {
            self.outOfScope += 1
            return
        }
        guard self.failure == nil else {
            self.unwritten += 1
            return
        }

        switch self.format {
        case .json:
            ExchangeRecord.append(exchange, names: names, options: self.options,
                                  to: &self.writer)
        case .text:
            self.appendTextLine(exchange, names: names)
        }
        self.pendingRecordEnds.append(self.writer.bytes.count)

        if self.writer.bytes.count >= Self.flushThreshold {
            self.flush()
        }
    }

    private func appendTextLine(_ exchange: Exchange, names: ExchangeNames?) {
        if !self.hasWrittenHeader {
            self.writer.appendVerbatim(self.textFormatter.headerLine())
            self.writer.appendByte(UInt8(ascii: "\n"))
            self.hasWrittenHeader = true
        }
        self.writer.appendVerbatim(self.textFormatter.line(for: exchange, names: names))
        self.writer.appendByte(UInt8(ascii: "\n"))
    }

    // MARK: - Output

    /// Writes out everything buffered; returns at once when the buffer is empty.
    public func flush() {
        guard !self.writer.bytes.isEmpty else { return }
        guard self.failure == nil else {
            self.discardPending(afterWriting: 0)
            return
        }

        switch FileDescriptorIO.writeAll(self.writer.bytes, to: self.descriptor) {
        case .written:
            self.reported += self.pendingRecordEnds.count
            self.pendingRecordEnds.removeAll(keepingCapacity: true)
            self.writer.removeAll()
        case .brokenPipe(let writtenBytes):
            self.failure = .outputClosed(name: self.outputName)
            self.discardPending(afterWriting: writtenBytes)
        case .failed(let reason, let writtenBytes):
            self.failure = .writeFailed(name: self.outputName, reason: reason)
            self.discardPending(afterWriting: writtenBytes)
        }
    }

    /// Writes out everything buffered, then closes the report file and opens its path again
    /// for appending, creating it when missing; for log rotation (`SIGHUP`).
    ///
    /// After a rotation program renames the file away, lines written before the call stay in
    /// the renamed file and later ones go to a new file under the original path. In the text
    /// format a new, empty file starts with the header line again. For standard output or a
    /// caller's descriptor, after `close()`, and once writing has failed, it does nothing.
    /// When the path cannot be opened, writing stops with `failure` set to `.cannotOpen`, as
    /// for a write failure.
    public func reopen() {
        guard !self.isClosed, let path = self.path, self.failure == nil else { return }
        self.flush()
        guard self.failure == nil else { return }

        let reopened = FileDescriptorIO.openForAppending(path)
        FileDescriptorIO.closeDescriptor(self.descriptor)
        switch reopened {
        case .success(let descriptor):
            self.descriptor = descriptor
            if self.format == .text && FileDescriptorIO.isEmptyFile(descriptor) {
                self.hasWrittenHeader = false
            }
        case .failure(let failure):
            self.descriptor = -1
            self.failure = .cannotOpen(path: path, reason: failure.reason)
        }
    }

    /// Writes out everything buffered and closes a file the sink opened. Calling it again does
    /// nothing; `report(_:)` must not follow it.
    public func close() {
        guard !self.isClosed else { return }
        self.flush()
        if self.ownsDescriptor && self.descriptor >= 0 {
            FileDescriptorIO.closeDescriptor(self.descriptor)
        }
        self.isClosed = true
    }

    /// Empties the buffer after a failed write: lines that ended within the first
    /// `writtenBytes` bytes reached the output and count as reported, the rest as unwritten.
    private func discardPending(afterWriting writtenBytes: Int) {
        let delivered = self.pendingRecordEnds.prefix { $0 <= writtenBytes }.count
        self.reported += delivered
        self.unwritten += self.pendingRecordEnds.count - delivered
        self.pendingRecordEnds.removeAll(keepingCapacity: true)
        self.writer.removeAll()
    }
}
