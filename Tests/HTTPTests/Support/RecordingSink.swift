import Capture
import HTTP

/// One event an `HTTPStreamParser` reported, in a form tests can compare.
enum Event: Equatable, CustomStringConvertible {
    case started(at: Int64)
    case request(RequestHead)
    case response(ResponseHead)
    case ended(Ended)
    case failed(HTTPParseProblem, at: Int64)
    case opaque

    var description: String {
        switch self {
        case .started(let at): "started(\(at))"
        case .request(let head): "request(\(head.method) \(head.target) \(head.version))"
        case .response(let head): "response(\(head.status) \(head.version))"
        case .ended(let end): "ended(\(end))"
        case .failed(let problem, let at): "failed(\(problem.rawValue), \(at))"
        case .opaque: "opaque"
        }
    }
}

/// A `MessageEnd` that tests can compare.
struct Ended: Equatable, CustomStringConvertible {
    var at: Int64
    var bodyBytes: Int
    var hadGap = false
    var wasTruncated = false
    var isComplete = true

    var description: String {
        "at=\(self.at) body=\(self.bodyBytes) gap=\(self.hadGap) "
            + "truncated=\(self.wasTruncated) complete=\(self.isComplete)"
    }
}

/// An event sink that records everything and answers response heads from a script.
struct RecordingSink: HTTPEventSink {
    var events: [Event] = []
    /// Contexts handed out to response heads in order; `.ordinary` once used up.
    var contexts: [ResponseContext] = []

    mutating func messageStarted(at timestamp: Timestamp) {
        self.events.append(.started(at: timestamp.nanoseconds))
    }

    mutating func requestHeadParsed(_ head: RequestHead) {
        self.events.append(.request(head))
    }

    mutating func responseHeadParsed(_ head: ResponseHead) -> ResponseContext {
        self.events.append(.response(head))
        return self.contexts.isEmpty ? .ordinary : self.contexts.removeFirst()
    }

    mutating func messageEnded(_ end: MessageEnd) {
        let ended = Ended(
            at: end.timestamp.nanoseconds,
            bodyBytes: end.bodyBytes,
            hadGap: end.hadGap,
            wasTruncated: end.wasTruncated,
            isComplete: end.isComplete
        )
        self.events.append(.ended(ended))
    }

    mutating func parseFailed(_ problem: HTTPParseProblem, at timestamp: Timestamp) {
        self.events.append(.failed(problem, at: timestamp.nanoseconds))
    }

    mutating func becameOpaque() {
        self.events.append(.opaque)
    }
}
