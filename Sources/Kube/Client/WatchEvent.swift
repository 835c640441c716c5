/// One event of a watch stream: one line of JSON in the chunked response.
///
///     {"type":"MODIFIED","object":{"kind":"Pod","metadata":{"resourceVersion":"4712",...},...}}
///
/// `object` is copied from the line exactly as the API sent it.
public struct WatchEvent: Sendable, Equatable {
    /// The event type.
    public var type: WatchEventType
    /// The object's raw JSON: the API object, or a `Status` for `ERROR`.
    public var object: [UInt8]
    /// The object's `metadata.resourceVersion`; for BOOKMARK the only field that matters.
    public var resourceVersion: String?

    /// Creates an event from parts.
    public init(type: WatchEventType, object: [UInt8], resourceVersion: String?) {
        self.type = type
        self.object = object
        self.resourceVersion = resourceVersion
    }

    /// Reads one watch line; `nil` when it is not an object with a known `type` and an object
    /// `object`.
    init?(line: [UInt8]) {
        let spans = JSONSpans(line)
        guard let root = spans.root,
              let typeName = spans.member("type", ofObject: root).flatMap({ spans.string(at: $0) }),
              let type = WatchEventType(rawValue: typeName),
              let object = spans.member("object", ofObject: root),
              line[object.lowerBound] == UInt8(ascii: "{")
        else {
            return nil
        }
        self.type = type
        self.object = Array(line[object])
        self.resourceVersion = spans.member(path: ["metadata", "resourceVersion"], from: object)
            .flatMap { spans.string(at: $0) }
    }

    /// What an `ERROR` event's Status says; `nil` for other events.
    var status: APIStatus? {
        guard self.type == .error else {
            return nil
        }
        return APIStatus(json: self.object)
    }
}
