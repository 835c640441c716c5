import Capture
import HTTP
import Reassembly

/// Carries one direction's reassembled bytes to the right HTTP parser, deciding first which
/// side is the client when the handshake was not seen.
struct StreamRouter: StreamConsumer {
    let connection: Connection
    let direction: Direction

    /// Parses in-order bytes of this direction, first deciding the roles when unknown.
    mutating func streamData(_ bytes: UnsafeRawBufferPointer, at timestamp: Timestamp) {
        let connection = self.connection
        let start = self.advancePosition(by: bytes.count)
        if connection.isIgnored {
            return
        }
        if connection.isOpaque {
            connection.counters.opaqueBytes += bytes.count
            return
        }
        var bytes = bytes
        if connection.roles == .unknown {
            guard let found = HTTPStreamParser.findMessageStart(in: bytes) else {
                connection.counters.undeterminedBytes += bytes.count
                return
            }
            connection.counters.undeterminedBytes += found.offset
            let isFirst = self.direction == .fromFirstSource
            let senderIsClient = found.kind == .request
            connection.roles = isFirst == senderIsClient ? .firstSourceIsClient
                                                         : .firstSourceIsServer
            // Safe: findMessageStart returns an offset inside `bytes`.
            bytes = UnsafeRawBufferPointer(rebasing: bytes[found.offset...])
        }
        if connection.clientParser == nil {
            self.createParsers()
        }
        self.noteArrival(at: timestamp)
        if connection.isClient(self.direction) {
            var sink = RequestSink(connection: connection)
            sink.chunkSeq = self.seq(atPosition: start)
            connection.clientParser?.parse(bytes, at: timestamp, into: &sink)
        } else {
            var sink = ResponseSink(connection: connection)
            connection.serverParser?.parse(bytes, at: timestamp, into: &sink)
            if connection.opensTunnel {
                connection.enterTunnel()
            }
        }
    }

    /// Tells this direction's parser that bytes will never be seen.
    mutating func streamSkipped(_ count: Int, at timestamp: Timestamp, isKnownHole: Bool) {
        let connection = self.connection
        _ = self.advancePosition(by: count)
        guard !connection.isIgnored, !connection.isOpaque, connection.clientParser != nil
        else { return }
        self.noteArrival(at: timestamp)
        if connection.isClient(self.direction) {
            var sink = RequestSink(connection: connection)
            connection.clientParser?.skip(count, at: timestamp, isKnownHole: isKnownHole,
                                          into: &sink)
        } else {
            var sink = ResponseSink(connection: connection)
            connection.serverParser?.skip(count, at: timestamp, isKnownHole: isKnownHole,
                                          into: &sink)
        }
    }

    /// Flags the exchange whose bytes were retransmitted or reordered.
    mutating func streamNoted(_ note: StreamNote) {
        let flag: ExchangeFlags = note == .retransmission ? .retransmitted : .reordered
        let connection = self.connection
        if connection.isClient(self.direction) {
            if !connection.pending.isEmpty {
                connection.pending[connection.pending.count - 1].exchange.flags.insert(flag)
            }
        } else if connection.orphanResponse != nil {
            connection.orphanResponse?.flags.insert(flag)
        } else if connection.isRespondingToFirstPending, !connection.pending.isEmpty {
            connection.pending[0].exchange.flags.insert(flag)
        }
    }

    // MARK: - Helpers

    /// Widens the time span of the message whose bytes are arriving in this direction.
    private func noteArrival(at timestamp: Timestamp) {
        let connection = self.connection
        if connection.isClient(self.direction) {
            connection.requestSpan?.include(timestamp)
        } else {
            connection.responseSpan?.include(timestamp)
        }
    }

    /// Moves this direction's stream position on; returns where it was.
    private func advancePosition(by count: Int) -> Int64 {
        switch self.direction {
        case .fromFirstSource:
            defer { self.connection.positionFromFirst += Int64(count) }
            return self.connection.positionFromFirst
        case .toFirstSource:
            defer { self.connection.positionToFirst += Int64(count) }
            return self.connection.positionToFirst
        }
    }

    private func seq(atPosition position: Int64) -> UInt32 {
        let base = self.direction == .fromFirstSource ? self.connection.baseSeqFromFirst
                                                      : self.connection.baseSeqToFirst
        return base &+ UInt32(truncatingIfNeeded: position)
    }

    /// Creates both parsers once the roles are known.
    private func createParsers() {
        let connection = self.connection
        let aligned = connection.sawHandshake
        let limits = connection.limits.http
        connection.clientParser = HTTPStreamParser(role: .client, startsMidstream: !aligned,
                                                   limits: limits)
        connection.serverParser = HTTPStreamParser(role: .server, startsMidstream: !aligned,
                                                   limits: limits)
    }
}
