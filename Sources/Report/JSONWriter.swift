import Capture

/// Appends JSON text (RFC 8259) to a reusable byte buffer, by hand, for the hot report path.
///
/// The writer knows values, not structure: callers write punctuation and keys with
/// `appendRaw(_:)` from literals they know to be valid JSON, and every value through the typed
/// `append` methods, which quote and escape as needed.
///
/// Strings are escaped as RFC 8259 section 7 requires and no further: `"` and `\` get a
/// backslash; the control bytes below 0x20 become `\b`, `\t`, `\n`, `\f`, `\r` or `\u00XX`;
/// every other character, non-ASCII included, is copied as UTF-8. Bytes that are not valid
/// UTF-8 (`appendString(utf8:)`) are replaced by U+FFFD, one replacement for each maximal
/// ill-formed subpart, exactly as Swift's `String(decoding:as:)` repairs them, so a byte
/// string and the `String` made from it print the same.
///
/// `bytes` grows as needed; `removeAll()` empties it and keeps its capacity for reuse.
public struct JSONWriter: Sendable {
    /// The text written so far.
    public private(set) var bytes: [UInt8]
    /// The last day printed by `appendTimestamp(_:)`, as days since the epoch, and its date.
    private var cachedDay = Int64.min
    private var cachedDate: (year: Int64, month: Int64, day: Int64) = (0, 0, 0)

    /// Creates an empty writer.
    ///
    /// - Parameter capacity: Bytes to reserve up front.
    public init(capacity: Int = 4_096) {
        self.bytes = []
        self.bytes.reserveCapacity(capacity)
    }

    /// Empties the buffer, keeping its storage for the next records.
    public mutating func removeAll() {
        self.bytes.removeAll(keepingCapacity: true)
    }

    // MARK: - Verbatim text

    /// Appends literal text unchanged; the caller guarantees it is valid where it lands.
    public mutating func appendRaw(_ text: StaticString) {
        text.withUTF8Buffer { self.bytes.append(contentsOf: $0) }
    }

    /// Appends a string's UTF-8 unchanged, for text that is not JSON (the text report).
    public mutating func appendVerbatim(_ text: String) {
        self.bytes.append(contentsOf: text.utf8)
    }

    /// Appends one byte unchanged.
    public mutating func appendByte(_ byte: UInt8) {
        self.bytes.append(byte)
    }

    // MARK: - Values

    /// Appends `null`.
    public mutating func appendNull() {
        self.appendRaw("null")
    }

    /// Appends `true` or `false`.
    public mutating func appendBool(_ value: Bool) {
        if value { self.appendRaw("true") } else { self.appendRaw("false") }
    }

    /// Appends an integer in decimal.
    public mutating func appendInteger(_ value: Int) {
        DecimalText.appendInteger(Int64(value), to: &self.bytes)
    }

    /// Appends an integer in decimal.
    public mutating func appendInteger(_ value: Int64) {
        DecimalText.appendInteger(value, to: &self.bytes)
    }

    /// Appends a span of nanoseconds as milliseconds with exactly three decimals, rounding half
    /// up: `1234567` gives `1.235`, `999499` gives `0.999`. Negative spans print as `0.000`.
    public mutating func appendMilliseconds(nanoseconds: Int64) {
        DecimalText.appendMilliseconds(nanoseconds: nanoseconds, decimals: 3, to: &self.bytes)
    }

    /// Appends a quoted RFC 3339 UTC time with nine fractional digits:
    /// `"2026-12-04T15:46:30.123456789Z"`.
    ///
    ///     bytes: 0 " | 1-4 year | 6-7 month | 9-10 day | 12-13 hour | 15-16 minute
    ///            18-19 second | 21-29 nanosecond | 30 Z | 31 "
    public mutating func appendTimestamp(_ timestamp: Timestamp) {
        let parts = UTCTime.split(timestamp)
        // The times of one record nearly always share a day; the calendar arithmetic runs
        // once per day seen rather than once per time.
        if parts.days != self.cachedDay {
            self.cachedDay = parts.days
            self.cachedDate = UTCTime.civilDate(daysSinceEpoch: parts.days)
        }
        let date = self.cachedDate
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { text in
            // Safe: the template is 32 bytes, and every field ends at or before byte 29.
            _ = text.initialize(from: Self.timestampTemplate)
            Self.write(date.year, width: 4, into: text, at: 1)
            Self.write(date.month, width: 2, into: text, at: 6)
            Self.write(date.day, width: 2, into: text, at: 9)
            Self.write(parts.secondOfDay / 3_600, width: 2, into: text, at: 12)
            Self.write(parts.secondOfDay / 60 % 60, width: 2, into: text, at: 15)
            Self.write(parts.secondOfDay % 60, width: 2, into: text, at: 18)
            Self.write(parts.nanosecond, width: 9, into: text, at: 21)
            self.bytes.append(contentsOf: text)
        }
    }

