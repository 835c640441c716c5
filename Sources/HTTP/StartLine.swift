/// Recognises request lines and status lines (RFC 9112, sections 3 and 4).
///
///     request-line = method SP request-target SP HTTP-version
///     status-line  = HTTP-version SP 3DIGIT [ SP reason-phrase ]
///     HTTP-version = "HTTP/" DIGIT "." DIGIT
///
/// The scanners read a borrowed buffer that may stop anywhere (`truncated`) or run past the
/// line's end; the offending byte of an `invalid` result is often the line's own `CR` or `LF`.
enum StartLine {
    /// Where the parts of a request line lie, as offsets into the scanned buffer.
    struct RequestParts {
        /// End of the method token (the method is `0..<methodEnd`).
        var methodEnd: Int
        /// The request-target's range.
        var target: Range<Int>
        /// The version's major digit.
        var major: UInt8
        /// The version's minor digit.
        var minor: UInt8
    }

    /// What a status line says.
    struct StatusParts {
        /// The version's major digit.
        var major: UInt8
        /// The version's minor digit.
        var minor: UInt8
        /// The three-digit status code, 100 to 999.
        var status: Int
    }

    /// How far a buffer matches a start line.
    enum Scan<Parts> {
        /// The line's required parts end at `end` (after the version, or after the status code).
        case valid(Parts, end: Int)
        /// The byte at this index cannot continue the line.
        case invalid(at: Int)
        /// The buffer ended while it could still be a start line.
        case truncated
    }

    /// How a line at a possible message start looks while resynchronising.
    enum Verdict {
        /// It starts a message.
        case accept
        /// It does not; the byte at this index is where the evidence against it was found.
        case reject(at: Int)
        /// More bytes of the line are needed to decide.
        case needMore
    }

    /// The longest method token taken for one; a longer token (the tail of some oversized
    /// line, say) makes a line that is not a request line. Registered methods are at most 17
    /// bytes (`VERSION-CONTROL`, `UPDATEREDIRECTREF`).
    static let maxMethodBytes = 32

    /// Methods accepted on sight, followed by `SP`, when looking for a request to resync on.
    private static let wellKnownMethods: [StaticString] = [
        "GET ", "HEAD ", "POST ", "PUT ", "DELETE ", "CONNECT ", "OPTIONS ", "TRACE ", "PATCH ",
    ]

    // MARK: - Scanning

    /// Scans `method SP request-target SP HTTP/d.d` from the start of `bytes`; a method longer
    /// than `maxMethodBytes` is invalid at the byte past the cap.
    static func scanRequestLine(_ bytes: UnsafeRawBufferPointer) -> Scan<RequestParts> {
        var index = 0
        let methodScanEnd = min(bytes.count, Self.maxMethodBytes + 1)
        while index < methodScanEnd, ByteScan.isTokenCharacter(bytes[index]) {
            index += 1
        }
        guard index < bytes.count else { return .truncated }
        guard index > 0, index <= Self.maxMethodBytes, bytes[index] == ByteScan.space else {
            return .invalid(at: index)
        }
        let methodEnd = index
        index += 1
        let targetStart = index
        while index < bytes.count, ByteScan.isTargetByte(bytes[index]) {
            index += 1
        }
        guard index < bytes.count else { return .truncated }
        guard index > targetStart, bytes[index] == ByteScan.space else {
            return .invalid(at: index)
        }
        let target = targetStart..<index
        switch Self.scanVersion(bytes, from: index + 1) {
        case .valid(let version, let end):
            let parts = RequestParts(
                methodEnd: methodEnd,
                target: target,
                major: version.major,
                minor: version.minor
            )
            return .valid(parts, end: end)
        case .invalid(let offending):
            return .invalid(at: offending)
        case .truncated:
            return .truncated
        }
    }

