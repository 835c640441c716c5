import Capture
import HTTP

/// One thing that happens to a stream in a test.
enum Piece {
    /// Bytes carried by one packet captured at `at` nanoseconds.
    case bytes([UInt8], at: Int64 = 1)
    /// Bytes lost (a real gap).
    case gap(Int, at: Int64 = 1)
    /// Bytes not captured but of known length (snap length).
    case hole(Int, at: Int64 = 1)
    /// The end of the stream.
    case finish(at: Int64 = 1)

    /// Text bytes in one packet.
    static func text(_ text: String, at timestamp: Int64 = 1) -> Piece {
        .bytes(Array(text.utf8), at: timestamp)
    }
}

/// The outcome of feeding pieces to a fresh parser.
struct Run {
    var events: [Event]
    var parser: HTTPStreamParser

    /// A counter by its summary name.
    func counter(_ name: String) -> Int? {
        self.parser.counterValues.first { $0.name == name }?.value
    }
}

/// Drives a fresh parser through pieces.
enum Feed {
    static func run(
        _ role: HTTPRole,
        _ pieces: [Piece],
        startsMidstream: Bool = false,
        contexts: [ResponseContext] = [],
        limits: HTTPLimits = HTTPLimits()
    ) -> Run {
        var parser = HTTPStreamParser(role: role, startsMidstream: startsMidstream, limits: limits)
        var sink = RecordingSink(contexts: contexts)
        for piece in pieces {
            Self.apply(piece, to: &parser, sink: &sink)
        }
        return Run(events: sink.events, parser: parser)
    }

    static func apply(
        _ piece: Piece,
        to parser: inout HTTPStreamParser,
        sink: inout RecordingSink
    ) {
        switch piece {
        case .bytes(let bytes, let at):
            bytes.withUnsafeBytes { parser.parse($0, at: Timestamp(nanoseconds: at), into: &sink) }
        case .gap(let count, let at):
            parser.skip(count, at: Timestamp(nanoseconds: at), isKnownHole: false, into: &sink)
        case .hole(let count, let at):
            parser.skip(count, at: Timestamp(nanoseconds: at), isKnownHole: true, into: &sink)
        case .finish(let at):
            parser.finish(at: Timestamp(nanoseconds: at), into: &sink)
        }
    }

    /// Events from `text` fed in one packet.
    static func events(
        _ role: HTTPRole,
        _ text: String,
        contexts: [ResponseContext] = [],
        finish: Bool = false
    ) -> [Event] {
        var pieces = [Piece.text(text)]
        if finish {
            pieces.append(.finish())
        }
        return Self.run(role, pieces, contexts: contexts).events
    }

    /// The same bytes cut into packets of `size` bytes, all at `at`.
    static func slices(_ bytes: [UInt8], size: Int, at timestamp: Int64 = 1) -> [Piece] {
        stride(from: 0, to: bytes.count, by: size).map { start in
            .bytes(Array(bytes[start..<min(bytes.count, start + size)]), at: timestamp)
        }
    }
}

/// A request head with the common defaults, for expected events.
func request(
    _ method: String,
    _ target: String,
    host: String? = nil,
    version: HTTPVersion = .http11,
    expectsContinue: Bool = false,
    requestsUpgrade: Bool = false,
    closesConnection: Bool = false
) -> Event {
    .request(RequestHead(
        method: method,
        target: target,
        version: version,
        host: host,
        expectsContinue: expectsContinue,
        requestsUpgrade: requestsUpgrade,
        closesConnection: closesConnection
    ))
}

/// A response head with the common defaults, for expected events.
func response(_ status: Int, version: HTTPVersion = .http11, closes: Bool = false) -> Event {
    .response(ResponseHead(status: status, version: version, closesConnection: closes))
}

/// A `messageEnded` event with the common defaults.
func ended(
    _ bodyBytes: Int,
    at timestamp: Int64 = 1,
    gap: Bool = false,
    truncated: Bool = false,
    complete: Bool = true
) -> Event {
    .ended(Ended(
        at: timestamp,
        bodyBytes: bodyBytes,
        hadGap: gap,
        wasTruncated: truncated,
        isComplete: complete
    ))
}
