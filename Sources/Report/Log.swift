/// A small logger for standard error: `level: phrase key=value key=value`, one write(2) per
/// line.
///
/// A message is a fixed phrase followed by variable data as `key=value` pairs; the pairs are
/// built only when the level is enabled:
///
///     log.debug("connection opened", ["client": client, "server": server])
///     // debug: connection opened client=10.0.0.1:5678 server=10.0.0.2:80
///
/// Values that are empty or contain spaces, `"`, `=` or control characters are quoted, with
/// `"` and `\` escaped and control characters written as `\n`, `\r`, `\t` or `\xNN`, so every
/// message stays on one line. Each line goes out in a single write(2), so lines from several
/// threads do not interleave within a line on a pipe.
public struct Log: Sendable {
    /// The most detailed level written; messages above it are dropped unbuilt.
    public var level: LogLevel
    /// Where lines go: 2 (standard error) unless a test says otherwise.
    public var fileDescriptor: Int32

    /// Creates a logger.
    ///
    /// - Parameters:
    ///   - level: The most detailed level written.
    ///   - fileDescriptor: The descriptor to write to; standard error by default.
    public init(level: LogLevel = .info, fileDescriptor: Int32 = 2) {
        self.level = level
        self.fileDescriptor = fileDescriptor
    }

    /// Whether messages at `level` are written.
    public func isEnabled(_ level: LogLevel) -> Bool {
        level <= self.level
    }

    // MARK: - Messages

    /// Logs that earshot stopped or lost a capability.
    public func error(
        _ phrase: StaticString,
        _ fields: @autoclosure () -> KeyValuePairs<String, any CustomStringConvertible> = [:]
    ) {
        self.log(.error, phrase, fields())
    }

    /// Logs that earshot is degraded but still running.
    public func warning(
        _ phrase: StaticString,
        _ fields: @autoclosure () -> KeyValuePairs<String, any CustomStringConvertible> = [:]
    ) {
        self.log(.warning, phrase, fields())
    }

    /// Logs a start, a stop, or a periodic summary.
    public func info(
        _ phrase: StaticString,
        _ fields: @autoclosure () -> KeyValuePairs<String, any CustomStringConvertible> = [:]
    ) {
        self.log(.info, phrase, fields())
    }

    /// Logs something that happens once per connection.
    public func debug(
        _ phrase: StaticString,
        _ fields: @autoclosure () -> KeyValuePairs<String, any CustomStringConvertible> = [:]
    ) {
        self.log(.debug, phrase, fields())
    }

    /// Logs something that happens once per packet.
    public func trace(
        _ phrase: StaticString,
        _ fields: @autoclosure () -> KeyValuePairs<String, any CustomStringConvertible> = [:]
    ) {
        self.log(.trace, phrase, fields())
    }

    /// Logs an error that describes itself (`error: <description>`), such as a `ReportError`.
    public func error(describing failure: some Error & CustomStringConvertible) {
        guard self.isEnabled(.error) else { return }
        self.writeLine("error: " + Self.sanitized(failure.description))
    }

    /// Logs a line some other layer already formatted as `phrase key=value ...` (the Kube
    /// watchers, which cannot use this type).
    public func write(_ level: LogLevel, formatted message: String) {
        guard self.isEnabled(level) else { return }
        self.writeLine("\(level): " + Self.sanitized(message))
    }

    /// Logs a summary or periodic statistics line at `info` (`info: summary key=value ...`,
    /// `info: stats key=value ...`).
    public func summary(_ line: SummaryLine) {
        guard self.isEnabled(.info) else { return }
        self.writeLine(line.text)
    }

    /// Logs at `level`, building the fields only when it is enabled.
    public func log(
        _ level: LogLevel,
        _ phrase: StaticString,
        _ fields: @autoclosure () -> KeyValuePairs<String, any CustomStringConvertible>
    ) {
        guard self.isEnabled(level) else { return }
        self.writeLine(Self.line(level, phrase: "\(phrase)", fields: fields()))
    }

    // MARK: - Formatting

    /// The text of one log line, without its newline.
    public static func line(
        _ level: LogLevel,
        phrase: String,
        fields: KeyValuePairs<String, any CustomStringConvertible>
    ) -> String {
        var line = "\(level): " + phrase
        for (key, value) in fields {
            line += " " + key + "=" + Self.quotedIfNeeded(value.description)
        }
        return line
    }

    /// A value as it appears after `=`: bare when it is one plain word, quoted otherwise.
    static func quotedIfNeeded(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.unicodeScalars.contains { scalar in
            scalar == " " || scalar == "\"" || scalar == "=" || Self.isControl(scalar)
        }
        guard needsQuotes else { return value }
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default: result += Self.escaped(scalar)
            }
        }
        return result + "\""
    }

    /// Keeps a free-form message on one line.
    private static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: Self.isControl) else { return text }
        return text.unicodeScalars.map(Self.escaped).joined()
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            guard Self.isControl(scalar) else { return String(scalar) }
            let hex = String(scalar.value, radix: 16)
            return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
    }

    private func writeLine(_ line: String) {
        // A log line that cannot be written has nowhere else to go; it is dropped.
        _ = FileDescriptorIO.writeAll(Array((line + "\n").utf8), to: self.fileDescriptor)
    }
}
