import HTTP
import Reassembly

/// Totals kept while matching, shared by the tracker and its connections.
///
/// A class so that every connection's HTTP sinks can count into one place without threading an
/// `inout` through the parsers; it is owned by one `ConnectionTracker` and used from its thread.
final class MatchingCounters {
    var connectionsOpened = 0
    var connectionsClosed = 0
    var connectionsReset = 0
    var connectionsExpired = 0
    var connectionsEvicted = 0
    var straySYNs = 0
    var resetsOutOfWindow = 0
    var connectionsReplacedBySYN = 0
    var nonHTTPConnections = 0
    var segmentsWithoutConnection = 0
    var segmentsAfterClose = 0
    var undeterminedBytes = 0
    var opaqueBytes = 0
    var exchanges = 0
    var unanswered = 0
    var responsesWithoutRequest = 0
    var unparsedRequestsUnanswered = 0
    var pendingRequestsDropped = 0
    var parseProblems: [HTTPParseProblem: Int] = [:]
    var reassembly = ReassemblyCounters()

    /// Every counter with its stable summary name.
    var counterValues: [(name: String, value: Int)] {
        var values: [(name: String, value: Int)] = [
            ("connections", self.connectionsOpened),
            ("connections_closed", self.connectionsClosed),
            ("connections_reset", self.connectionsReset),
            ("connections_expired", self.connectionsExpired),
            ("connections_evicted", self.connectionsEvicted),
            ("stray_syns", self.straySYNs),
            ("resets_out_of_window", self.resetsOutOfWindow),
            ("connections_replaced_by_syn", self.connectionsReplacedBySYN),
            ("non_http_connections", self.nonHTTPConnections),
            ("segments_without_connection", self.segmentsWithoutConnection),
            ("segments_after_close", self.segmentsAfterClose),
            ("undetermined_bytes", self.undeterminedBytes),
            ("opaque_bytes", self.opaqueBytes),
            ("exchanges", self.exchanges),
            ("unanswered", self.unanswered),
            ("responses_without_request", self.responsesWithoutRequest),
            ("unparsed_requests_unanswered", self.unparsedRequestsUnanswered),
            ("pending_requests_dropped", self.pendingRequestsDropped),
            ("parse_errors", self.parseProblems.values.reduce(0, +)),
        ]
        for problem in HTTPParseProblem.allCases {
            values.append(("http_\(problem.rawValue)", self.parseProblems[problem] ?? 0))
        }
        values += self.reassembly.counterValues
        return values
    }
}
