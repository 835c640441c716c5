import Capture
import Decode
import HTTP
import Matching

/// Every field of an exchange, comparable as a whole.
struct Snapshot: Equatable, CustomStringConvertible {
    var client: Endpoint
    var server: Endpoint
    var sequenceInConnection: Int
    var request: RequestHead?
    var response: ResponseHead?
    var interimStatus: Int?
    var requestBodyBytes: Int
    var responseBodyBytes: Int
    var requestStart: Timestamp?
    var requestEnd: Timestamp?
    var responseStart: Timestamp?
    var responseEnd: Timestamp?
    var endedAt: Timestamp?
    var outcome: ExchangeOutcome
    var flags: ExchangeFlags

    init(_ exchange: Exchange) {
        self.client = exchange.client
        self.server = exchange.server
        self.sequenceInConnection = exchange.sequenceInConnection
        self.request = exchange.request
        self.response = exchange.response
        self.interimStatus = exchange.interimStatus
        self.requestBodyBytes = exchange.requestBodyBytes
        self.responseBodyBytes = exchange.responseBodyBytes
        self.requestStart = exchange.requestStart
        self.requestEnd = exchange.requestEnd
        self.responseStart = exchange.responseStart
        self.responseEnd = exchange.responseEnd
        self.endedAt = exchange.endedAt
        self.outcome = exchange.outcome
        self.flags = exchange.flags
    }

    var description: String {
        let names = ExchangeFlags.named.filter { self.flags.contains($0.flag) }.map(\.name)
        return "#\(self.sequenceInConnection) \(self.request?.method ?? "-") "
            + "\(self.request?.target ?? "-") → \(self.response.map { "\($0.status)" } ?? "-") "
            + "\(self.outcome.rawValue) [\(names.joined(separator: ","))]"
    }
}

extension Exchange {
    /// `method target → status outcome`, for comparing whole conversations at a glance.
    var line: String {
        let status = self.response.map { "\($0.status)" } ?? "-"
        return "\(self.request?.method ?? "-") \(self.request?.target ?? "-") → \(status) "
            + self.outcome.rawValue
    }

    /// A duration in whole milliseconds.
    static func milliseconds(_ nanoseconds: Int64?) -> Int64? {
        nanoseconds.map { $0 / 1_000_000 }
    }
}
