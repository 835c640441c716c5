import Capture
import Decode
import HTTP

/// An exchange under construction: a request waiting for (or receiving) its response.
struct PendingExchange {
    /// What will be reported.
    var exchange: Exchange
    /// Sequence number of the request's first byte in the client's stream, when known; used to
    /// tell whether a response could be answering it.
    var requestSeq: UInt32?
    /// Whether this stands for request bytes that could not be parsed or were lost, rather than
    /// for a parsed request. Such an entry is reported only if a response pairs with it.
    var isPlaceholder: Bool

    /// The method decides the response's framing.
    var responseContext: ResponseContext {
        switch self.exchange.request?.method {
        case "HEAD": .answersHEAD
        case "CONNECT": .answersCONNECT
        default: .ordinary
        }
    }
}
