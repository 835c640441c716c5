import Capture

/// Head lines: the start line, header fields, and the framing decided when the head ends
/// (RFC 9112, sections 2 to 6).
extension HTTPStreamParser {
    /// Handles one line of a head.
    mutating func handleHeadLine(
        _ line: StreamLine,
        in bytes: UnsafeRawBufferPointer,
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) {
        self.head.headBytes += line.streamLength
        guard self.head.hasStartLine else {
            let isSimpleRequest = self.handleStartLine(line, at: timestamp, into: &sink)
            if isSimpleRequest {
                // An HTTP/0.9 request is its line alone: no fields, no body.
                self.completeHead(in: bytes, at: timestamp, into: &sink)
            }
            return
        }
        guard !line.content.isEmpty else {
            self.completeHead(in: bytes, at: timestamp, into: &sink)
            return
        }
        let first = line.content[0]
        let isFolded = first == ByteScan.space || first == ByteScan.tab
        guard !isFolded else {
            guard !ByteScan.containsNULOrBareCR(line.content) else {
                self.fail(.malformedHeader, at: timestamp, into: &sink)
                return
            }
            // Limitation: a folded continuation line (obsolete line folding) is ignored, so a
            // Host, Connection or length value continued on it is read without its continuation;
            // each is counted as http_folded_lines_ignored.
            self.counters.foldedLinesIgnored += 1
            return
        }
        if !self.handleFieldLine(line) {
            self.fail(.malformedHeader, at: timestamp, into: &sink)
        }
    }

    /// Reads a request line or status line, as the role expects.
    ///
    /// - Returns: Whether the line was an HTTP/0.9 simple request, which ends its head.
    private mutating func handleStartLine(
        _ line: StreamLine,
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) -> Bool {
        var isSimple = false
        switch self.role {
        case .client:
            // The request-line grammar excludes every control byte, NUL and bare CR included.
            guard let (parts, simple) = StartLine.parseRequestLineLeniently(line.content) else {
                self.fail(.malformedStartLine, at: timestamp, into: &sink)
                return false
            }
            isSimple = simple
            let method = UnsafeRawBufferPointer(rebasing: line.content[0..<parts.methodEnd])
            let target = UnsafeRawBufferPointer(rebasing: line.content[parts.target])
            self.head.method = self.record(method, of: line)
            self.head.target = self.record(target, of: line)
            self.head.major = parts.major
            self.head.minor = parts.minor
        case .server:
            guard let parts = StartLine.parseStatusLine(line.content),
                  !ByteScan.containsNULOrBareCR(line.content)
            else {
                self.fail(.malformedStartLine, at: timestamp, into: &sink)
                return false
            }
            self.head.status = parts.status
            self.head.major = parts.major
            self.head.minor = parts.minor
        }
        self.head.hasStartLine = true
        return isSimple
    }

    // MARK: - Header fields

    /// Reads `name ":" OWS value OWS`, keeping what framing and the report need.
    ///
    /// A line without a colon or with a name that is not a token is counted and ignored: the
    /// rest of the head is still good.
    ///
    /// - Returns: `false` when the line holds a `NUL` or a bare `CR`, which spoils the head.
    private mutating func handleFieldLine(_ line: StreamLine) -> Bool {
        let content = line.content
        var colon = 0
        while colon < content.count, ByteScan.isTokenCharacter(content[colon]) {
            colon += 1
        }
        guard colon > 0, colon < content.count, content[colon] == UInt8(ascii: ":") else {
            guard !ByteScan.containsNULOrBareCR(content) else { return false }
            self.counters.badHeaderLinesIgnored += 1
            return true
        }
        // The name is all token characters, so only the value can hold a NUL or a CR.
        let name = UnsafeRawBufferPointer(rebasing: content[0..<colon])
        let rawValue = UnsafeRawBufferPointer(rebasing: content[(colon + 1)...])
        guard !ByteScan.containsNULOrBareCR(rawValue) else { return false }
        guard let field = Self.recognisedField(name) else { return true }
        let value = ByteScan.trimmingWhitespace(rawValue)

        switch field {
        case .host:
            if self.head.host == nil {
                self.head.host = self.record(value, of: line)
            }
        case .expect:
            if ByteScan.matches(value, lowercase: "100-continue") {
                self.head.expectsContinue = true
            }
        case .upgrade:
            self.head.hasUpgradeField = true
        case .connection:
            self.readConnectionOptions(value)
        case .contentLength:
            self.readContentLength(value)
        case .transferEncoding:
            self.readTransferCodings(value)
        }
        return true
    }

    /// The header fields that framing or the report need.
    enum RecognisedField {
        /// `Host`: reported.
        case host
        /// `Expect`: `100-continue` is reported.
        case expect
        /// `Upgrade`: with `Connection: upgrade`, the request asks to switch protocols.
        case upgrade
        /// `Connection`: `close`, `keep-alive` and `upgrade` options.
        case connection
        /// `Content-Length`: body length.
        case contentLength
        /// `Transfer-Encoding`: chunked or not.
        case transferEncoding
    }

    /// Which recognised field `name` is, compared without case; most names are ruled out by
    /// their length alone.
    static func recognisedField(_ name: UnsafeRawBufferPointer) -> RecognisedField? {
        switch name.count {
        case 4 where ByteScan.matches(name, lowercase: "host"): .host
        case 6 where ByteScan.matches(name, lowercase: "expect"): .expect
        case 7 where ByteScan.matches(name, lowercase: "upgrade"): .upgrade
        case 10 where ByteScan.matches(name, lowercase: "connection"): .connection
        case 14 where ByteScan.matches(name, lowercase: "content-length"): .contentLength
        case 17 where ByteScan.matches(name, lowercase: "transfer-encoding"): .transferEncoding
        default: nil
        }
    }

