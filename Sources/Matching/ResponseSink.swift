import Capture
import HTTP
import Reassembly

/// Receives the server stream's parse events and pairs each response with the oldest waiting
/// request.
struct ResponseSink: HTTPEventSink {
    let connection: Connection

    /// Chooses what the response now starting answers: the oldest request, or nothing seen.
    mutating func messageStarted(at timestamp: Timestamp) {
        let connection = self.connection
        if !connection.isRespondingToFirstPending && connection.orphanResponse == nil {
            // A response owed to a request abandoned at the pending cap answers nothing queued.
            let answersDropped = connection.responsesOwedToDropped > 0
            if answersDropped {
                connection.responsesOwedToDropped -= 1
            }
            if !answersDropped && self.canAnswerFirstPending() {
                connection.isRespondingToFirstPending = true
            } else {
                var orphan = connection.makeExchange()
                orphan.outcome = .responseOnly
                connection.orphanResponse = orphan
            }
        }
        // An interim response's start is overwritten by the final response's own.
        self.updateTarget { $0.responseStart = timestamp }
        connection.responseSpan = TimeSpan(timestamp)
    }

    /// Not sent on a server stream.
    func requestHeadParsed(_ head: RequestHead) {}

    /// Records the status (or the interim status) and tells the parser what was asked.
    mutating func responseHeadParsed(_ head: ResponseHead) -> ResponseContext {
        let connection = self.connection
        connection.hasParsedHead = true
        let context = connection.isRespondingToFirstPending
            ? connection.pending[0].responseContext : .ordinary
        // A request still arriving (even one whose head is not complete yet), not a placeholder.
        let isRequestOpen = connection.isRespondingToFirstPending
            && !connection.pending[0].isPlaceholder
            && connection.pending[0].exchange.requestEnd == nil
        self.updateTarget { exchange in
            if head.isInterim {
                exchange.interimStatus = head.status
                return
            }
            exchange.response = head
            if isRequestOpen {
                exchange.flags.insert(.requestIncomplete)
            }
            let opensTunnel = context == .answersCONNECT && (200..<300).contains(head.status)
            if head.status == 101 || opensTunnel {
                exchange.flags.insert(.upgraded)
            }
            connection.opensTunnel = opensTunnel
        }
        return context
    }

    /// Reports the exchange when its final response has ended.
    mutating func messageEnded(_ end: MessageEnd) {
        let connection = self.connection
        var isFinal = false
        self.updateTarget { exchange in
            isFinal = exchange.response != nil
            guard isFinal else { return }
            exchange.responseBodyBytes = end.bodyBytes
            if end.isComplete {
                var span = connection.responseSpan ?? TimeSpan(end.timestamp)
                span.include(end.timestamp)
                exchange.responseStart = exchange.responseStart.map { min($0, span.earliest) }
                exchange.responseEnd = span.latest
            } else {
                // Cut short by the end of the stream: the exchange ends when earshot learnt
                // of that end (the reset, close or end of capture), not at its last byte.
                let ending = connection.unansweredEnding(
                    connection.closingOutcome,
                    at: connection.closingTime ?? end.timestamp
                )
                exchange.endedAt = ending.time
                if exchange.outcome != .responseOnly {
                    exchange.outcome = ending.outcome
                }
            }
            if end.hadGap { exchange.flags.insert(.gap) }
            if end.wasTruncated { exchange.flags.insert(.truncated) }
        }
        if isFinal {
            self.finishTarget()
        }
    }

