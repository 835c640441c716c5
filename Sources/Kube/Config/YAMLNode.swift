/// One node of a parsed YAML document, with aliases already replaced by what they name.
///
/// Scalars keep their text and lose their tags: a kubeconfig reader decides what a field
/// means. A plain (unquoted) null — empty, `~` or `null` — becomes `.scalar("")`, so a quoted
/// `"null"` is still told apart from a missing value.
enum YAMLNode: Sendable, Equatable {
    /// A scalar's text, without quotes or escapes.
    case scalar(String)
    /// A sequence's items, in document order.
    case sequence([YAMLNode])
    /// A mapping's entries, in document order; keys are unique.
    case mapping([(key: String, value: YAMLNode)])

    /// The scalar's text, or `nil` for a sequence or mapping.
    var scalarText: String? {
        if case .scalar(let text) = self {
            return text
        }
        return nil
    }

    /// The sequence's items, or `nil` for a scalar or mapping.
    var items: [YAMLNode]? {
        if case .sequence(let items) = self {
            return items
        }
        return nil
    }

    /// The mapping's entries, or `nil` for a scalar or sequence.
    var entries: [(key: String, value: YAMLNode)]? {
        if case .mapping(let entries) = self {
            return entries
        }
        return nil
    }

    /// Whether this is the empty scalar that a null becomes.
    var isNull: Bool {
        self == .scalar("")
    }

    /// The value stored under `key` when this is a mapping; `nil` when the key is absent or
    /// this is not a mapping.
    ///
    /// - Complexity: O(n) in the mapping's entries; kubeconfig mappings hold a handful.
    subscript(key: String) -> YAMLNode? {
        self.entries?.first(where: { $0.key == key })?.value
    }

    /// A short name for the node's kind, for error messages: `a string`, `a list`, `a mapping`.
    var kindDescription: String {
        switch self {
        case .scalar: "a string"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    /// Compares structure and text; mapping entries must match in order.
    static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let left), .scalar(let right)):
            return left == right
        case (.sequence(let left), .sequence(let right)):
            return left == right
        case (.mapping(let left), .mapping(let right)):
            return left.count == right.count
                && zip(left, right).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default:
            return false
        }
    }
}
