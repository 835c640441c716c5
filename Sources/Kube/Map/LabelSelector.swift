/// A Kubernetes label selector (`--selector`): requirements on labels, all of which must hold.
///
///     app=web          app==web       app!=web       (equality; `!=` holds without the label)
///     tier in (a,b)    tier notin (a) (sets; `notin` holds without the label)
///     canary           !canary        (the label is present, absent)
///
/// Requirements are separated by commas; whitespace between tokens is ignored. The empty
/// selector selects everything.
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    /// What a requirement asks of its label.
    public enum Operation: Sendable, Hashable {
        /// The label is present with the one value (`=` or `==`).
        case equals
        /// The label is absent or has another value (`!=`).
        case notEquals
        /// The label is present with one of the values (`in`).
        case `in`
        /// The label is absent or has none of the values (`notin`).
        case notIn
        /// The label is present, whatever its value.
        case exists
        /// The label is absent (`!key`).
        case doesNotExist
    }

    /// One requirement on one label.
    public struct Requirement: Sendable, Hashable, CustomStringConvertible {
        /// The label key, with its optional `prefix/`.
        public var key: String
        /// What is asked of the label.
        public var operation: Operation
        /// The value (`equals`, `notEquals`) or values (`in`, `notIn`); empty otherwise.
        public var values: [String]

        /// A requirement; `values` as `values` above.
        public init(key: String, operation: Operation, values: [String] = []) {
            self.key = key
            self.operation = operation
            self.values = values
        }

        /// Whether the label with this key, `nil` when absent, meets the requirement.
        public func isMet(by value: String?) -> Bool {
            switch self.operation {
            case .equals, .in:
                guard let value else { return false }
                return self.values.contains(value)
            case .notEquals, .notIn:
                guard let value else { return true }
                return !self.values.contains(value)
            case .exists:
                return value != nil
            case .doesNotExist:
                return value == nil
            }
        }

        /// The requirement in selector syntax.
        public var description: String {
            let values = self.values.joined(separator: ",")
            switch self.operation {
            case .equals: return "\(self.key)=\(values)"
            case .notEquals: return "\(self.key)!=\(values)"
            case .in: return "\(self.key) in (\(values))"
            case .notIn: return "\(self.key) notin (\(values))"
            case .exists: return self.key
            case .doesNotExist: return "!\(self.key)"
            }
        }
    }

    /// The requirements, all of which must hold, in the order written.
    public var requirements: [Requirement]

    /// The selector that selects everything.
    public static let everything = LabelSelector(requirements: [])

    /// A selector of the given requirements.
    public init(requirements: [Requirement]) {
        self.requirements = requirements
    }

    /// Parses selector text.
    /// - Throws: `LabelSelectorError.invalid` naming what is wrong: a missing key, operator,
    ///   value or parenthesis, an empty set, or a key or value that labels cannot have.
    public init(parsing text: String) throws(LabelSelectorError) {
        var parser = LabelSelectorParser(text)
        self.requirements = try parser.parse()
    }

    /// Whether the selector selects everything.
    public var selectsEverything: Bool {
        self.requirements.isEmpty
    }

    /// Whether `labels` meet every requirement.
    /// - Complexity: O(requirements × labels).
    public func matches(_ labels: [Label]) -> Bool {
        self.requirements.allSatisfy { requirement in
            requirement.isMet(by: labels.first { $0.key == requirement.key }?.value)
        }
    }

    /// Whether `labels` meet every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        self.requirements.allSatisfy { $0.isMet(by: labels[$0.key]) }
    }

    /// The selector in canonical syntax (`=` for equality, no spaces but in sets).
    public var description: String {
        self.requirements.map(\.description).joined(separator: ",")
    }
}