    /// Scans `HTTP/d.d SP 3DIGIT` from the start of `bytes`; what follows is not examined.
    ///
    /// A code below 100 is invalid at its first digit: RFC 9110, section 15 gives codes three
    /// digits with a first digit from 1 to 5, and a `0xx` is no answer a client can act on.
    static func scanStatusLine(_ bytes: UnsafeRawBufferPointer) -> Scan<StatusParts> {
        let version: (major: UInt8, minor: UInt8)
        switch Self.scanVersion(bytes, from: 0) {
        case .valid(let found, _): version = found
        case .invalid(let offending): return .invalid(at: offending)
        case .truncated: return .truncated
        }
        guard bytes.count > 8 else { return .truncated }
        guard bytes[8] == ByteScan.space else { return .invalid(at: 8) }
        var status = 0
        for index in 9..<12 {
            guard index < bytes.count else { return .truncated }
            guard let digit = ByteScan.digitValue(bytes[index]) else { return .invalid(at: index) }
            status = status * 10 + digit
        }
        guard status >= 100 else { return .invalid(at: 9) }
        let parts = StatusParts(major: version.major, minor: version.minor, status: status)
        return .valid(parts, end: 12)
    }

    /// Scans the eight bytes `HTTP/d.d` at `start`.
    private static func scanVersion(
        _ bytes: UnsafeRawBufferPointer,
        from start: Int
    ) -> Scan<(major: UInt8, minor: UInt8)> {
        let pattern: StaticString = "HTTP/0.0"
        let expected = pattern.utf8Start
        for offset in 0..<8 {
            let index = start + offset
            guard index < bytes.count else { return .truncated }
            let byte = bytes[index]
            let isDigitSlot = offset == 5 || offset == 7
            let fits = isDigitSlot ? ByteScan.digitValue(byte) != nil : byte == expected[offset]
            guard fits else { return .invalid(at: index) }
        }
        let major = bytes[start + 5] &- UInt8(ascii: "0")
        let minor = bytes[start + 7] &- UInt8(ascii: "0")
        return .valid((major, minor), end: start + 8)
    }

    // MARK: - Strict parsing of a complete line

    /// Parses a complete request line (terminator removed), or returns `nil` when malformed.
    static func parseRequestLine(_ line: UnsafeRawBufferPointer) -> RequestParts? {
        guard case .valid(let parts, let end) = Self.scanRequestLine(line), end == line.count
        else { return nil }
        return parts
    }

    /// Parses a complete request line as a monitor must: strictly where the line follows the
    /// grammar, and where it does not, in the two shapes real servers still answer.
    ///
    /// - `GET /path` with no version is an HTTP/0.9 simple request (RFC 1945, section 4.1):
    ///   it has no header fields, and it is reported with version `0.9` (`isSimple`).
    /// - A target holding spaces before a valid ` HTTP/d.d` end
    ///   (`CONNECT mail.example:25 / HTTP/1.0`) keeps everything between the method and the
    ///   version as its target.
    ///
    /// Spaces around the target are not part of it. A line with a control byte, no target
    /// (`OPTIONS HTTP/1.1`), a cut version (`GET / HTTP/1.`) or a method longer than
    /// `maxMethodBytes` is still malformed.
    static func parseRequestLineLeniently(
        _ line: UnsafeRawBufferPointer
    ) -> (parts: RequestParts, isSimple: Bool)? {
        if let parts = Self.parseRequestLine(line) {
            return (parts, false)
        }
        var methodEnd = 0
        let methodScanEnd = min(line.count, Self.maxMethodBytes + 1)
        while methodEnd < methodScanEnd, ByteScan.isTokenCharacter(line[methodEnd]) {
            methodEnd += 1
        }
        guard methodEnd > 0, methodEnd <= Self.maxMethodBytes, methodEnd < line.count,
              line[methodEnd] == ByteScan.space
        else { return nil }
        var targetStart = methodEnd + 1
        while targetStart < line.count, line[targetStart] == ByteScan.space {
            targetStart += 1
        }
        let rest = UnsafeRawBufferPointer(rebasing: line[targetStart...])
        let restStart = UnsafeRawBufferPointer(rebasing: rest.prefix(5))
        guard !rest.isEmpty, !ByteScan.matches(restStart, lowercase: "http/"),
              rest.allSatisfy({ $0 == ByteScan.space || ByteScan.isTargetByte($0) })
        else { return nil }
        if !rest.contains(ByteScan.space) {
            let parts = RequestParts(methodEnd: methodEnd, target: targetStart..<line.count,
                                     major: 0, minor: 9)
            return (parts, true)
        }
        // `SP HTTP/d.d` at the very end: nine bytes.
        let versionStart = line.count - 8
        guard versionStart - 1 > targetStart, line[versionStart - 1] == ByteScan.space,
              case .valid(let version, _) = Self.scanVersion(line, from: versionStart)
        else { return nil }
        var targetEnd = versionStart - 1
        while targetEnd > targetStart, line[targetEnd - 1] == ByteScan.space {
            targetEnd -= 1
        }
        let parts = RequestParts(methodEnd: methodEnd, target: targetStart..<targetEnd,
                                 major: version.major, minor: version.minor)
        return (parts, false)
    }

