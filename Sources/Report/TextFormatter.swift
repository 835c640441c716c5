import Capture
import Decode
import HTTP
import Kube
import Matching

/// Formats exchanges as aligned lines for people watching a terminal.
///
///     TIME (UTC)               DURATION (ms)   WAIT (ms)  STATUS     METHOD   ...
///     2026-12-04 15:46:30.123         1234.6      1200.1  201 (100)  POST     ...
///     2026-12-04 15:46:30.123         5000.0           -  ---        GET      ...
///
///     ...           CLIENT → SERVER                 HOST/PATH  [OUTCOME]  [FLAGS]
///     ...    10.0.0.1:5678 → 10.0.0.2:80            shop.example/api/items?id=7  [gap,midstream]
///     ...  127.0.0.1:50000 → 127.0.0.1:8000         /slow  timeout
///
/// Columns: UTC date and time to the millisecond (truncated, not rounded); duration and wait in
/// milliseconds with one decimal (`-` when unknown), the unit given once in the header; the
/// final status (`---` when no response was seen), followed by the interim (1xx) status in
/// parentheses when one was seen; the method padded to 7; client and server endpoints padded
/// to the width of the longest IPv4 endpoint; `host` followed by the path, cut to 80
/// characters with `…`; then the outcome when it is not `complete`, and the flags in brackets
/// when there are any. Nothing trails the last column.
///
/// Control characters (C0, DEL, C1) and bidirectional-override characters from the wire are
/// shown as `\xNN` or `\u{NNNN}` so a hostile path cannot drive the terminal or disguise itself.
public struct TextFormatter: Sendable {
    /// What to leave out of each line.
    public var options: ReportOptions

    /// Characters of `host` plus path shown before the rest is cut and replaced by `…`.
    public static let maximumTargetLength = 80

    // "2026-12-04 15:46:30.123"
    private static let timeWidth = 23
    private static let durationTitle = "DURATION (ms)"
    private static let waitTitle = "WAIT (ms)"
    // Limitation: a wait of 100 000 000 ms (about 28 hours) or more, or a duration of
    // 10^12 ms or more, is wider than its column and pushes the later columns of its line
    // right; every duration and wait below that lines up.
    private static let durationWidth = 13
    private static let waitWidth = 10
    // "201 (100)": final status, then the interim one.
    private static let statusWidth = 9
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
        line += "  " + Self.padLeft(Self.durationTitle, Self.durationWidth)
        line += "  " + Self.padLeft(Self.waitTitle, Self.waitWidth)
        line += "  " + Self.padRight("STATUS", Self.statusWidth)
        line += "  " + Self.padRight("METHOD", Self.methodWidth)
        line += " " + Self.padLeft("CLIENT", Self.endpointWidth)
        line += " → " + Self.padRight("SERVER", Self.endpointWidth)
        line += "  HOST/PATH  [OUTCOME]  [FLAGS]"
        return line
    }

    /// One exchange as an aligned line, without a newline. With `names`, a named end shows as
    /// `namespace/pod` (the server with its port) instead of its address.
    public func line(for exchange: Exchange, names: ExchangeNames? = nil) -> String {
        var line = Self.dateAndTime(exchange.requestStart ?? exchange.responseStart)
        line += "  " + Self.milliseconds(exchange.durationNanoseconds, width: Self.durationWidth)
        line += "  " + Self.milliseconds(exchange.waitNanoseconds, width: Self.waitWidth)
        line += "  " + Self.padRight(Self.status(of: exchange), Self.statusWidth)
        let method = exchange.request.map { Self.sanitized($0.method) } ?? "-"
        line += "  " + Self.padRight(method, Self.methodWidth)
        let client = Self.name(names?.client, withPort: nil) ?? exchange.client.description
        let server = Self.name(names?.server, withPort: exchange.server.port)
            ?? exchange.server.description
        line += " " + Self.padLeft(Self.sanitized(client), Self.endpointWidth)
        line += " → " + Self.padRight(Self.sanitized(server), Self.endpointWidth)
        line += "  " + self.target(of: exchange.request)
        if exchange.outcome != .complete {
            line += "  " + exchange.outcome.rawValue
        }
        if !exchange.flags.isEmpty {
            let names = ExchangeFlags.named.filter { exchange.flags.contains($0.flag) }
            line += "  [" + names.map(\.name).joined(separator: ",") + "]"
        }
        if let names {
            let client = self.labels(of: names.client)
            let server = self.labels(of: names.server)
            if !client.isEmpty || !server.isEmpty {
                line += "  {" + client + "} → {" + server + "}"
            }
        }
        return line
    }

    /// The selected labels of a named end, `app=web,version=v2`, in the order asked for.
    private func labels(of identity: Identity?) -> String {
        guard let identity else { return "" }
        let selected = self.options.labelKeys.compactMap { key in
            identity.labels.first { $0.key == key }.map { "\($0.key)=\($0.value)" }
        }
        return Self.sanitized(selected.joined(separator: ","))
    }

    // MARK: - Columns

    /// `namespace/pod`, `namespace/service`, or `node/name` (host network), with `:port` when
    /// given; `nil` for an unnamed end.
    private static func name(_ identity: Identity?, withPort port: UInt16?) -> String? {
        guard let identity else { return nil }
        let base: String
        if let pod = identity.pod {
            base = (identity.namespace.map { $0 + "/" } ?? "") + pod
        } else if let service = identity.service {
            base = (identity.namespace.map { $0 + "/" } ?? "") + "svc/" + service
        } else if let node = identity.node {
            base = "node/" + node
        } else {
            return nil
        }
        return port.map { base + ":\($0)" } ?? base
    }

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

    /// `201`, `201 (100)` with an interim response, `---` without a final one.
    private static func status(of exchange: Exchange) -> String {
        let final = exchange.response.map { String($0.status) } ?? "---"
        guard let interim = exchange.interimStatus else { return final }
        return final + " (" + String(interim) + ")"
    }

    /// `2026-12-04 15:46:30.123` in UTC, cut (not rounded) to the millisecond.
    private static func dateAndTime(_ timestamp: Timestamp?) -> String {
        guard let timestamp else { return "---------- --:--:--.---" }
        let time = UTCTime(timestamp)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.timeWidth)
        let fields: [(value: Int64, width: Int, separator: String)] = [
            (time.year, 4, "-"), (time.month, 2, "-"), (time.day, 2, " "),
            (time.hour, 2, ":"), (time.minute, 2, ":"), (time.second, 2, "."),
        ]
        for field in fields {
            DecimalText.appendDigits(UInt64(field.value), minimumWidth: field.width, to: &bytes)
            bytes.append(contentsOf: field.separator.utf8)
        }
        DecimalText.appendDigits(UInt64(time.nanosecond / 1_000_000), minimumWidth: 3, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Milliseconds with one decimal, or `-`, right-aligned in `width`.
    private static func milliseconds(_ nanoseconds: Int64?, width: Int) -> String {
        guard let nanoseconds else { return Self.padLeft("-", width) }
        let number = DecimalText.milliseconds(nanoseconds: nanoseconds, decimals: 1)
        return Self.padLeft(number, width)
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