    /// Decides what a response that could not be read answered, so pairing stays right.
    mutating func parseFailed(_ problem: HTTPParseProblem, at timestamp: Timestamp) {
        let connection = self.connection
        if !connection.hasParsedHead && problem == .malformedStartLine {
            self.giveUpOnConnection()
            return
        }
        connection.countParseError(problem)
        let flag: ExchangeFlags = problem == .lostFraming ? .gap : .malformedResponse
        var hasHead = false
        self.updateTarget { exchange in
            hasHead = exchange.response != nil
        }
        if !hasHead, connection.isRespondingToFirstPending,
           connection.pending[0].exchange.request == nil {
            // Neither side's bytes parsed: nothing is known of this exchange to report.
            if connection.pending.count == 1 {
                connection.clientMessageOpen = false
            }
            connection.pending.removeFirst()
            connection.isRespondingToFirstPending = false
            connection.counters.unparsedRequestsUnanswered += 1
        } else if hasHead || connection.isRespondingToFirstPending {
            // Either the status is known but not where the response ends, or what came back
            // was not a response: either way it was the answer to this request, which is
            // reported now so that the next response pairs with the next request.
            self.updateTarget { exchange in
                exchange.flags.insert(flag)
                exchange.outcome = exchange.outcome == .responseOnly ? .responseOnly : .abandoned
                exchange.endedAt = timestamp
            }
            self.finishTarget()
        } else if connection.orphanResponse != nil {
            // Not a response, and nothing was waiting for one.
            connection.orphanResponse = nil
        } else if problem == .lostFraming, let first = connection.pending.first,
                  first.exchange.request != nil, first.exchange.requestEnd != nil,
                  !connection.clientMessageOpen || connection.pending.count > 1 {
            // Bytes lost where a response would start, with a whole request waiting: its
            // response (or the start of it) was in them.
            connection.isRespondingToFirstPending = true
            self.updateTarget { exchange in
                exchange.flags.insert(.gap)
                exchange.outcome = .abandoned
                exchange.endedAt = timestamp
            }
            self.finishTarget()
        }
    }

    /// The server switched protocols or opened a tunnel.
    mutating func becameOpaque() {
        // A CONNECT tunnel is entered once this parser returns (it cannot be replaced while
        // it runs); any other switch of protocols leaves the connection opaque.
        if !self.connection.opensTunnel {
            self.connection.isOpaque = true
        }
    }

    /// Stops parsing a connection whose server's first bytes are not a status line and on
    /// which no head ever parsed: it speaks another protocol (TLS, SSH, a database), and
    /// whatever the client sent is not a request either.
    private func giveUpOnConnection() {
        let connection = self.connection
        connection.isIgnored = true
        connection.deferredParseErrors.removeAll()
        connection.counters.nonHTTPConnections += 1
        connection.pending.removeAll()
        connection.orphanResponse = nil
        connection.isRespondingToFirstPending = false
        connection.clientMessageOpen = false
    }

    // MARK: - Pairing

    /// Whether the oldest waiting request may be what the response now starting answers.
    ///
    /// The acknowledgement number the server sends with the response's first byte says how
    /// much of the client's stream it had received: a request that starts at or beyond that
    /// point cannot be what it answers, so the request it answers was never seen.
    private func canAnswerFirstPending() -> Bool {
        let connection = self.connection
        guard let first = connection.pending.first else { return false }
        guard let ack = connection.currentAck, let requestSeq = first.requestSeq else {
            return true
        }
        return SequenceNumber.isBefore(requestSeq, ack)
    }

    private func updateTarget(_ change: (inout Exchange) -> Void) {
        let connection = self.connection
        if connection.orphanResponse != nil {
            // Safe: checked non-nil just above, and nothing in between can clear it.
            change(&connection.orphanResponse!)
        } else if connection.isRespondingToFirstPending, !connection.pending.isEmpty {
            change(&connection.pending[0].exchange)
        }
    }

    /// Reports the exchange whose final response just ended and makes way for the next one.
    private func finishTarget() {
        let connection = self.connection
        if let orphan = connection.orphanResponse {
            connection.counters.responsesWithoutRequest += 1
            connection.emit(orphan)
            connection.orphanResponse = nil
            return
        }
        guard connection.isRespondingToFirstPending, !connection.pending.isEmpty else { return }
        let entry = connection.pending.removeFirst()
        connection.isRespondingToFirstPending = false
        if connection.pending.isEmpty && connection.clientMessageOpen {
            // The server answered before the request was complete; the rest of the request
            // belongs to an exchange already reported.
            connection.clientMessageOpen = false
        }
        switch entry.exchange.outcome {
        case .complete: break
        case .responseOnly: connection.counters.responsesWithoutRequest += 1
        default: connection.counters.unanswered += 1
        }
        connection.emit(entry.exchange)
    }
}
