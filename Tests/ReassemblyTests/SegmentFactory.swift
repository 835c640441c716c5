import Capture
import Decode
import Reassembly

/// What a `RecordingConsumer` saw, one entry per call.
enum StreamEvent: Equatable {
    case data(String, at: Int64)
    case skipped(Int, known: Bool)
    case note(StreamNote)
}

/// Records what a reassembler delivers, joining nothing, so tests see every call.
struct RecordingConsumer: StreamConsumer {
    var events: [StreamEvent] = []

    var text: String {
        self.events.compactMap {
            if case .data(let text, _) = $0 { return text }
            if case .skipped(let count, _) = $0 { return String(repeating: "~", count: count) }
            return nil
        }.joined()
    }

    mutating func streamData(_ bytes: UnsafeRawBufferPointer, at timestamp: Timestamp) {
        self.events.append(.data(String(decoding: bytes, as: UTF8.self), at: timestamp.nanoseconds))
    }

    mutating func streamSkipped(_ count: Int, at timestamp: Timestamp, isKnownHole: Bool) {
        self.events.append(.skipped(count, known: isKnownHole))
    }

    mutating func streamNoted(_ note: StreamNote) {
        self.events.append(.note(note))
    }
}

/// Feeds hand-built segments of one direction to a reassembler.
struct StreamHarness {
    var reassembler = StreamReassembler()
    var consumer = RecordingConsumer()
    var counters = ReassemblyCounters()
    var limits = ReassemblyLimits()
    let source = Endpoint(ip: IPAddress(ipv4: 0x7f00_0001), port: 40000)
    let destination = Endpoint(ip: IPAddress(ipv4: 0x7f00_0001), port: 80)

    /// Sends `text` at `seq`; `wireLength` longer than the text models snap-length truncation.
    mutating func send(
        _ text: String,
        seq: UInt32,
        flags: TCPFlags = [.ack],
        at time: Int64 = 0,
        wireLength: Int? = nil
    ) {
        var bytes = Array(text.utf8)
        let length = wireLength ?? bytes.count
        let segmentTime = Timestamp(nanoseconds: time)
        bytes.withUnsafeMutableBytes { buffer in
            let segment = TCPSegment(
                timestamp: segmentTime,
                source: self.source,
                destination: self.destination,
                seq: seq,
                ack: 1,
                flags: flags,
                payload: UnsafeRawBufferPointer(buffer),
                payloadLength: length
            )
            self.reassembler.ingest(segment, limits: self.limits, counters: &self.counters,
                                    into: &self.consumer)
        }
    }

    mutating func acknowledge(_ ack: UInt32, at time: Int64) {
        self.reassembler.noteAcknowledgement(ack, at: Timestamp(nanoseconds: time),
                                             limits: self.limits, counters: &self.counters,
                                             into: &self.consumer)
    }

    mutating func flush(at time: Int64 = 0) {
        self.reassembler.flush(at: Timestamp(nanoseconds: time), counters: &self.counters,
                               into: &self.consumer)
    }
}
