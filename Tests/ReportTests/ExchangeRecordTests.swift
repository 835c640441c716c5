import Capture
import Decode
import Foundation
import HTTP
import Matching
import Report
import Testing

@Suite struct ExchangeRecordTests {
    static let keyOrder = [
        "type", "time", "client", "server", "method", "path", "host", "version", "status",
        "interim_status", "duration_ms", "wait_ms", "transfer_ms", "rtt_ms", "request_body_bytes",
        "response_body_bytes", "request_start", "request_end", "response_start", "response_end",
        "outcome", "flags", "connection_seq",
    ]

    private func object(_ line: String) throws -> [String: Any] {
        try #require(try Fixtures.parse(Array(line.utf8)) as? [String: Any])
    }

    @Test("A full exchange parses back with every field")
    func fullExchange() throws {
        let line = ExchangeRecord.line(for: Fixtures.fullExchange())
        let record = try self.object(line)

        #expect(record["type"] as? String == "exchange")
        #expect(record["time"] as? String == "2026-12-04T15:46:30.123456789Z")
        let client = try #require(record["client"] as? [String: Any])
        #expect(client["ip"] as? String == "10.0.0.1")
        #expect(client["port"] as? Int == 5678)
        let server = try #require(record["server"] as? [String: Any])
        #expect(server["ip"] as? String == "10.0.0.2")
        #expect(server["port"] as? Int == 80)
        #expect(record["method"] as? String == "POST")
        #expect(record["path"] as? String == "/api/items?token=secret&x=1")
        #expect(record["host"] as? String == "shop.example")
        #expect(record["version"] as? String == "1.1")
        #expect(record["status"] as? Int == 201)
        #expect(record["interim_status"] as? Int == 100)
        #expect(record["request_body_bytes"] as? Int == 512)
        #expect(record["response_body_bytes"] as? Int == 2_048)
        #expect(record["request_start"] as? String == "2026-12-04T15:46:30.123456789Z")
        #expect(record["request_end"] as? String == "2026-12-04T15:46:30.124691356Z")
        #expect(record["response_start"] as? String == "2026-12-04T15:46:31.324791356Z")
        #expect(record["response_end"] as? String == "2026-12-04T15:46:31.358024679Z")
        #expect(record["outcome"] as? String == "complete")
        #expect(record["flags"] as? [String] == ["gap", "midstream"])
        #expect(record["connection_seq"] as? Int == 3)
        // Exact text of the numbers: three decimals, half up.
        #expect(line.contains(#""duration_ms":1234.568,"#))
        #expect(line.contains(#""wait_ms":1200.100,"#))
        #expect(line.contains(#""transfer_ms":33.233,"rtt_ms":0.250,"#))
    }

    @Test("A response-only exchange has nulls where the request and times are missing")
    func minimalExchange() throws {
        let line = ExchangeRecord.line(for: Fixtures.responseOnlyExchange())
        let record = try self.object(line)

        #expect(record["time"] as? String == "2026-12-04T15:46:30.123456789Z")
        #expect((record["client"] as? [String: Any])?["ip"] as? String == "::1")
        #expect((record["server"] as? [String: Any])?["ip"] as? String == "fe80::1")
        for key in ["method", "path", "host", "version", "wait_ms", "rtt_ms", "request_start",
                    "request_end"] {
            #expect(record[key] is NSNull, "\(key)")
        }
        #expect(record["interim_status"] == nil)
        #expect(record["status"] as? Int == 404)
        #expect(record["outcome"] as? String == "response_only")
        #expect(record["flags"] as? [String] == [])
        #expect(line.contains(#""duration_ms":1.000,"wait_ms":null,"transfer_ms":1.000,"#))
    }

