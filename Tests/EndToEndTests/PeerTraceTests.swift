import Decode
import Foundation
import Matching
import Testing

/// One capture from another monitor's test suite with the exchanges that suite expects.
struct PeerTrace: Sendable, CustomStringConvertible {
    struct Row: Sendable {
        var clientPort: Int?
        var depth: Int
        var method: String?
        var uri: String?
        var status: Int?
        /// Whether the suite records a status at all (some baselines leave the column out).
        var hasStatus: Bool
    }

    var file: String
    var rows: [Row]

    var description: String { self.file }

    static func all() -> [PeerTrace] {
        let url = Replay.peerTraces.appendingPathComponent("expected.json")
        guard let data = try? Data(contentsOf: url),
              let entries = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return [] }
        return entries.compactMap { entry in
            guard let file = entry["file"] as? String,
                  let expected = entry["expected"] as? [[String: Any]] else { return nil }
            let rows = expected.enumerated().map { index, row in
                Row(
                    clientPort: row["orig_p"] as? Int,
                    depth: row["trans_depth"] as? Int ?? index + 1,
                    method: row["method"] as? String,
                    uri: row["uri_on_wire"] as? String ?? row["uri"] as? String,
                    status: row["status"] as? Int,
                    hasStatus: row.keys.contains("status")
                )
            }
            return PeerTrace(file: file, rows: rows)
        }
    }
}

/// Replays the peer traces and checks earshot finds the exchanges their own suites expect:
/// a second yardstick, recorded by other people on other networks.
@Suite struct PeerTraceTests {
    /// Where earshot deliberately reports something other than the peer, and why: whole
    /// traces by file name.
    static let differences: [String: String] = [:]

    /// Rows of a trace where earshot deliberately differs, by file and client port.
    static let rowDifferences: [String: [Int: String]] = {
        // zeek_methods.pcap sends one request per connection, many of them malformed on
        // purpose; the servers answered every one.
        let cutVersion = "the request line's version is cut ('HTTP/1.') or its target is "
            + "missing ('OPTIONS HTTP/1.1'): earshot counts the request as malformed (method "
            + "and path null, flag malformed_request) and still pairs the server's answer"
        let versionless = "Zeek takes a request line without a version for HTTP/0.9 and so "
            + "does not read the answer's status line (status 0); the server did send one, "
            + "and earshot reports it"
        var methods: [Int: String] = [:]
        for port in [46563, 46567, 46577, 46582, 46587, 46592, 46597, 46602, 46607] {
            methods[port] = cutVersion
        }
        for port in [46568, 46578, 46583, 46588, 46593, 46598, 46603, 46608] {
            methods[port] = versionless
        }
        return ["zeek_methods.pcap": methods]
    }()

    @Test(
        "The peer traces are present",
        .enabled(if: Replay.hasPeerTraces || Replay.isCI,
                 "../shared/peer-traces is not beside this checkout; CI provides it")
    )
    func present() {
        #expect(PeerTrace.all().count >= 20)
    }

    @Test("Each peer trace yields the exchanges its suite expects", arguments: PeerTrace.all())
    func matches(trace: PeerTrace) {
        let result = Replay.run(Replay.peerTraces.appendingPathComponent(trace.file).path)
        #expect(result.failure == nil, "\(trace.file): \(String(describing: result.failure))")
        if let reason = Self.differences[trace.file] {
            // A deliberate difference: still never crash, and say what was found.
            withKnownIssue(Comment(rawValue: reason), isIntermittent: true) {
                Self.compare(trace, result.exchanges)
            }
            return
        }
        Self.compare(trace, result.exchanges)
    }

    static func compare(_ trace: PeerTrace, _ exchanges: [Exchange]) {
        let label = "\(trace.file): \(exchanges.map(\.summary))"
        #expect(exchanges.count == trace.rows.count, "\(label)")
        let pairs: [(PeerTrace.Row, Exchange)]
        if trace.rows.allSatisfy({ $0.clientPort != nil }) {
            // Zeek logs by completion; compare per connection, in request order.
            var grouped: [(PeerTrace.Row, Exchange)] = []
            let ports = Set(trace.rows.compactMap(\.clientPort))
            for port in ports.sorted() {
                let rows = trace.rows.filter { $0.clientPort == port }
                    .sorted { $0.depth < $1.depth }
                let seen = exchanges.filter { Int($0.client.port) == port }
                    .sorted { $0.sequenceInConnection < $1.sequenceInConnection }
                #expect(rows.count == seen.count, "\(label) port \(port)")
                grouped += zip(rows, seen)
            }
            pairs = grouped
        } else {
            let rows = trace.rows.sorted { $0.depth < $1.depth }
            let seen = exchanges.sorted {
                ($0.requestStart ?? $0.responseStart ?? .zero)
                    < ($1.requestStart ?? $1.responseStart ?? .zero)
            }
            pairs = Array(zip(rows, seen))
        }
        for (row, exchange) in pairs {
            if let port = row.clientPort, let reason = Self.rowDifferences[trace.file]?[port] {
                withKnownIssue(Comment(rawValue: reason), isIntermittent: true) {
                    Self.compare(row, exchange, in: trace)
                }
            } else {
                Self.compare(row, exchange, in: trace)
            }
        }
    }

    /// Holds one exchange to the row the peer's suite expects.
    static func compare(_ row: PeerTrace.Row, _ exchange: Exchange, in trace: PeerTrace) {
        let rowLabel = "\(trace.file) \(exchange.summary) vs \(row)"
        if let method = row.method {
            #expect(exchange.request?.method == method, "\(rowLabel)")
        }
        if let uri = row.uri {
            #expect(exchange.request?.target == uri, "\(rowLabel)")
        }
        guard row.hasStatus else { return }
        switch row.status {
        case nil, 0:
            // No HTTP answer (Zeek writes 0 for a reply that had no status line).
            #expect(exchange.response == nil, "\(rowLabel)")
        case let status?:
            #expect(exchange.response?.status == status, "\(rowLabel)")
        }
    }
}
