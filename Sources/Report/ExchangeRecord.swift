import Capture
import Decode
import HTTP
import Kube
import Matching

/// Formats an `Exchange` as one JSON object on one line: the JSON Lines report.
///
/// Keys always appear in this order, and every key except `interim_status` is always present:
///
/// | key                   | value                                                        |
/// |-----------------------|--------------------------------------------------------------|
/// | `type`                | `"exchange"`                                                 |
/// | `time`                | RFC 3339 UTC time of the request's first byte, else of the   |
/// |                       | response's first byte; `null` when neither was seen          |
/// | `client`              | `{"ip": "10.0.0.1", "port": 5678}`: the side that asked      |
/// | `server`              | `{"ip": "10.0.0.2", "port": 80}`: the side that answered     |
/// | `method`              | request method as sent; `null` when the request was not seen |
/// | `path`                | request target as sent (query removed with `stripQuery`);    |
/// |                       | `null` when the request was not seen                         |
/// | `host`                | `Host` header value; `null` when absent or request not seen  |
/// | `version`             | request HTTP version, `"1.1"`; `null` when request not seen  |
/// | `status`              | final response status; `null` when no response was seen     |
/// | `interim_status`      | status of an interim (1xx) response; only when one was seen  |
/// | `duration_ms`         | request first byte to response last byte (or to the last    |
/// |                       | packet seen when unanswered); `null` without any time        |
/// | `wait_ms`             | request last byte to response first byte, or `null`          |
/// | `transfer_ms`         | response first byte to response last byte, or `null`         |
/// | `rtt_ms`              | the connection's TCP handshake round trip seen from the      |
/// |                       | capture point (network time), or `null` without a handshake  |
/// | `request_body_bytes`  | request body bytes (integer)                                 |
/// | `response_body_bytes` | response body bytes, chunk framing removed (integer)         |
/// | `request_start`       | RFC 3339 time of the request's first byte, or `null`         |
/// | `request_end`         | RFC 3339 time of the request's last byte, or `null`          |
/// | `response_start`      | RFC 3339 time of the final response's first byte, or `null`  |
/// | `response_end`        | RFC 3339 time of the response's last byte, or `null`         |
/// | `outcome`             | `complete`, `client_closed`, `reset`, `closed`, `timeout`,   |
/// |                       | `capture_ended`, `evicted`, `abandoned` or `response_only`   |
/// | `flags`               | array of flag names in a fixed order (`gap`, `retransmitted`,|
/// |                       | `reordered`, `midstream`, `truncated`, `request_incomplete`, |
/// |                       | `malformed_request`, `malformed_response`, `clock_skew`,     |
/// |                       | `upgraded`, `tunneled`);                                     |
/// |                       | may be empty                                                 |
/// | `connection_seq`      | 1 for the first exchange on its connection, then 2, 3, ...   |
///
/// Times carry nine fractional digits (`2026-12-04T15:46:30.123456789Z`); `_ms` values carry
/// exactly three decimals, rounded half up, never in exponent form. No header value other than
/// `Host` is ever printed.
public enum ExchangeRecord {
    /// Appends one exchange as a JSON object followed by a newline.
    ///
    /// - Parameters:
    ///   - exchange: The exchange to report.
    ///   - names: Who the two ends were, when pod identity is on; adds their names to
    ///     `client` and `server`, and `vantage` and `identity` at the end.
    ///   - options: What to leave out, and which labels to print.
    ///   - writer: The buffer to append to.
    public static func append(
        _ exchange: Exchange,
        names: ExchangeNames? = nil,
        options: ReportOptions,
        to writer: inout JSONWriter
    ) {
        writer.appendRaw("{\"type\":\"exchange\",\"time\":")
        Self.appendOptionalTime(exchange.requestStart ?? exchange.responseStart, to: &writer)
        writer.appendRaw(",\"client\":")
        Self.appendEndpoint(exchange.client, identity: names?.client, options: options,
                            to: &writer)
        writer.appendRaw(",\"server\":")
        Self.appendEndpoint(exchange.server, identity: names?.server, options: options,
                            to: &writer)
        Self.appendRequest(exchange.request, options: options, to: &writer)
        Self.appendStatuses(of: exchange, to: &writer)
        Self.appendTimings(of: exchange, to: &writer)
        writer.appendRaw(",\"outcome\":")
        writer.appendString(exchange.outcome.rawValue)
        writer.appendRaw(",\"flags\":")
        Self.appendFlags(exchange.flags, to: &writer)
        writer.appendRaw(",\"connection_seq\":")
        writer.appendInteger(exchange.sequenceInConnection)
        if let names {
            IdentityRecord.appendContext(names, to: &writer)
        }
        writer.appendRaw("}\n")
    }

