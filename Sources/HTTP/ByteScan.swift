#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Byte-level helpers for HTTP/1.x text (RFC 9110, section 5.6; RFC 9112, section 2).
///
/// Everything here reads borrowed bytes and allocates nothing.
enum ByteScan {
    /// `LF`, the byte that ends every line.
    static let lineFeed = UInt8(ascii: "\n")
    /// `CR`, which may precede `LF`.
    static let carriageReturn = UInt8(ascii: "\r")
    /// `SP`.
    static let space = UInt8(ascii: " ")
    /// `HTAB`.
    static let tab = UInt8(ascii: "\t")

    /// The index of the first `LF` in `bytes[start..<end]`, or `nil` when there is none.
    ///
    /// Uses the C library's vectorised `memchr`: this is the scan every head byte goes through.
    static func indexOfLineFeed(
        in bytes: UnsafeRawBufferPointer,
        from start: Int,
        to end: Int
    ) -> Int? {
        guard start < end, let base = bytes.baseAddress else { return nil }
        // Safe: 0 <= start < end <= bytes.count, so the searched range lies inside `bytes`.
        guard let found = memchr(base + start, Int32(Self.lineFeed), end - start) else {
            return nil
        }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// Whether `byte` is a `tchar`, the characters of a token such as a method or field name:
    /// letters, digits and ``!#$%&'*+-.^_`|~``.
    ///
    /// Looks the byte up in a 128-bit set (bit n of the pair = byte n), so the test is one shift
    /// and no branches per byte.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        let low: UInt64 = 0x03FF_6CFA_0000_0000
        let high: UInt64 = 0x57FF_FFFF_C7FF_FFFE
        let word = byte < 64 ? low : (byte < 128 ? high : 0)
        return (word >> UInt64(byte & 63)) & 1 == 1
    }

    /// Whether `byte` may appear in a request-target: anything but controls, `SP` and `DEL`.
    ///
    /// Bytes above 0x7F are accepted because real clients send unencoded UTF-8.
    static func isTargetByte(_ byte: UInt8) -> Bool {
        byte > Self.space && byte != 0x7F
    }

    /// The value of an ASCII digit, or `nil`.
    static func digitValue(_ byte: UInt8) -> Int? {
        let value = byte &- UInt8(ascii: "0")
        return value < 10 ? Int(value) : nil
    }

    /// The value of a hexadecimal digit of either case, or `nil`.
    static func hexValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt64(byte &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt64(byte &- UInt8(ascii: "a") &+ 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt64(byte &- UInt8(ascii: "A") &+ 10)
        default: nil
        }
    }

    /// `byte` with ASCII upper-case letters turned to lower case; other bytes unchanged.
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// Whether `bytes` equal `literal` ignoring ASCII case; `literal` must be lower case.
    static func matches(_ bytes: UnsafeRawBufferPointer, lowercase literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for index in 0..<bytes.count where Self.lowercased(bytes[index]) != expected[index] {
            return false
        }
        return true
    }

    /// Whether `line` (terminator already removed) holds a `NUL` or a `CR`, both forbidden in
    /// a head: a `CR` left in a line is a bare one (RFC 9112, section 2.2).
    ///
    /// Reads eight bytes at a time and tests them all at once for a zero byte, before and after
    /// turning `CR` bytes into zeros (a word with a zero byte has a borrow reach a high bit).
    static func containsNULOrBareCR(_ line: UnsafeRawBufferPointer) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let carriageReturns = ones &* UInt64(Self.carriageReturn)
        guard line.count >= 8 else {
            return line.contains { $0 == 0 || $0 == Self.carriageReturn }
        }
        var index = 0
        while true {
            // Safe: 0 <= index <= line.count - 8, so the eight bytes lie inside `line`.
            let word = line.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let crossed = word ^ carriageReturns
            let zeroBytes = ((word &- ones) & ~word) | ((crossed &- ones) & ~crossed)
            if zeroBytes & highBits != 0 {
                return true
            }
            guard index < line.count - 8 else { return false }
            // The last word may overlap the one before it; rereading a few bytes is harmless.
            index = min(index + 8, line.count - 8)
        }
    }

    /// `line` without one trailing `CR`.
    static func droppingCarriageReturn(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let last = line.last, last == Self.carriageReturn else { return line }
        return UnsafeRawBufferPointer(rebasing: line[0..<(line.count - 1)])
    }

    /// `bytes` without leading and trailing `SP` and `HTAB` (optional whitespace, `OWS`).
    static func trimmingWhitespace(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == Self.space || bytes[start] == Self.tab {
            start += 1
        }
        while end > start, bytes[end - 1] == Self.space || bytes[end - 1] == Self.tab {
            end -= 1
        }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// Calls `body` with each non-empty element of a comma-separated list, whitespace trimmed
    /// (RFC 9110, section 5.6.1).
    static func forEachListElement(
        _ value: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer) -> Void
    ) {
        var start = 0
        for index in 0...value.count where index == value.count || value[index] == 0x2C {
            let raw = UnsafeRawBufferPointer(rebasing: value[start..<index])
            let element = Self.trimmingWhitespace(raw)
            if !element.isEmpty {
                body(element)
            }
            start = index + 1
        }
    }
}
