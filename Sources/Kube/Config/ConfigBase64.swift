/// Decodes the standard base64 alphabet (RFC 4648, section 4) of kubeconfig `*-data` fields.
///
/// Line breaks, spaces and tabs are skipped (YAML folds long values, and `base64` without
/// `-w0` wraps at 76 columns). Padding may be present or left off; anything else outside the
/// alphabet, `=` before the end, or a final group of a single character makes it invalid.
enum ConfigBase64 {
    /// The decoded bytes of `text`, or `nil` when it is not valid base64.
    static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count / 4 * 3)
        var group: UInt32 = 0
        var groupCount = 0
        var paddingCount = 0

        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
            {
                continue
            }
            if byte == UInt8(ascii: "=") {
                paddingCount += 1
                continue
            }
            guard paddingCount == 0, let value = Self.value(of: byte) else {
                return nil
            }
            group = group << 6 | UInt32(value)
            groupCount += 1
            if groupCount == 4 {
                output.append(UInt8(truncatingIfNeeded: group >> 16))
                output.append(UInt8(truncatingIfNeeded: group >> 8))
                output.append(UInt8(truncatingIfNeeded: group))
                group = 0
                groupCount = 0
            }
        }

        return Self.finish(output, group: group, groupCount: groupCount, padding: paddingCount)
    }

    /// Appends the bytes of a final partial group, checking its padding.
    private static func finish(
        _ output: [UInt8],
        group: UInt32,
        groupCount: Int,
        padding: Int
    ) -> [UInt8]? {
        var output = output
        switch groupCount {
        case 0 where padding == 0:
            return output
        case 2 where padding == 0 || padding == 2:
            output.append(UInt8(truncatingIfNeeded: group >> 4))
            return output
        case 3 where padding == 0 || padding == 1:
            output.append(UInt8(truncatingIfNeeded: group >> 10))
            output.append(UInt8(truncatingIfNeeded: group >> 2))
            return output
        default:
            return nil
        }
    }

    /// The 6-bit value of one alphabet character, or `nil` outside the alphabet.
    private static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