    private static func write(
        _ value: Int64,
        width: Int,
        into text: UnsafeMutableBufferPointer<UInt8>,
        at start: Int
    ) {
        DecimalText.writeDigits(UInt64(clamping: value), width: width, into: text, at: start)
    }

    /// The fixed characters of a quoted RFC 3339 time, with zeros where digits go.
    private static let timestampTemplate: [UInt8] = Array(
        "\"0000-00-00T00:00:00.000000000Z\"".utf8
    )

    // MARK: - Strings

    /// Appends a quoted, escaped string.
    public mutating func appendString(_ text: String) {
        var text = text
        text.withUTF8 { self.appendQuoted(validUTF8: $0) }
    }

    /// Appends a quoted, escaped string.
    public mutating func appendString(_ text: Substring) {
        var text = text
        text.withUTF8 { self.appendQuoted(validUTF8: $0) }
    }

    /// Appends bytes that should be UTF-8 as a quoted, escaped string, replacing ill-formed
    /// sequences with U+FFFD.
    public mutating func appendString(utf8 bytes: [UInt8]) {
        bytes.withUnsafeBytes { self.appendQuoted(anyBytes: $0) }
    }

    /// Appends bytes that should be UTF-8 as a quoted, escaped string, replacing ill-formed
    /// sequences with U+FFFD. The bytes are only read during the call.
    public mutating func appendString(utf8 bytes: UnsafeRawBufferPointer) {
        self.appendQuoted(anyBytes: bytes)
    }

    /// Escapes text already known to be valid UTF-8 (any Swift string): only ASCII needs care,
    /// and runs of bytes that need none are copied in one step.
    private mutating func appendQuoted(validUTF8 text: UnsafeBufferPointer<UInt8>) {
        self.bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        for index in text.indices {
            let byte = text[index]
            guard Self.needsEscape(byte) else { continue }
            // Safe: runStart <= index < text.count, so the slice lies inside the buffer.
            self.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index]))
            self.appendEscape(byte)
            runStart = index + 1
        }
        // Safe: runStart <= text.count.
        self.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...]))
        self.bytes.append(UInt8(ascii: "\""))
    }

    /// Escapes bytes of unknown validity: well-formed UTF-8 sequences are copied, each maximal
    /// ill-formed subpart becomes U+FFFD.
    private mutating func appendQuoted(anyBytes text: UnsafeRawBufferPointer) {
        self.bytes.append(UInt8(ascii: "\""))
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte < 0x80 {
                if Self.needsEscape(byte) {
                    self.appendEscape(byte)
                } else {
                    self.bytes.append(byte)
                }
                index += 1
                continue
            }
            let length = UTF8Validation.wellFormedLength(in: text, at: index)
            if length.isComplete {
                // Safe: a complete sequence was measured inside the buffer.
                self.bytes.append(
                    contentsOf: UnsafeRawBufferPointer(rebasing: text[index..<index + length.count])
                )
            } else {
                self.bytes.append(contentsOf: [0xEF, 0xBF, 0xBD] as [UInt8])
            }
            index += length.count
        }
        self.bytes.append(UInt8(ascii: "\""))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends the escape for a byte that `needsEscape`.
    private mutating func appendEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): self.appendRaw("\\\"")
        case UInt8(ascii: "\\"): self.appendRaw("\\\\")
        case 0x08: self.appendRaw("\\b")
        case 0x09: self.appendRaw("\\t")
        case 0x0A: self.appendRaw("\\n")
        case 0x0C: self.appendRaw("\\f")
        case 0x0D: self.appendRaw("\\r")
        default:
            self.appendRaw("\\u00")
            self.bytes.append(Self.hexDigits[Int(byte >> 4)])
            self.bytes.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }
}
