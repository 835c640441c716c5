import FoundationEssentials

/// Finds where JSON values lie in a byte buffer without building them, so API objects reach the
/// store byte for byte as the API sent them and a large List is not decoded twice.
///
/// It checks structure (brackets, strings, commas, colons) but not the spelling of numbers and
/// literals: the store parses every object it keeps with a real parser. Nesting is tracked
/// without recursion and capped at `maxDepth`, so hostile input cannot exhaust the stack.
struct JSONSpans {
    /// The deepest nesting accepted; deeper input is treated as malformed.
    static let maxDepth = 512

    /// The whole document, borrowed from the caller for the scanner's lifetime.
    let bytes: [UInt8]

    /// Creates a scanner over `bytes`.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The range of the single value filling the buffer (surrounding whitespace allowed), or
    /// `nil` when the buffer is not one well-bracketed value.
    var root: Range<Int>? {
        let start = self.skipWhitespace(from: 0)
        guard let end = self.valueEnd(from: start) else {
            return nil
        }
        guard self.skipWhitespace(from: end) == self.bytes.count else {
            return nil
        }
        return start..<end
    }

    // MARK: - Containers

    /// The members of the object at `range`, keys as raw string ranges (quotes included), in
    /// document order; `nil` when `range` is not an object.
    func members(ofObject range: Range<Int>) -> [(key: Range<Int>, value: Range<Int>)]? {
        guard range.count >= 2, self.bytes[range.lowerBound] == UInt8(ascii: "{") else {
            return nil
        }
        var members: [(key: Range<Int>, value: Range<Int>)] = []
        var index = self.skipWhitespace(from: range.lowerBound + 1)
        if index < range.upperBound, self.bytes[index] == UInt8(ascii: "}") {
            return members
        }
        while index < range.upperBound {
            guard self.bytes[index] == UInt8(ascii: "\""),
                  let keyEnd = self.valueEnd(from: index) else {
                return nil
            }
            let colon = self.skipWhitespace(from: keyEnd)
            guard colon < range.upperBound, self.bytes[colon] == UInt8(ascii: ":") else {
                return nil
            }
            let valueStart = self.skipWhitespace(from: colon + 1)
            guard let valueEnd = self.valueEnd(from: valueStart), valueEnd <= range.upperBound
            else {
                return nil
            }
            members.append((key: index..<keyEnd, value: valueStart..<valueEnd))
            guard let next = self.afterSeparator(from: valueEnd, closing: UInt8(ascii: "}"))
            else {
                return nil
            }
            if next == range.upperBound {
                return members
            }
            index = next
        }
        return nil
    }

    /// The elements of the array at `range`, in order; `nil` when `range` is not an array.
    func elements(ofArray range: Range<Int>) -> [Range<Int>]? {
        guard range.count >= 2, self.bytes[range.lowerBound] == UInt8(ascii: "[") else {
            return nil
        }
        var elements: [Range<Int>] = []
        var index = self.skipWhitespace(from: range.lowerBound + 1)
        if index < range.upperBound, self.bytes[index] == UInt8(ascii: "]") {
            return elements
        }
        while index < range.upperBound {
            guard let end = self.valueEnd(from: index), end <= range.upperBound else {
                return nil
            }
            elements.append(index..<end)
            guard let next = self.afterSeparator(from: end, closing: UInt8(ascii: "]")) else {
                return nil
            }
            if next == range.upperBound {
                return elements
            }
            index = next
        }
        return nil
    }

    /// The value of member `key` in the object at `range`; `nil` when absent or not an object.
    ///
    /// Keys compare as raw bytes: a key spelt with escapes does not match.
    func member(_ key: String, ofObject range: Range<Int>) -> Range<Int>? {
        guard let members = self.members(ofObject: range) else {
            return nil
        }
        let quoted = Array("\"\(key)\"".utf8)
        for member in members where self.bytes[member.key].elementsEqual(quoted) {
            return member.value
        }
        return nil
    }

