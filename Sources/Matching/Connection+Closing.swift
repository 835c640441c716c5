import Capture
import HTTP

extension Connection {
    /// Ends the connection: delivers what was held back, ends both parsers and reports every
    /// exchange still open with `outcome`.
    func close(outcome: ExchangeOutcome, at time: Timestamp) {
        guard !self.isDone else { return }
        self.closingOutcome = outcome
        self.closingTime = time
        var routerFromFirst = StreamRouter(connection: self, direction: .fromFirstSource)
        self.streamFromFirst.flush(at: time, counters: &self.counters.reassembly,
                                   into: &routerFromFirst)
        var routerToFirst = StreamRouter(connection: self, direction: .toFirstSource)
        self.streamToFirst.flush(at: time, counters: &self.counters.reassembly,
                                 into: &routerToFirst)
        if self.roles != .unknown {
            var responses = ResponseSink(connection: self)
            self.serverParser?.finish(at: time, into: &responses)
            var requests = RequestSink(connection: self)
            self.clientParser?.finish(at: time, into: &requests)
        }
        self.reportUnanswered(outcome: outcome, at: time)
        self.isDone = true
    }

    /// Reports every pending request as unanswered with `outcome`; placeholders for bytes that
    /// never parsed as a request are only counted.
    func reportUnanswered(outcome: ExchangeOutcome, at time: Timestamp) {
        if var orphan = self.orphanResponse {
            orphan.endedAt = time
            self.emit(orphan)
            self.orphanResponse = nil
        }
        for entry in self.pending {
            if entry.isPlaceholder && entry.exchange.response == nil {
                self.counters.unparsedRequestsUnanswered += 1
                continue
            }
            var exchange = entry.exchange
            (exchange.outcome, exchange.endedAt) = self.unansweredEnding(outcome, at: time)
            if exchange.response == nil {
                // Only an interim response (or the start of a head) arrived: no final response
                // started, so none is timed.
                exchange.responseStart = nil
            }
            self.counters.unanswered += 1
            self.emit(exchange)
        }
        self.pending.removeAll()
        self.clientMessageOpen = false
        self.isRespondingToFirstPending = false
    }

    /// Hands a finished exchange to the tracker, after checking its timestamps' order.
    func emit(_ exchange: Exchange) {
        var exchange = exchange
        if Self.hasBackwardTimes(exchange) {
            exchange.flags.insert(.clockSkew)
        }
        if !self.sawHandshake {
            exchange.flags.insert(.midstream)
        }
        if self.isTunnel {
            exchange.flags.insert(.tunneled)
        }
        exchange.handshakeRTTNanoseconds = self.handshakeRTT
        self.counters.exchanges += 1
        self.finished.append(exchange)
    }

    /// Whether any of the exchange's timestamps run backwards where order is certain.
    private static func hasBackwardTimes(_ exchange: Exchange) -> Bool {
        func isBackward(_ earlier: Timestamp?, _ later: Timestamp?) -> Bool {
            guard let earlier, let later else { return false }
            return later < earlier
        }
        return isBackward(exchange.requestStart, exchange.requestEnd)
            || isBackward(exchange.requestStart, exchange.responseStart)
            || isBackward(exchange.responseStart, exchange.responseEnd)
    }

    /// A new exchange record for this connection, numbered in order.
    func makeExchange() -> Exchange {
        let exchange = Exchange(
            client: self.client,
            server: self.server,
            sequenceInConnection: self.nextExchangeNumber
        )
        self.nextExchangeNumber += 1
        return exchange
    }
}
