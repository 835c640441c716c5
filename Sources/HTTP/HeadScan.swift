/// What the lines of a head in progress have said so far.
///
/// Filled line by line as the head arrives; turned into a `RequestHead` or `ResponseHead`, and
/// into the body's framing, when the empty line ends the head.
struct HeadScan {
    /// Whether the start line has been read.
    var hasStartLine = false
    /// Bytes of the head so far, line terminators included.
    var headBytes = 0
    /// The request method.
    var method: ByteSpan?
    /// The request-target.
    var target: ByteSpan?
    /// The first `Host` value.
    var host: ByteSpan?
    /// The version's major digit.
    var major: UInt8 = 1
    /// The version's minor digit.
    var minor: UInt8 = 1
    /// The response status code.
    var status = 0
    /// The `Content-Length` value, when one valid value was seen.
    var contentLength: Int?
    /// Whether a `Content-Length` was not a number or contradicted another.
    var hasBadContentLength = false
    /// Whether any `Transfer-Encoding` field was seen.
    var hasTransferEncoding = false
    /// Whether the final transfer coding is `chunked`.
    var isChunked = false
    /// Whether `Connection` listed `close`.
    var connectionClose = false
    /// Whether `Connection` listed `keep-alive`.
    var connectionKeepAlive = false
    /// Whether `Connection` listed `upgrade`.
    var connectionUpgrade = false
    /// Whether an `Upgrade` field was seen.
    var hasUpgradeField = false
    /// Whether `Expect: 100-continue` was seen.
    var expectsContinue = false

    /// The version as reported.
    var version: HTTPVersion {
        switch (self.major, self.minor) {
        case (1, 0): .http10
        case (1, 1): .http11
        default: .other("\(self.major).\(self.minor)")
        }
    }

    /// Whether the sender will close the connection after this message: `Connection: close`,
    /// or HTTP/1.0 (and older) without `keep-alive` (RFC 9112, section 9.3).
    var closesConnection: Bool {
        if self.connectionClose {
            return true
        }
        let isBeforeHTTP11 = self.major == 0 || (self.major == 1 && self.minor == 0)
        return isBeforeHTTP11 && !self.connectionKeepAlive
    }
}
