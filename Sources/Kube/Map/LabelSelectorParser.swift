/// Turns label selector text into requirements, with errors that say what was expected where.
///
///     selector    := "" | requirement ("," requirement)*
///     requirement := "!" key | key | key ("=" | "==" | "!=") value
///                  | key ("in" | "notin") "(" value ("," value)* ")"
///
/// Keys are `[prefix/]name`: the name at most 63 characters of letters, digits, `-`, `_` and
/// `.`, starting and ending with a letter or digit; the prefix a DNS subdomain of at most 253
/// characters. Values are empty or follow the rules of names.
struct LabelSelectorParser {
    /// A token, with the text it came from for messages.
    private enum Token: Equatable {
        case word(String)
        case equals
        case doubleEquals
        case notEquals
        case bang
        case open
        case close
        case comma
        case end

        var text: String {
            switch self {
            case .word(let word): "'\(word)'"
            case .equals: "'='"
            case .doubleEquals: "'=='"
            case .notEquals: "'!='"
            case .bang: "'!'"
            case .open: "'('"
            case .close: "')'"
            case .comma: "','"
            case .end: "the end"
            }
        }
    }

    private let text: String
    private let bytes: [UInt8]
    private var index = 0
    private var lookahead: Token?

    /// A parser at the start of `text`.
    init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    /// The requirements of the whole text.
    mutating func parse() throws(LabelSelectorError) -> [LabelSelector.Requirement] {
        var requirements: [LabelSelector.Requirement] = []
        if self.peek() == .end {
            return requirements
        }
        while true {
            requirements.append(try self.requirement())
            switch self.next() {
            case .comma:
                continue
            case .end:
                return requirements
            case let other:
                throw self.failure(
                    "expected ',' or the end after a requirement, found \(other.text)"
                )
            }
        }
    }

    // MARK: - Grammar

    private mutating func requirement() throws(LabelSelectorError) -> LabelSelector.Requirement {
        if self.peek() == .bang {
            _ = self.next()
            let key = try self.key()
            return LabelSelector.Requirement(key: key, operation: .doesNotExist)
        }
        let key = try self.key()

        switch self.peek() {
        case .comma, .end:
            return LabelSelector.Requirement(key: key, operation: .exists)
        case .equals, .doubleEquals:
            _ = self.next()
            return LabelSelector.Requirement(
                key: key,
                operation: .equals,
                values: [try self.value()]
            )
        case .notEquals:
            _ = self.next()
            return LabelSelector.Requirement(
                key: key,
                operation: .notEquals,
                values: [try self.value()]
            )
        case .word("in"):
            _ = self.next()
            return LabelSelector.Requirement(key: key, operation: .in, values: try self.set(key))
        case .word("notin"):
            _ = self.next()
            return LabelSelector.Requirement(key: key, operation: .notIn, values: try self.set(key))
        case let other:
            throw self.failure(
                "expected '=', '==', '!=', 'in' or 'notin' after '\(key)', found \(other.text)"
            )
        }
    }

    private mutating func key() throws(LabelSelectorError) -> String {
        guard case .word(let word) = self.next() else {
            throw self.failure("expected a label key, found \(self.lastText)")
        }
        if let problem = Self.keyProblem(word) {
            throw self.failure("label key '\(word)' \(problem)")
        }
        return word
    }

    /// A value; an operator followed directly by `,`, `)` or the end means the empty value.
    private mutating func value() throws(LabelSelectorError) -> String {
        switch self.peek() {
        case .comma, .close, .end:
            return ""
        case .word(let word):
            _ = self.next()
            if let problem = Self.nameProblem(word) {
                throw self.failure("label value '\(word)' \(problem)")
            }
            return word
        case let other:
            throw self.failure("expected a label value, found \(other.text)")
        }
    }