    @Test("An exchange without any time has a null time and null durations")
    func noTimes() throws {
        let exchange = Exchange(
            client: Endpoint(ip: IPAddress("192.0.2.1")!, port: 1),
            server: Endpoint(ip: IPAddress("192.0.2.2")!, port: 2),
            sequenceInConnection: 9,
            request: RequestHead(method: "GET", target: "/", version: .other("0.9")),
            outcome: .abandoned,
            flags: [.malformedRequest]
        )
        let record = try self.object(ExchangeRecord.line(for: exchange))

        for key in ["time", "host", "status", "duration_ms", "wait_ms", "transfer_ms",
                    "response_end"] {
            #expect(record[key] is NSNull, "\(key)")
        }
        #expect(record["version"] as? String == "0.9")
        #expect(record["outcome"] as? String == "abandoned")
        #expect(record["flags"] as? [String] == ["malformed_request"])
    }

    @Test("Keys appear in the documented order, and no others")
    func keyOrder() throws {
        for exchange in [Fixtures.fullExchange(), Fixtures.responseOnlyExchange()] {
            let line = ExchangeRecord.line(for: exchange)
            let expected = Self.keyOrder.filter {
                $0 != "interim_status" || exchange.interimStatus != nil
            }
            let positions = try expected.map { key in
                try #require(line.range(of: "\"\(key)\":")?.lowerBound, "\(key)")
            }

            #expect(positions == positions.sorted())
            #expect(Set(try self.object(line).keys) == Set(expected))
        }
    }

    @Test("Every flag has its name, in the fixed order")
    func allFlags() throws {
        var exchange = Fixtures.fullExchange()
        exchange.flags = ExchangeFlags(ExchangeFlags.named.map(\.flag))
        let record = try self.object(ExchangeRecord.line(for: exchange))

        #expect(record["flags"] as? [String] == ExchangeFlags.named.map(\.name))
    }

    @Test(
        "stripQuery drops everything from the first question mark",
        arguments: [
            ("/api/items?token=secret&x=1", "/api/items"),
            ("/a?b?c", "/a"),
            ("/?only", "/"),
            ("/plain", "/plain"),
            ("http://h.example/p?q=1", "http://h.example/p"),
            ("?", ""),
        ]
    )
    func stripQuery(target: String, expected: String) throws {
        var exchange = Fixtures.fullExchange()
        exchange.request?.target = target
        let stripped = ExchangeRecord.line(for: exchange, options: ReportOptions(stripQuery: true))
        let kept = ExchangeRecord.line(for: exchange, options: ReportOptions(stripQuery: false))

        #expect(try self.object(stripped)["path"] as? String == expected)
        #expect(try self.object(kept)["path"] as? String == target)
    }

    @Test("Hostile method, path and host text stays inside its string, on one line")
    func hostileStrings() throws {
        var exchange = Fixtures.fullExchange()
        exchange.request?.method = "G\"E\\T"
        exchange.request?.target = "/\n{\"type\":\"fake\"}\u{0}\u{1B}[31m"
        exchange.request?.host = "h\r\nX-Injected: 1"
        let line = ExchangeRecord.line(for: exchange)
        let record = try self.object(line)

        #expect(line.filter { $0 == "\n" }.count == 1)
        #expect(line.last == "\n")
        #expect(record["method"] as? String == "G\"E\\T")
        #expect(record["path"] as? String == "/\n{\"type\":\"fake\"}\u{0}\u{1B}[31m")
        #expect(record["host"] as? String == "h\r\nX-Injected: 1")
        #expect(record["type"] as? String == "exchange")
    }

    @Test("Records appended one after another form JSON Lines")
    func severalRecords() throws {
        var writer = JSONWriter()
        let exchanges = [Fixtures.fullExchange(), Fixtures.responseOnlyExchange()]
        for exchange in exchanges {
            ExchangeRecord.append(exchange, options: ReportOptions(), to: &writer)
        }
        let lines = writer.bytes.split(separator: UInt8(ascii: "\n"))

        #expect(lines.count == 2)
        for (line, exchange) in zip(lines, exchanges) {
            let record = try Fixtures.parse(Array(line)) as? [String: Any]
            #expect(record?["connection_seq"] as? Int == exchange.sequenceInConnection)
        }
    }
}
