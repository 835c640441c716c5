import Foundation

/// The truth recorded beside a fixture by fixtures/record.py, from the traffic's own side.
struct FixtureTruth: Decodable {
    struct Peer: Decodable, Hashable {
        var ip: String
        var port: Int
    }

    struct TruthExchange: Decodable {
        var method: String?
        var path: String?
        var host: String?
        var status: Int?
        var interim_status: Int?
        var request_body_bytes: Int?
        var response_body_bytes: Int?
        var server_delay_ms: Double?
        var client_latency_ms: Double?
        var outcome: String?
    }

    struct TruthConnection: Decodable {
        var client: Peer
        var server: Peer
        var exchanges: [TruthExchange]
    }

    var fixture: String
    var connections: [TruthConnection]
    var total_exchanges: Int
    /// What the capture cannot show of the truth (a short snap length), when anything.
    var limitation: String?

    /// Every fixture with a truth file, by name.
    static func all() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Replay.fixtures.path))
            ?? []
        return names.filter { $0.hasSuffix(".truth.json") }
            .map { String($0.dropLast(".truth.json".count)) }
            .sorted()
    }

    static func load(_ name: String) throws -> FixtureTruth {
        let url = Replay.fixtures.appendingPathComponent(name + ".truth.json")
        return try JSONDecoder().decode(FixtureTruth.self, from: Data(contentsOf: url))
    }
}