    /// Parses a complete status line (terminator removed), or returns `nil` when malformed.
    ///
    /// The reason phrase is optional: `HTTP/1.1 200` alone is accepted.
    static func parseStatusLine(_ line: UnsafeRawBufferPointer) -> StatusParts? {
        guard case .valid(let parts, let end) = Self.scanStatusLine(line),
              end == line.count || line[end] == ByteScan.space
        else { return nil }
        return parts
    }

    // MARK: - Resynchronisation rules

    /// Judges whether the line at the start of `bytes` starts a message of `kind`, by the
    /// stricter rules used when the parser does not know where messages begin.
    ///
    /// A status line needs `HTTP/1.` digit `SP` three digits. A request line needs a
    /// well-known method and `SP`, or a whole well-formed line ending in ` HTTP/1.x` whose
    /// method looks like one: upper-case letters, digits, `-` and `_` (`CCM_POST`,
    /// `VERSION-CONTROL`). So the tail of an unframed body glued to the next request
    /// (`helloGET / HTTP/1.1`) is not taken for a request. `bytes` may run past the end of
    /// the line.
    static func verdict(on bytes: UnsafeRawBufferPointer, kind: StartLineKind) -> Verdict {
        switch kind {
        case .response: Self.statusLineVerdict(on: bytes)
        case .request: Self.requestLineVerdict(on: bytes)
        }
    }

    private static func statusLineVerdict(on bytes: UnsafeRawBufferPointer) -> Verdict {
        switch Self.scanStatusLine(bytes) {
        case .valid(let parts, _): parts.major == 1 ? .accept : .reject(at: 5)
        case .invalid(let offending): .reject(at: offending)
        case .truncated: .needMore
        }
    }

    private static func requestLineVerdict(on bytes: UnsafeRawBufferPointer) -> Verdict {
        if Self.startsWithWellKnownMethod(bytes) {
            return .accept
        }
        var methodEnd = 0
        let methodScanEnd = min(bytes.count, Self.maxMethodBytes + 1)
        while methodEnd < methodScanEnd, Self.isResyncMethodCharacter(bytes[methodEnd]) {
            methodEnd += 1
        }
        guard methodEnd < bytes.count else { return .needMore }
        guard methodEnd > 0, methodEnd <= Self.maxMethodBytes,
              bytes[methodEnd] == ByteScan.space
        else { return .reject(at: methodEnd) }
        switch Self.scanRequestLine(bytes) {
        case .valid(let parts, let end):
            guard parts.major == 1 else { return .reject(at: end) }
            guard end < bytes.count else { return .needMore }
            if bytes[end] == ByteScan.lineFeed {
                return .accept
            }
            guard bytes[end] == ByteScan.carriageReturn else { return .reject(at: end) }
            guard end + 1 < bytes.count else { return .needMore }
            return bytes[end + 1] == ByteScan.lineFeed ? .accept : .reject(at: end)
        case .invalid(let offending):
            return .reject(at: offending)
        case .truncated:
            return .needMore
        }
    }

    /// Whether `byte` may be part of a method while resynchronising: `A`-`Z`, `0`-`9`, `-`, `_`.
    private static func isResyncMethodCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    private static func startsWithWellKnownMethod(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for method in Self.wellKnownMethods where bytes.count >= method.utf8CodeUnitCount {
            let expected = method.utf8Start
            var isMatch = true
            for index in 0..<method.utf8CodeUnitCount where bytes[index] != expected[index] {
                isMatch = false
                break
            }
            if isMatch {
                return true
            }
        }
        return false
    }
}
