import Capture
import Decode
import Foundation
import HTTP
import Matching
import Report

/// Exchanges and helpers shared by the Report test suites.
enum Fixtures {
    /// 2026-12-04T15:46:30.123456789Z.
    static let start = Timestamp(seconds: 1_796_399_190, nanoseconds: 123_456_789)

    /// An exchange with every field set: request, interim and final response, bodies, times.
    static func fullExchange() -> Exchange {
        Exchange(
            client: Endpoint(ip: IPAddress("10.0.0.1")!, port: 5678),
            server: Endpoint(ip: IPAddress("10.0.0.2")!, port: 80),
            sequenceInConnection: 3,
            request: RequestHead(
                method: "POST",
                target: "/api/items?token=secret&x=1",
                version: .http11,
                host: "shop.example"
            ),
            response: ResponseHead(status: 201, version: .http11),
            interimStatus: 100,
            requestBodyBytes: 512,
            responseBodyBytes: 2_048,
            requestStart: Self.start,
            requestEnd: Self.start.advanced(byNanoseconds: 1_234_567),
            responseStart: Self.start.advanced(byNanoseconds: 1_201_334_567),
            responseEnd: Self.start.advanced(byNanoseconds: 1_234_567_890),
            outcome: .complete,
            handshakeRTTNanoseconds: 250_000,
            flags: [.gap, .midstream]
        )
    }

    /// A response whose request was never seen: nothing but endpoints and the response.
    static func responseOnlyExchange() -> Exchange {
        Exchange(
            client: Endpoint(ip: IPAddress("::1")!, port: 40_000),
            server: Endpoint(ip: IPAddress("fe80::1")!, port: 8_080),
            sequenceInConnection: 1,
            response: ResponseHead(status: 404, version: .http10),
            responseStart: Self.start,
            responseEnd: Self.start.advanced(byNanoseconds: 999_500),
            outcome: .responseOnly
        )
    }

    /// A request that got no answer, lasting `nanoseconds` from first to last byte.
    static func unansweredExchange(lasting nanoseconds: Int64) -> Exchange {
        Exchange(
            client: Endpoint(ip: IPAddress("127.0.0.1")!, port: 50_000),
            server: Endpoint(ip: IPAddress("127.0.0.1")!, port: 8_000),
            sequenceInConnection: 1,
            request: RequestHead(method: "GET", target: "/slow", version: .http11),
            requestStart: Self.start,
            requestEnd: Self.start.advanced(byNanoseconds: nanoseconds),
            outcome: .timeout
        )
    }

    /// A complete GET lasting `nanoseconds`.
    static func completeExchange(lasting nanoseconds: Int64) -> Exchange {
        Exchange(
            client: Endpoint(ip: IPAddress("127.0.0.1")!, port: 50_001),
            server: Endpoint(ip: IPAddress("127.0.0.1")!, port: 8_000),
            sequenceInConnection: 1,
            request: RequestHead(method: "GET", target: "/", version: .http11, host: "a"),
            response: ResponseHead(status: 200, version: .http11),
            requestStart: Self.start,
            requestEnd: Self.start,
            responseStart: Self.start,
            responseEnd: Self.start.advanced(byNanoseconds: nanoseconds)
        )
    }

    /// Parses one JSON text (any value, not only objects) with Foundation.
    static func parse(_ bytes: [UInt8]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    /// What `JSONWriter.appendString(_:)` writes for `text`, as a `String`.
    static func jsonString(_ text: String) -> String {
        var writer = JSONWriter()
        writer.appendString(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