    /// One exchange as a JSON line (with its newline), for tests and one-off use.
    public static func line(
        for exchange: Exchange,
        names: ExchangeNames? = nil,
        options: ReportOptions = ReportOptions()
    ) -> String {
        var writer = JSONWriter(capacity: 512)
        Self.append(exchange, names: names, options: options, to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    // MARK: - Parts

    private static func appendEndpoint(
        _ endpoint: Endpoint,
        identity: Identity?,
        options: ReportOptions,
        to writer: inout JSONWriter
    ) {
        writer.appendRaw("{\"ip\":")
        if let value = endpoint.ip.ipv4Value {
            // The common case, written digit by digit instead of through `description`.
            writer.appendByte(UInt8(ascii: "\""))
            for shift in stride(from: 24, through: 0, by: -8) {
                writer.appendInteger(Int((value >> UInt32(shift)) & 0xFF))
                if shift > 0 { writer.appendByte(UInt8(ascii: ".")) }
            }
            writer.appendByte(UInt8(ascii: "\""))
        } else {
            writer.appendString(endpoint.ip.description)
        }
        writer.appendRaw(",\"port\":")
        writer.appendInteger(Int(endpoint.port))
        if let identity {
            IdentityRecord.appendFields(of: identity, labelKeys: options.labelKeys, to: &writer)
        }
        writer.appendByte(UInt8(ascii: "}"))
    }

    private static func appendRequest(
        _ request: RequestHead?,
        options: ReportOptions,
        to writer: inout JSONWriter
    ) {
        guard let request else {
            writer.appendRaw(",\"method\":null,\"path\":null,\"host\":null,\"version\":null")
            return
        }
        writer.appendRaw(",\"method\":")
        writer.appendString(request.method)
        writer.appendRaw(",\"path\":")
        writer.appendString(options.reportedPath(request.target))
        writer.appendRaw(",\"host\":")
        if let host = request.host { writer.appendString(host) } else { writer.appendNull() }
        writer.appendRaw(",\"version\":")
        Self.appendVersion(request.version, to: &writer)
    }

    private static func appendVersion(_ version: HTTPVersion, to writer: inout JSONWriter) {
        switch version {
        case .http10: writer.appendRaw("\"1.0\"")
        case .http11: writer.appendRaw("\"1.1\"")
        case .other(let text): writer.appendString(text)
        }
    }

    private static func appendStatuses(of exchange: Exchange, to writer: inout JSONWriter) {
        writer.appendRaw(",\"status\":")
        if let response = exchange.response {
            writer.appendInteger(response.status)
        } else {
            writer.appendNull()
        }
        if let interim = exchange.interimStatus {
            writer.appendRaw(",\"interim_status\":")
            writer.appendInteger(interim)
        }
    }

    private static func appendTimings(of exchange: Exchange, to writer: inout JSONWriter) {
        writer.appendRaw(",\"duration_ms\":")
        Self.appendOptionalMilliseconds(exchange.durationNanoseconds, to: &writer)
        writer.appendRaw(",\"wait_ms\":")
        Self.appendOptionalMilliseconds(exchange.waitNanoseconds, to: &writer)
        writer.appendRaw(",\"transfer_ms\":")
        Self.appendOptionalMilliseconds(exchange.transferNanoseconds, to: &writer)
        writer.appendRaw(",\"rtt_ms\":")
        Self.appendOptionalMilliseconds(exchange.handshakeRTTNanoseconds, to: &writer)
        writer.appendRaw(",\"request_body_bytes\":")
        writer.appendInteger(exchange.requestBodyBytes)
        writer.appendRaw(",\"response_body_bytes\":")
        writer.appendInteger(exchange.responseBodyBytes)
        writer.appendRaw(",\"request_start\":")
        Self.appendOptionalTime(exchange.requestStart, to: &writer)
        writer.appendRaw(",\"request_end\":")
        Self.appendOptionalTime(exchange.requestEnd, to: &writer)
        writer.appendRaw(",\"response_start\":")
        Self.appendOptionalTime(exchange.responseStart, to: &writer)
        writer.appendRaw(",\"response_end\":")
        Self.appendOptionalTime(exchange.responseEnd, to: &writer)
    }

    private static func appendFlags(_ flags: ExchangeFlags, to writer: inout JSONWriter) {
        writer.appendByte(UInt8(ascii: "["))
        var isFirst = true
        for (flag, name) in ExchangeFlags.named where flags.contains(flag) {
            if !isFirst { writer.appendByte(UInt8(ascii: ",")) }
            writer.appendString(name)
            isFirst = false
        }
        writer.appendByte(UInt8(ascii: "]"))
    }

    private static func appendOptionalTime(_ time: Timestamp?, to writer: inout JSONWriter) {
        if let time { writer.appendTimestamp(time) } else { writer.appendNull() }
    }

    private static func appendOptionalMilliseconds(
        _ nanoseconds: Int64?,
        to writer: inout JSONWriter
    ) {
        if let nanoseconds {
            writer.appendMilliseconds(nanoseconds: nanoseconds)
        } else {
            writer.appendNull()
        }
    }
}
