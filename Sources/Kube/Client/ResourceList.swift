/// One page of a List response: its items as raw JSON, and where the list stands.
///
///     {"kind":"PodList","apiVersion":"v1",
///      "metadata":{"resourceVersion":"4711","continue":"..."},
///      "items":[{...pod...},{...pod...}]}
///
/// Each item's bytes are copied out of the response exactly as the API sent them.
public struct ResourceList: Sendable, Equatable {
    /// The objects, each the raw JSON of one API object.
    public var items: [[UInt8]]
    /// The collection's resourceVersion, from which a watch continues.
    public var resourceVersion: String
    /// The token for the next page, `nil` on the last page.
    var continueToken: String?

    /// Creates a list from parts (for tests and for merging pages).
    public init(items: [[UInt8]], resourceVersion: String) {
        self.items = items
        self.resourceVersion = resourceVersion
        self.continueToken = nil
    }

    /// Reads a List response body; `nil` when it is not an object with an `items` array and
    /// a `metadata.resourceVersion`.
    init?(json bytes: [UInt8]) {
        let spans = JSONSpans(bytes)
        guard let root = spans.root,
              let metadata = spans.member("metadata", ofObject: root),
              let version = spans.member("resourceVersion", ofObject: metadata)
                .flatMap({ spans.string(at: $0) })
        else {
            return nil
        }
        var items: [[UInt8]] = []
        // An empty list may come with `"items": null`.
        if let itemsRange = spans.member("items", ofObject: root),
           bytes[itemsRange.lowerBound] != UInt8(ascii: "n") {
            guard let elements = spans.elements(ofArray: itemsRange) else {
                return nil
            }
            items.reserveCapacity(elements.count)
            for element in elements {
                guard bytes[element.lowerBound] == UInt8(ascii: "{") else {
                    return nil
                }
                items.append(Array(bytes[element]))
            }
        }
        self.items = items
        self.resourceVersion = version
        let token = spans.member("continue", ofObject: metadata).flatMap { spans.string(at: $0) }
        self.continueToken = (token?.isEmpty ?? true) ? nil : token
    }
}