    /// Notes `close`, `keep-alive` and `upgrade` among the Connection options.
    private mutating func readConnectionOptions(_ value: UnsafeRawBufferPointer) {
        ByteScan.forEachListElement(value) { option in
            if ByteScan.matches(option, lowercase: "close") {
                self.head.connectionClose = true
            } else if ByteScan.matches(option, lowercase: "keep-alive") {
                self.head.connectionKeepAlive = true
            } else if ByteScan.matches(option, lowercase: "upgrade") {
                self.head.connectionUpgrade = true
            }
        }
    }

    /// Reads a Content-Length: decimal digits only; a list of identical values (from a proxy
    /// that merged duplicates) counts as one value (RFC 9110, section 8.6).
    private mutating func readContentLength(_ value: UnsafeRawBufferPointer) {
        var sawValue = false
        ByteScan.forEachListElement(value) { element in
            sawValue = true
            guard let length = Self.decimalValue(element) else {
                self.head.hasBadContentLength = true
                return
            }
            if let earlier = self.head.contentLength, earlier != length {
                self.head.hasBadContentLength = true
            }
            self.head.contentLength = length
        }
        if !sawValue {
            self.head.hasBadContentLength = true
        }
    }

    /// Notes whether the final transfer coding is `chunked` (RFC 9112, section 6.1).
    private mutating func readTransferCodings(_ value: UnsafeRawBufferPointer) {
        var last: UnsafeRawBufferPointer?
        ByteScan.forEachListElement(value) { coding in
            last = coding
        }
        guard let last else { return }
        self.head.hasTransferEncoding = true
        self.head.isChunked = ByteScan.matches(last, lowercase: "chunked")
    }

    /// The value of a string of decimal digits, or `nil` for anything else or an overflow.
    static func decimalValue(_ digits: UnsafeRawBufferPointer) -> Int? {
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            guard let digit = ByteScan.digitValue(byte) else { return nil }
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = shifted.addingReportingOverflow(digit)
            guard !overflowA, !overflowB else { return nil }
            value = sum
        }
        return value
    }

    // MARK: - End of head

    /// Reports the finished head and sets up its body, as RFC 9112, section 6.3 orders.
    private mutating func completeHead(
        in bytes: UnsafeRawBufferPointer,
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) {
        switch self.role {
        case .client: self.completeRequestHead(in: bytes, at: timestamp, into: &sink)
        case .server: self.completeResponseHead(at: timestamp, into: &sink)
        }
    }

    private mutating func completeRequestHead(
        in bytes: UnsafeRawBufferPointer,
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) {
        let empty = ByteSpan(start: 0, count: 0, isKept: true)
        let request = RequestHead(
            method: self.string(self.head.method ?? empty, in: bytes),
            target: self.string(self.head.target ?? empty, in: bytes),
            version: self.head.version,
            host: self.head.host.map { self.string($0, in: bytes) },
            expectsContinue: self.head.expectsContinue,
            requestsUpgrade: self.head.connectionUpgrade && self.head.hasUpgradeField,
            closesConnection: self.head.closesConnection
        )
        sink.requestHeadParsed(request)

        if self.head.isChunked {
            self.state = .chunkSize
        } else if self.head.hasTransferEncoding {
            // Limitation: a request whose Transfer-Encoding does not end in chunked has no
            // knowable length (RFC 9112, section 6.3); it is reported incomplete with no body,
            // counted as http_unframed_request_bodies, and the parser resynchronises.
            self.counters.unframedRequestBodies += 1
            self.endMessage(at: timestamp, isComplete: false, into: &sink)
            self.state = .resyncLineStart
        } else {
            self.startLengthDelimitedBody(at: timestamp, into: &sink)
        }
    }

    private mutating func completeResponseHead(
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) {
        let response = ResponseHead(
            status: self.head.status,
            version: self.head.version,
            closesConnection: self.head.closesConnection
        )
        let context = sink.responseHeadParsed(response)
        let status = self.head.status

        if response.isInterim {
            self.counters.interimResponses += 1
            self.endMessage(at: timestamp, isComplete: true, into: &sink)
        } else if status == 101 || (context == .answersCONNECT && (200..<300).contains(status)) {
            self.endMessageAndBecomeOpaque(at: timestamp, into: &sink)
        } else if context == .answersHEAD || status == 204 || status == 304 {
            self.endMessage(at: timestamp, isComplete: true, into: &sink)
        } else if self.head.isChunked {
            self.state = .chunkSize
        } else if self.head.hasTransferEncoding
                    || (self.head.contentLength == nil && !self.head.hasBadContentLength) {
            self.state = .closeDelimitedBody
        } else {
            self.startLengthDelimitedBody(at: timestamp, into: &sink)
        }
    }

    /// Sets up a Content-Length body, or ends a message that has none.
    ///
    /// A bad Content-Length abandons the message after its head was reported: its body cannot
    /// be delimited, so the parser resynchronises.
    private mutating func startLengthDelimitedBody(
        at timestamp: Timestamp,
        into sink: inout some HTTPEventSink
    ) {
        guard !self.head.hasBadContentLength else {
            self.fail(.badContentLength, at: timestamp, into: &sink)
            return
        }
        guard let length = self.head.contentLength, length > 0 else {
            self.endMessage(at: timestamp, isComplete: true, into: &sink)
            return
        }
        self.state = .fixedBody(remaining: length)
    }
}
