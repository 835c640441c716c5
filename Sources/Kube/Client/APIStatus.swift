/// The API's `Status` object: what an error response body or an `ERROR` watch event says.
///
///     {"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource
///      version: 5 (90)","reason":"Expired","code":410}
struct APIStatus: Sendable, Equatable {
    /// The HTTP-like status code (`code`), or `nil` when absent.
    var code: Int?
    /// The machine-readable reason (`reason`), such as `Expired` or `Forbidden`.
    var reason: String
    /// The human-readable message (`message`).
    var message: String

    /// The longest message kept; the API's messages are one line, this only bounds hostile ones.
    static let maxMessageBytes = 512

    /// Reads a Status from raw JSON; `nil` when `bytes` is not a JSON object.
    init?(json bytes: [UInt8]) {
        let spans = JSONSpans(bytes)
        guard let root = spans.root else {
            return nil
        }
        self.init(spans: spans, object: root)
    }

    /// Reads a Status from the object at `range`; `nil` when it is not an object.
    init?(spans: JSONSpans, object range: Range<Int>) {
        guard spans.members(ofObject: range) != nil else {
            return nil
        }
        self.code = spans.member("code", ofObject: range).flatMap { spans.integer(at: $0) }
        self.reason = spans.member("reason", ofObject: range)
            .flatMap { spans.string(at: $0) } ?? ""
        let message = spans.member("message", ofObject: range)
            .flatMap { spans.string(at: $0) } ?? ""
        self.message = Self.oneLine(message)
    }

    /// `text` on one line and cut to `maxMessageBytes`, fit for a log line.
    static func oneLine(_ text: String) -> String {
        var line = ""
        for character in text.unicodeScalars {
            guard line.utf8.count < Self.maxMessageBytes else {
                line += "..."
                break
            }
            line.unicodeScalars.append(character.value < 0x20 ? " " : character)
        }
        return line
    }
}