    /// The value at a path of object keys from `range`, such as `["metadata", "name"]`.
    func member(path: [String], from range: Range<Int>) -> Range<Int>? {
        var current = range
        for key in path {
            guard let next = self.member(key, ofObject: current) else {
                return nil
            }
            current = next
        }
        return current
    }

    // MARK: - Scalars

    /// The string at `range`, unescaped; `nil` when it is not a valid JSON string.
    func string(at range: Range<Int>) -> String? {
        guard range.count >= 2, self.bytes[range.lowerBound] == UInt8(ascii: "\"") else {
            return nil
        }
        let inner = self.bytes[(range.lowerBound + 1)..<(range.upperBound - 1)]
        if !inner.contains(UInt8(ascii: "\\")) {
            return String(validating: inner, as: UTF8.self)
        }
        // Rare (names are plain), so a real parser handles escapes and surrogate pairs.
        return try? JSONDecoder().decode(String.self, from: Data(self.bytes[range]))
    }

    /// The integer at `range`; `nil` when it is not a plain decimal integer that fits.
    func integer(at range: Range<Int>) -> Int? {
        guard range.count <= 19, !range.isEmpty else {
            return nil
        }
        return Int(String(decoding: self.bytes[range], as: UTF8.self))
    }

    // MARK: - Scanning

    /// The first index at or after `index` that is not JSON whitespace.
    func skipWhitespace(from index: Int) -> Int {
        var index = index
        while index < self.bytes.count {
            switch self.bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                index += 1
            default:
                return index
            }
        }
        return index
    }

    /// After a value ending at `index`: the start of the next item after a comma, or the index
    /// just past `closing`; `nil` when neither follows.
    private func afterSeparator(from index: Int, closing: UInt8) -> Int? {
        let next = self.skipWhitespace(from: index)
        guard next < self.bytes.count else {
            return nil
        }
        if self.bytes[next] == closing {
            return next + 1
        }
        guard self.bytes[next] == UInt8(ascii: ",") else {
            return nil
        }
        let item = self.skipWhitespace(from: next + 1)
        guard item < self.bytes.count, self.bytes[item] != closing else {
            return nil
        }
        return item
    }

    /// The index just past the value starting at `start`; `nil` when it is cut short,
    /// mis-bracketed or nested deeper than `maxDepth`.
    func valueEnd(from start: Int) -> Int? {
        guard start < self.bytes.count else {
            return nil
        }
        switch self.bytes[start] {
        case UInt8(ascii: "\""):
            return self.stringEnd(from: start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return self.containerEnd(from: start)
        case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ","), UInt8(ascii: ":"):
            return nil
        default:
            return self.scalarEnd(from: start)
        }
    }

    /// The index just past the string whose opening quote is at `start`.
    private func stringEnd(from start: Int) -> Int? {
        var index = start + 1
        while index < self.bytes.count {
            switch self.bytes[index] {
            case UInt8(ascii: "\""):
                return index + 1
            case UInt8(ascii: "\\"):
                index += 2
            case 0..<0x20:
                return nil
            default:
                index += 1
            }
        }
        return nil
    }

    /// The index just past the number or literal starting at `start`.
    private func scalarEnd(from start: Int) -> Int? {
        var index = start
        while index < self.bytes.count {
            switch self.bytes[index] {
            case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: " "),
                UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ":"):
                return index == start ? nil : index
            case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["):
                return nil
            default:
                index += 1
            }
        }
        return index
    }

    /// The index just past the object or array opening at `start`, matching brackets and
    /// skipping strings.
    private func containerEnd(from start: Int) -> Int? {
        var open: [UInt8] = [self.bytes[start]]
        var index = start + 1
        while index < self.bytes.count {
            let byte = self.bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                guard let end = self.stringEnd(from: index) else {
                    return nil
                }
                index = end
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard open.count < Self.maxDepth else {
                    return nil
                }
                open.append(byte)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                let expected = byte == UInt8(ascii: "}") ? UInt8(ascii: "{") : UInt8(ascii: "[")
                guard open.popLast() == expected else {
                    return nil
                }
                if open.isEmpty {
                    return index + 1
                }
            default:
                break
            }
            index += 1
        }
        return nil
    }
}
