import Capture
import Decode
import HTTP
import Matching

/// Formats exchanges as aligned lines for people watching a terminal.
///
///     TIME (UTC)        DURATION               WAIT  STATUS METHOD                 CLIENT → ...
///     15:46:30.123     1234.6 ms  wait    1200.1 ms  201    POST            10.0.0.1:5678 → ...
///     15:46:30.123     5000.0 ms  wait         -     ---    GET           127.0.0.1:50000 → ...
///
///     ... → SERVER                 HOST/PATH  [OUTCOME]  [FLAGS]
///     ... → 10.0.0.2:80            shop.example/api/items?id=7  [gap,midstream]
///     ... → 127.0.0.1:8000         /slow  timeout
///
/// Columns: UTC time of day to the millisecond (truncated, not rounded); duration and wait in
/// milliseconds with one decimal (`-` when unknown); the final status (`---` when no response
/// was seen); the method padded to 7; client and server endpoints padded to the width of the
/// longest IPv4 endpoint; `host` followed by the path, cut to 80 characters with `…`; then the
/// outcome when it is not `complete`, and the flags in brackets when there are any. Nothing
/// trails the last column.
///
/// Control characters (C0, DEL, C1) and bidirectional-override characters from the wire are
/// shown as `\xNN` or `\u{NNNN}` so a hostile path cannot drive the terminal or disguise itself.
public struct TextFormatter: Sendable {
    /// What to leave out of each line.
    public var options: ReportOptions

    /// Characters of `host` plus path shown before the rest is cut and replaced by `…`.
    public static let maximumTargetLength = 80

    private static let timeWidth = 12
    private static let numberWidth = 9
    private static let statusWidth = 6
    private static let methodWidth = 7
    // "255.255.255.255:65535"; IPv6 endpoints are longer and push later columns right.
    private static let endpointWidth = 21

    /// Creates a formatter.
    public init(options: ReportOptions = ReportOptions()) {
        self.options = options
    }

    /// The column titles, aligned with `line(for:)`, without a newline.
    public func headerLine() -> String {
        var line = Self.padRight("TIME (UTC)", Self.timeWidth)
        line += "  " + Self.padLeft("DURATION", Self.numberWidth + 3)
        line += "  " + Self.padLeft("WAIT", Self.numberWidth + 8)
        line += "  " + Self.padRight("STATUS", Self.statusWidth)
        line += " " + Self.padRight("METHOD", Self.methodWidth)
        line += " " + Self.padLeft("CLIENT", Self.endpointWidth)
        line += " → " + Self.padRight("SERVER", Self.endpointWidth)
        line += "  HOST/PATH  [OUTCOME]  [FLAGS]"
        return line
    }

    /// One exchange as an aligned line, without a newline.
    public func line(for exchange: Exchange) -> String {
        var line = Self.timeOfDay(exchange.requestStart ?? exchange.responseStart)
        line += "  " + Self.milliseconds(exchange.durationNanoseconds)
        line += "  wait " + Self.milliseconds(exchange.waitNanoseconds)
        let status = exchange.response.map { String($0.status) } ?? "---"
        line += "  " + Self.padRight(status, Self.statusWidth)
        let method = exchange.request.map { Self.sanitized($0.method) } ?? "-"
        line += " " + Self.padRight(method, Self.methodWidth)
        line += " " + Self.padLeft(exchange.client.description, Self.endpointWidth)
        line += " → " + Self.padRight(exchange.server.description, Self.endpointWidth)
        line += "  " + self.target(of: exchange.request)
        if exchange.outcome != .complete {
            line += "  " + exchange.outcome.rawValue
        }
        if !exchange.flags.isEmpty {
            let names = ExchangeFlags.named.filter { exchange.flags.contains($0.flag) }
            line += "  [" + names.map(\.name).joined(separator: ",") + "]"
        }
        return line
    }

    // MARK: - Columns

    /// `host` then the path, or the target alone when it is not a path (absolute form, `*`,
    /// authority form); `-` when the request was not seen.
    private func target(of request: RequestHead?) -> String {
        guard let request else { return "-" }
        let path = self.options.reportedPath(request.target)
        var text = Substring("")
        if let host = request.host, path.first == "/" {
            text = Substring(host + path)
        } else {
            text = path
        }
        return Self.truncated(Self.sanitized(text), to: Self.maximumTargetLength)
    }

    private static func timeOfDay(_ timestamp: Timestamp?) -> String {
        guard let timestamp else { return "--:--:--.---" }
        let time = UTCTime(timestamp)
        var bytes: [UInt8] = []
        for (value, separator) in [(time.hour, ":"), (time.minute, ":"), (time.second, ".")] {
            DecimalText.appendDigits(UInt64(value), minimumWidth: 2, to: &bytes)
            bytes.append(contentsOf: separator.utf8)
        }
        DecimalText.appendDigits(UInt64(time.nanosecond / 1_000_000), minimumWidth: 3, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A right-aligned number column with its unit, or `-` in the number's place.
    private static func milliseconds(_ nanoseconds: Int64?) -> String {
        guard let nanoseconds else { return Self.padLeft("-", Self.numberWidth) + "   " }
        let number = DecimalText.milliseconds(nanoseconds: nanoseconds, decimals: 1)
        return Self.padLeft(number, Self.numberWidth) + " ms"
    }

    // MARK: - Text helpers

    /// Replaces characters that would act on a terminal with visible escapes.
    static func sanitized(_ text: some StringProtocol) -> String {
        guard text.unicodeScalars.contains(where: Self.isUnsafe) else { return String(text) }
        var result = ""
        for scalar in text.unicodeScalars {
            guard Self.isUnsafe(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            let hex = String(scalar.value, radix: 16)
            if scalar.value < 0x100 {
                result += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
            } else {
                result += "\\u{" + hex + "}"
            }
        }
        return result
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F..<0xA0: true
        // Bidirectional embeddings, overrides and isolates (Unicode UAX #9).
        case 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Cuts `text` to `limit` characters, the last of which becomes `…` when anything is cut.
    // Limitation: width counts characters, not terminal cells; a host or path with wide (East
    // Asian) or zero-width characters ends its line shorter or longer than others.
    static func truncated(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }

    private static func padRight(_ text: String, _ width: Int) -> String {
        let count = text.count
        return count >= width ? text : text + String(repeating: " ", count: width - count)
    }

    private static func padLeft(_ text: String, _ width: Int) -> String {
        let count = text.count
        return count >= width ? text : String(repeating: " ", count: width - count) + text
    }
}