    /// `( value, … )` after `in` or `notin`.
    private mutating func set(_ key: String) throws(LabelSelectorError) -> [String] {
        guard self.next() == .open else {
            throw self.failure(
                "expected '(' and values after '\(key)' in or notin, found \(self.lastText)"
            )
        }
        if self.peek() == .close {
            throw self.failure("the set of values for '\(key)' is empty")
        }
        var values: [String] = []
        while true {
            values.append(try self.value())
            switch self.next() {
            case .comma:
                continue
            case .close:
                return values
            case let other:
                throw self.failure(
                    "expected ',' or ')' in the values for '\(key)', found \(other.text)"
                )
            }
        }
    }

    // MARK: - Label syntax

    /// Why `key` cannot be a label key; `nil` when it can.
    static func keyProblem(_ key: String) -> String? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return "has more than one '/'" }
        if parts.count == 2 {
            if let problem = Self.prefixProblem(parts[0]) {
                return problem
            }
        }
        guard let name = parts.last, !name.isEmpty else { return "has an empty name" }
        return Self.nameProblem(name)
    }

    /// Why `name` cannot be a label name or value; `nil` when it can (empty included).
    static func nameProblem<S: StringProtocol>(_ name: S) -> String? {
        let bytes = Array(name.utf8)
        guard bytes.count <= 63 else { return "is longer than 63 characters" }
        guard let first = bytes.first, let last = bytes.last else { return nil }
        guard Self.isAlphanumeric(first), Self.isAlphanumeric(last) else {
            return "must start and end with a letter or digit"
        }
        let allowed = bytes.allSatisfy { byte in
            Self.isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: ".")
        }
        return allowed ? nil : "may hold only letters, digits, '-', '_' and '.'"
    }

    /// Why `prefix` cannot be a key prefix (a DNS subdomain); `nil` when it can.
    private static func prefixProblem(_ prefix: Substring) -> String? {
        let bytes = Array(prefix.utf8)
        guard !bytes.isEmpty else { return "has an empty prefix before '/'" }
        guard bytes.count <= 253 else { return "has a prefix longer than 253 characters" }
        for label in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            let isLowerAlphanumeric = { (byte: UInt8) in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            }
            guard let first = label.first, let last = label.last, isLowerAlphanumeric(first),
                isLowerAlphanumeric(last),
                label.allSatisfy({ isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") })
            else {
                return "has a prefix that is not a lower-case DNS subdomain"
            }
        }
        return nil
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    // MARK: - Tokens

    private var lastToken: Token = .end

    private var lastText: String {
        self.lastToken.text
    }

    private func failure(_ reason: String) -> LabelSelectorError {
        .invalid(selector: self.text, reason: reason)
    }

    private mutating func peek() -> Token {
        if let token = self.lookahead {
            return token
        }
        let token = self.scan()
        self.lookahead = token
        return token
    }

    private mutating func next() -> Token {
        let token = self.peek()
        self.lookahead = nil
        self.lastToken = token
        return token
    }

    /// The next token from the bytes, whitespace skipped.
    private mutating func scan() -> Token {
        while self.index < self.bytes.count, Self.isSpace(self.bytes[self.index]) {
            self.index += 1
        }
        guard self.index < self.bytes.count else { return .end }
        let byte = self.bytes[self.index]
        let following = self.index + 1 < self.bytes.count ? self.bytes[self.index + 1] : nil
        switch byte {
        case UInt8(ascii: "="):
            self.index += following == UInt8(ascii: "=") ? 2 : 1
            return following == UInt8(ascii: "=") ? .doubleEquals : .equals
        case UInt8(ascii: "!"):
            self.index += following == UInt8(ascii: "=") ? 2 : 1
            return following == UInt8(ascii: "=") ? .notEquals : .bang
        case UInt8(ascii: "("):
            self.index += 1
            return .open
        case UInt8(ascii: ")"):
            self.index += 1
            return .close
        case UInt8(ascii: ","):
            self.index += 1
            return .comma
        default:
            let start = self.index
            while self.index < self.bytes.count, !Self.endsWord(self.bytes[self.index]) {
                self.index += 1
            }
            return .word(String(decoding: self.bytes[start..<self.index], as: UTF8.self))
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\r")
    }

    private static func endsWord(_ byte: UInt8) -> Bool {
        Self.isSpace(byte) || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "!")
            || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: ",")
    }
}
