/// An IPv4 or IPv6 address held in 16 bytes, cheap to hash and compare.
///
/// IPv4 addresses are stored IPv4-mapped (`::ffff:a.b.c.d`) so both families share one key type.
public struct IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The first 8 bytes of the address, big-endian.
    public var high: UInt64
    /// The last 8 bytes of the address, big-endian.
    public var low: UInt64

    private static let ipv4MappedHigh: UInt64 = 0
    private static let ipv4MappedLowPrefix: UInt64 = 0x0000_ffff_0000_0000

    /// Creates an address from its two big-endian halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Creates an IPv4 address from its 32-bit big-endian value (`0x7f000001` is 127.0.0.1).
    public init(ipv4 value: UInt32) {
        self.high = Self.ipv4MappedHigh
        self.low = Self.ipv4MappedLowPrefix | UInt64(value)
    }

    /// Parses dotted-quad IPv4 or RFC 4291 text IPv6; `nil` when the text is neither.
    public init?(_ text: String) {
        if let value = Self.parseIPv4(Substring(text)) {
            self.init(ipv4: value)
            return
        }
        guard let (high, low) = Self.parseIPv6(text) else { return nil }
        self.init(high: high, low: low)
    }

    /// Whether this is an IPv4 address.
    public var isIPv4: Bool {
        self.high == Self.ipv4MappedHigh && (self.low >> 32) == 0x0000_ffff
    }

    /// The IPv4 value when `isIPv4`.
    public var ipv4Value: UInt32? {
        self.isIPv4 ? UInt32(truncatingIfNeeded: self.low) : nil
    }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    /// Dotted quad for IPv4; RFC 5952 text (lower case, longest zero run as `::`) for IPv6.
    public var description: String {
        if let value = self.ipv4Value {
            return "\(value >> 24).\((value >> 16) & 0xff).\((value >> 8) & 0xff).\(value & 0xff)"
        }
        return self.ipv6Text
    }

    // MARK: - Text

    private var ipv6Text: String {
        var groups = [UInt16](repeating: 0, count: 8)
        for index in 0..<4 {
            groups[index] = UInt16(truncatingIfNeeded: self.high >> (48 - 16 * UInt64(index)))
            groups[index + 4] = UInt16(truncatingIfNeeded: self.low >> (48 - 16 * UInt64(index)))
        }
        // RFC 5952: compress the longest run of two or more zero groups, the first if tied.
        var bestStart = -1
        var bestLength = 1
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index > bestLength {
                bestStart = index
                bestLength = end - index
            }
            index = end
        }
        func hex(_ range: Range<Int>) -> String {
            range.map { String(groups[$0], radix: 16) }.joined(separator: ":")
        }
        guard bestStart >= 0 else { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }

    private static func parseIPv4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII),
                  let octet = UInt32(part), octet <= 255 else { return nil }
            value = value << 8 | octet
        }
        return value
    }

    private static func splitOnDoubleColon(_ text: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(text)
        while let range = rest.firstRange(of: "::") {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }

    private static func parseIPv6(_ text: String) -> (UInt64, UInt64)? {
        var groups: [UInt16] = []
        var tail: [UInt16] = []
        let halves = Self.splitOnDoubleColon(text)
        guard halves.count <= 2 else { return nil }
        func parseGroups(_ part: String, allowIPv4: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for (position, field) in fields.enumerated() {
                if allowIPv4, position == fields.count - 1, field.contains(".") {
                    guard let value = parseIPv4(field) else { return nil }
                    result.append(UInt16(value >> 16))
                    result.append(UInt16(value & 0xffff))
                } else {
                    guard (1...4).contains(field.count), let group = UInt16(field, radix: 16)
                    else { return nil }
                    result.append(group)
                }
            }
            return result
        }
        guard let head = parseGroups(halves[0], allowIPv4: halves.count == 1) else { return nil }
        groups = head
        if halves.count == 2 {
            guard let end = parseGroups(halves[1], allowIPv4: true) else { return nil }
            tail = end
            guard groups.count + tail.count <= 7 else { return nil }
            groups += [UInt16](repeating: 0, count: 8 - groups.count - tail.count) + tail
        }
        guard groups.count == 8 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for index in 0..<4 {
            high = high << 16 | UInt64(groups[index])
            low = low << 16 | UInt64(groups[index + 4])
        }
        return (high, low)
    }
}
