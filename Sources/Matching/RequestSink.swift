import Capture
import HTTP

/// Receives the client stream's parse events and queues requests for pairing.
struct RequestSink: HTTPEventSink {
    let connection: Connection
    /// Sequence number of the first byte of the bytes being parsed: an upper bound on where a
    /// request starting in them begins, used by the pairing guard.
    var chunkSeq: UInt32?

    init(connection: Connection) {
        self.connection = connection
    }

    /// Queues a new request, timed from its first byte.
    mutating func messageStarted(at timestamp: Timestamp) {
        let connection = self.connection
        if connection.pending.count >= connection.limits.maxPendingRequests {
            self.dropOldestPending()
        }
        var exchange = connection.makeExchange()
        exchange.requestStart = timestamp
        connection.pending.append(
            PendingExchange(exchange: exchange, requestSeq: self.chunkSeq, isPlaceholder: false)
        )
        connection.clientMessageOpen = true
        connection.requestSpan = TimeSpan(timestamp)
    }

    /// Records the head of the request whose bytes are arriving.
    mutating func requestHeadParsed(_ head: RequestHead) {
        self.connection.hasParsedHead = true
        self.updateOpenMessage { $0.exchange.request = head }
    }

    /// Not sent on a client stream; answers `.ordinary`.
    func responseHeadParsed(_ head: ResponseHead) -> ResponseContext {
        .ordinary
    }

    /// Closes the request: its end time, body size and what was unusual about it.
    mutating func messageEnded(_ end: MessageEnd) {
        self.updateOpenMessage { entry in
            if entry.exchange.request == nil {
                // Bytes that began like a message but never made a head: not a request.
                entry.isPlaceholder = true
            }
            entry.exchange.requestBodyBytes = end.bodyBytes
            var span = self.connection.requestSpan ?? TimeSpan(end.timestamp)
            span.include(end.timestamp)
            entry.exchange.requestStart = span.earliest
            if end.isComplete {
                entry.exchange.requestEnd = span.latest
            } else {
                entry.exchange.flags.insert(.requestIncomplete)
            }
            if end.hadGap { entry.exchange.flags.insert(.gap) }
            if end.wasTruncated { entry.exchange.flags.insert(.truncated) }
        }
        self.connection.clientMessageOpen = false
    }

    /// Turns bytes that are not a request (or were lost) into a placeholder in the queue.
    mutating func parseFailed(_ problem: HTTPParseProblem, at timestamp: Timestamp) {
        let connection = self.connection
        connection.countParseError(problem)
        let flag: ExchangeFlags = problem == .lostFraming ? .gap : .malformedRequest
        if connection.clientMessageOpen {
            // The message in progress is abandoned; if its head never parsed it stands only
            // for the bytes the server may still answer.
            self.updateOpenMessage { entry in
                entry.exchange.flags.insert(flag)
                if entry.exchange.request == nil {
                    entry.isPlaceholder = true
                    if problem == .lostFraming {
                        entry.exchange.outcome = .responseOnly
                    }
                }
            }
            connection.clientMessageOpen = false
            return
        }
        // Bytes at a message boundary that are not a request (or that were lost) still take
        // a place in the queue, so that the server's answer to them does not pair with the
        // next real request.
        var exchange = connection.makeExchange()
        exchange.flags.insert(flag)
        if problem == .lostFraming {
            // A request the capture lost: its answer is reported as a response without one.
            exchange.outcome = .responseOnly
        } else {
            exchange.requestStart = timestamp
        }
        if connection.pending.count >= connection.limits.maxPendingRequests {
            self.dropOldestPending()
        }
        connection.pending.append(
            PendingExchange(exchange: exchange, requestSeq: self.chunkSeq, isPlaceholder: true)
        )
    }

    /// The client stream stopped being HTTP.
    mutating func becameOpaque() {
        self.connection.isOpaque = true
    }

    // MARK: - Helpers

    /// Applies `change` to the request whose bytes are still arriving, if it is still queued
    /// (a server may have answered and reported it before it was complete).
    private func updateOpenMessage(_ change: (inout PendingExchange) -> Void) {
        let connection = self.connection
        guard connection.clientMessageOpen, !connection.pending.isEmpty else { return }
        change(&connection.pending[connection.pending.count - 1])
    }

    private func dropOldestPending() {
        let connection = self.connection
        var oldest = connection.pending.removeFirst()
        if !connection.isRespondingToFirstPending {
            connection.responsesOwedToDropped += 1
        }
        connection.isRespondingToFirstPending = false
        connection.counters.pendingRequestsDropped += 1
        guard !oldest.isPlaceholder else { return }
        oldest.exchange.outcome = .abandoned
        oldest.exchange.endedAt = oldest.exchange.requestEnd
        connection.emit(oldest.exchange)
    }
}
