/// Recognises well-formed UTF-8 sequences (RFC 3629; Unicode, table 3-7) one at a time.
///
///     lead      second    third     fourth
///     C2..DF    80..BF
///     E0        A0..BF    80..BF              (no overlong forms)
///     E1..EC    80..BF    80..BF
///     ED        80..9F    80..BF              (no surrogates)
///     EE..EF    80..BF    80..BF
///     F0        90..BF    80..BF    80..BF    (no overlong forms)
///     F1..F3    80..BF    80..BF    80..BF
///     F4        80..8F    80..BF    80..BF    (nothing past U+10FFFF)
enum UTF8Validation {
    /// How many bytes at a position form one sequence, or one ill-formed subpart.
    struct Length {
        /// Bytes consumed: the whole sequence, or the longest prefix that could have started a
        /// valid one (at least 1), which is replaced as a unit.
        var count: Int
        /// Whether the bytes form a complete, well-formed sequence.
        var isComplete: Bool
    }

    /// Measures the sequence whose lead byte (0x80 or above) is at `index`.
    ///
    /// - Parameters:
    ///   - bytes: The text being scanned.
    ///   - index: A valid index whose byte is not ASCII.
    /// - Returns: The sequence length and whether it is well-formed.
    static func wellFormedLength(in bytes: UnsafeRawBufferPointer, at index: Int) -> Length {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: return Length(count: 1, isComplete: false)
        }
        var seen = 1
        while seen < length {
            let position = index + seen
            guard position < bytes.count else { return Length(count: seen, isComplete: false) }
            let range = seen == 1 ? secondRange : 0x80...0xBF
            guard range.contains(bytes[position]) else {
                return Length(count: seen, isComplete: false)
            }
            seen += 1
        }
        return Length(count: length, isComplete: true)
    }
}
