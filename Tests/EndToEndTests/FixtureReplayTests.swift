import Decode
import Foundation
import Matching
import Testing

/// Replays every recorded fixture and holds earshot to the truth the recording script took
/// from the client and the server themselves.
@Suite struct FixtureReplayTests {
    @Test("The fixtures folder holds the recorded scenarios")
    func fixturesExist() {
        #expect(FixtureTruth.all().count >= 15, "fixtures: \(FixtureTruth.all())")
    }

    @Test("Every fixture replays to exactly its true exchanges", arguments: FixtureTruth.all())
    func replay(name: String) throws {
        let truth = try FixtureTruth.load(name)
        let result = Replay.run(Replay.fixtures.appendingPathComponent(name + ".pcap").path)
        #expect(result.failure == nil, "\(name): \(String(describing: result.failure))")
        if let limitation = truth.limitation {
            // What the capture itself cannot tell (its truth file says why): earshot must
            // still invent nothing, and the rest of the comparison is a known issue.
            #expect(result.exchanges.count <= truth.total_exchanges)
            withKnownIssue(Comment(rawValue: limitation), isIntermittent: true) {
                Self.compareAll(result, with: truth, in: name)
            }
            return
        }
        Self.compareAll(result, with: truth, in: name)
    }

    /// Holds a replay to its fixture's truth: the count, then each connection in order.
    static func compareAll(_ result: Replay.Result, with truth: FixtureTruth, in name: String) {
        #expect(result.exchanges.count == truth.total_exchanges,
                "\(name): \(result.exchanges.map(\.summary))")
        for connection in truth.connections {
            let seen = result.exchanges.filter {
                $0.client.port == UInt16(connection.client.port)
                    && $0.client.ip == IPAddress(connection.client.ip)
            }
            #expect(seen.count == connection.exchanges.count,
                    "\(name) client port \(connection.client.port): \(seen.map(\.summary))")
            for (exchange, expected) in zip(seen, connection.exchanges) {
                Self.compare(exchange, with: expected, in: name)
            }
        }
    }

    /// Holds one exchange to its truth: what was asked and answered, and when.
    static func compare(
        _ exchange: Exchange,
        with expected: FixtureTruth.TruthExchange,
        in name: String
    ) {
        let label = "\(name) \(exchange.summary)"
        #expect(exchange.request?.method == expected.method, "\(label)")
        #expect(exchange.request?.target == expected.path, "\(label)")
        #expect(exchange.response?.status == expected.status, "\(label)")
        if let host = expected.host {
            #expect(exchange.request?.host == host, "\(label)")
        }
        if let interim = expected.interim_status {
            #expect(exchange.interimStatus == interim, "\(label)")
        }
        if let outcome = expected.outcome {
            #expect(exchange.outcome.rawValue == outcome, "\(label)")
        }
        if let bytes = expected.request_body_bytes {
            #expect(exchange.requestBodyBytes == bytes, "\(label) request body")
        }
        if let bytes = expected.response_body_bytes, expected.outcome ?? "complete" == "complete" {
            #expect(exchange.responseBodyBytes == bytes, "\(label) response body")
        }
        let durationMs = Double(exchange.durationNanoseconds ?? -1) / 1e6
        if let delay = expected.server_delay_ms, exchange.outcome == .complete {
            // The server slept `delay` after reading the request: the exchange cannot be
            // shorter, and neither can the wait between request and response.
            #expect(durationMs >= delay, "\(label): duration \(durationMs) < delay \(delay)")
            let waitMs = Double(exchange.waitNanoseconds ?? -1) / 1e6
            #expect(waitMs >= delay - 1, "\(label): wait \(waitMs) < delay \(delay)")
        }
        if let latency = expected.client_latency_ms, exchange.outcome == .complete {
            // The client's clock wraps the wire time, so the wire time is never longer. It can
            // be shorter by the client's own overhead (a Python client reading 5 MB is slow),
            // but not by more than that: a pairing error would be off by whole exchanges.
            #expect(durationMs <= latency + 2, "\(label): \(durationMs) ms vs client \(latency)")
            #expect(durationMs >= latency * 0.5 - 10,
                    "\(label): \(durationMs) ms vs client \(latency)")
        }
    }
}
