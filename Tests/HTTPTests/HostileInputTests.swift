import Capture
@testable import HTTP
import Testing

@Suite struct HostileInputTests {
    @Test("A head larger than the cap fails and the parser finds the next message")
    func hugeHead() {
        let padding = String(repeating: "X-Pad: " + String(repeating: "y", count: 200) + "\r\n",
                             count: 400)
        let bytes = Array(("GET /big HTTP/1.1\r\n" + padding + "\r\nGET /ok HTTP/1.1\r\n\r\n").utf8)
        for size in [bytes.count, 1000, 7] {
            let run = Feed.run(.client, Feed.slices(bytes, size: size))
            #expect(run.events == [
                .started(at: 1), .failed(.headTooLarge, at: 1),
                .started(at: 1), request("GET", "/ok"), ended(0),
            ], "packets of \(size)")
            #expect(run.parser.carry.capacity <= HTTPStreamParser.retainedCarryCapacity)
        }
    }

    @Test("After a head over the cap, a packet starting inside the long line starts nothing")
    func oversizedLineTailIsNoRequest() {
        let run = Feed.run(.client, [
            .text("GET /" + String(repeating: "a", count: 150), at: 1),
            .text("PUT /x HTTP/1.1\r\n\r\n", at: 2),
            .text("GET /real HTTP/1.1\r\n\r\n", at: 3),
        ], limits: HTTPLimits(maxHeadBytes: 100))
        #expect(run.events == [
            .started(at: 1), .failed(.headTooLarge, at: 1),
            .started(at: 3), request("GET", "/real"), ended(0, at: 3),
        ])
    }

    @Test("The tail of an oversized request line is not a method, whatever the packet size",
          arguments: [1460, 4096, 65_536])
    func oversizedRequestLine(packetSize: Int) {
        let text = String(repeating: "A", count: 70_000) + " / HTTP/1.1\r\n\r\n"
            + "GET /two HTTP/1.1\r\n\r\n"
        let run = Feed.run(.client, Feed.slices(Array(text.utf8), size: packetSize))
        #expect(run.events == [
            .started(at: 1), .failed(.headTooLarge, at: 1),
            .started(at: 1), request("GET", "/two"), ended(0),
        ])
    }

    @Test("Ten megabytes without a newline stay bounded", arguments: [
        (HTTPRole.client, false), (.client, true), (.server, false), (.server, true),
    ])
    func garbageWithoutNewline(role: HTTPRole, startsMidstream: Bool) {
        // Letters are token characters: the worst case for a request-line candidate.
        let garbage = [UInt8](repeating: UInt8(ascii: "A"), count: 10 * 1024 * 1024)
        for size in [garbage.count, 65_536, 1460] {
            var parser = HTTPStreamParser(role: role, startsMidstream: startsMidstream)
            var sink = RecordingSink()
            var peak = 0
            for piece in Feed.slices(garbage, size: size) {
                Feed.apply(piece, to: &parser, sink: &sink)
                peak = max(peak, parser.carry.capacity + parser.keptBytes.capacity)
            }
            #expect(peak <= 2 * parser.limits.maxHeadBytes)
            #expect(sink.events.count <= 2)
            #expect(parser.counters.resyncSkippedBytes > garbage.count - 2 * 65_536)
        }
    }

    @Test("Garbage with NUL bytes and newlines never yields a message")
    func binaryGarbage() {
        var generator = SplitMix(seed: 7)
        let bytes = (0..<200_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        for role in [HTTPRole.client, .server] {
            let run = Feed.run(role, Feed.slices(bytes, size: 1460), startsMidstream: true)
            #expect(run.events.isEmpty)
            #expect(run.counter("http_resync_skipped_bytes") == bytes.count)
        }
    }

    @Test("Random bytes, splits and gaps keep the event order well formed")
    func randomStreams() {
        var generator = SplitMix(seed: 42)
        let fragments = [
            "GET / HTTP/1.1\r\n", "HTTP/1.1 200 OK\r\n", "Content-Length: 5\r\n",
            "Transfer-Encoding: chunked\r\n", "\r\n", "5\r\nhello\r\n", "0\r\n\r\n",
            "HTTP/1.1 101 Switching\r\n\r\n", "HTTP/1.1 100 Continue\r\n\r\n", "\u{0}",
            "ffffffffffffffffff\r\n", "Host: x\r\n", "abc", "\n", "\r",
        ].map { Array($0.utf8) }
        for round in 0..<300 {
            var stream: [UInt8] = []
            for _ in 0..<(generator.next() % 40) {
                stream += fragments[Int(generator.next() % UInt64(fragments.count))]
            }
            var pieces: [Piece] = []
            var offset = 0
            while offset < stream.count {
                let size = Int(generator.next() % 30) + 1
                let end = min(stream.count, offset + size)
                pieces.append(.bytes(Array(stream[offset..<end]), at: Int64(offset)))
                switch generator.next() % 10 {
                case 0: pieces.append(.gap(Int(generator.next() % 20) + 1, at: Int64(offset)))
                case 1: pieces.append(.hole(Int(generator.next() % 20) + 1, at: Int64(offset)))
                default: break
                }
                offset = end
            }
            pieces.append(.finish(at: Int64(stream.count)))
            let role: HTTPRole = round % 2 == 0 ? .client : .server
            let contexts: [ResponseContext] = [.ordinary, .answersHEAD, .answersCONNECT]
            let run = Feed.run(role, pieces, startsMidstream: round % 3 == 0,
                               contexts: (0..<50).map { contexts[$0 % 3] })
            #expect(EventGrammar.isWellFormed(run.events), "round \(round): \(run.events)")
        }
    }
}

/// Checks that events follow the order an `HTTPEventSink` is promised.
enum EventGrammar {
    static func isWellFormed(_ events: [Event]) -> Bool {
        var isInMessage = false
        var hasHead = false
        var isOpaque = false
        var lastEndWasComplete = false
        for event in events {
            guard !isOpaque else { return false }
            switch event {
            case .started:
                guard !isInMessage else { return false }
                isInMessage = true
                hasHead = false
            case .request, .response:
                guard isInMessage, !hasHead else { return false }
                hasHead = true
            case .ended(let end):
                guard isInMessage, end.bodyBytes >= 0 else { return false }
                isInMessage = false
                lastEndWasComplete = end.isComplete
            case .failed:
                isInMessage = false
            case .opaque:
                guard !isInMessage, lastEndWasComplete else { return false }
                isOpaque = true
            }
        }
        return true
    }
}

/// A small deterministic random number generator (SplitMix64) for reproducible fuzz rounds.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var value = self.state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
