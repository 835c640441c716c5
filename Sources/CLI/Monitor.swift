import Capture
import Decode
import Matching
import Report

/// The packet path: frames from a source, decoded, tracked, matched and reported.
///
/// One owner, one thread: every packet goes through decode → reassembly → HTTP → matching →
/// report synchronously, with no locks and no copies on the in-order path.
final class Monitor {
    private var decoder = PacketDecoder()
    let tracker: ConnectionTracker
    let report: ReportSink
    private(set) var packets = 0
    private(set) var bytes = 0
    /// Exchanges at least `slowNanoseconds` long, whether or not `--all` reports the rest.
    private(set) var slowExchanges = 0
    private let slowNanoseconds: Int64

    init(tracker: ConnectionTracker, report: ReportSink, slowNanoseconds: Int64) {
        self.tracker = tracker
        self.report = report
        self.slowNanoseconds = slowNanoseconds
    }

    /// Counts and reports one finished exchange.
    @inline(__always)
    private func deliver(_ exchange: Exchange) {
        if let duration = exchange.durationNanoseconds, duration >= self.slowNanoseconds {
            self.slowExchanges &+= 1
        }
        self.report.report(exchange)
    }

    /// Sends one captured frame down the pipeline.
    @inline(__always)
    func process(_ packet: Packet) {
        self.packets &+= 1
        self.bytes &+= packet.wireLength
        let tracker = self.tracker
        _ = self.decoder.decode(packet) { segment in
            tracker.ingest(segment) { exchange in self.deliver(exchange) }
        }
    }

    /// Reads `source` until it ends, `shouldStop` says so, or it fails.
    ///
    /// - Parameter onIdle: Called when a live read times out and every few thousand packets,
    ///   for flushing output, expiring connections and periodic summaries.
    /// - Throws: The source's failure, after every packet before it was processed.
    func run(
        _ source: some PacketSource,
        shouldStop: () -> Bool,
        onIdle: () -> Void = {}
    ) throws(CaptureError) {
        var sinceIdle = 0
        while !shouldStop() {
            let result = try source.readPacket { packet in self.process(packet) }
            switch result {
            case .packet:
                sinceIdle &+= 1
                if sinceIdle >= 4096 {
                    sinceIdle = 0
                    onIdle()
                }
            case .timeout:
                sinceIdle = 0
                onIdle()
            case .end:
                return
            }
        }
    }

    /// Ends every open connection, reporting what is still waiting as `outcome`.
    func finish(outcome: ExchangeOutcome = .captureEnded) {
        self.tracker.finishAll(outcome: outcome) { exchange in self.deliver(exchange) }
        self.decoder.expireFragments(before: self.tracker.now.advanced(byNanoseconds: 1))
        self.report.flush()
    }

    /// Expires idle connections as of `now` (live capture: the wall clock).
    func expireIdle(now: Timestamp) {
        self.tracker.expireIdle(now: now) { exchange in self.deliver(exchange) }
        self.decoder.expireFragments(before: now.advanced(byNanoseconds: -30_000_000_000))
    }

    /// The summary counters: the headline ones first, then every non-zero detail counter.
    func summary(extra: [(name: String, value: Int)] = []) -> SummaryLine {
        let detail = SummaryLine(merging: [
            self.decoder.counterValues, self.tracker.counterValues, self.report.counters,
        ]).counters
        func value(_ name: String) -> Int {
            detail.first { $0.name == name }?.value ?? 0
        }
        let headline: [(name: String, value: Int)] = [
            ("packets", self.packets),
            ("bytes", self.bytes),
            ("connections", value("connections")),
            ("exchanges", value("exchanges")),
            ("slow", self.slowExchanges),
            ("reported", self.report.reported),
            ("unanswered", value("unanswered")),
            ("parse_errors", value("parse_errors")),
            ("tcp_gaps", value("tcp_gaps")),
        ] + extra
        let shown = Set(headline.map(\.name) + ["packets"])
        let rest = detail.filter { !shown.contains($0.name) && $0.value != 0 }
        return SummaryLine(headline + rest)
    }
}
