import Decode
import Foundation
import Kube
import Matching
import Report
import Testing

/// Replays the capture recorded between two network namespaces standing for two pods, with
/// the pods file written for that cluster, and checks every end is named as the recording
/// script created it.
@Suite struct PodIdentityFixtureTests {
    struct TruthIdentity: Decodable {
        struct TruthWorkload: Decodable {
            var kind: String
            var name: String
        }

        var pod: String
        var namespace: String
        var uid: String
        var workload: TruthWorkload
        var node: String
        var labels: [String: String]
    }

    struct Truth: Decodable {
        var identities: [String: TruthIdentity]
        var pods_file: String
    }

    @Test("Every client and server of the pod-addressed capture is named from the pods file")
    func everyEndNamed() throws {
        let truthURL = Replay.fixtures.appendingPathComponent("pods.truth.json")
        let truth = try JSONDecoder().decode(Truth.self, from: Data(contentsOf: truthURL))
        let podsFile = Replay.fixtures.appendingPathComponent(truth.pods_file).path
        let map = try PodsFile.load(path: podsFile)
        let policy = NamingPolicy(lookup: map)
        let result = Replay.run(Replay.fixtures.appendingPathComponent("pods.pcap").path)

        #expect(result.exchanges.count == 15)
        for exchange in result.exchanges {
            let names = policy.names(for: exchange)
            for (endpoint, identity) in [
                (exchange.client, names.client), (exchange.server, names.server),
            ] {
                let expected = try #require(truth.identities[endpoint.ip.description])
                let named = try #require(identity, "\(endpoint) has no name")
                #expect(named.pod == expected.pod)
                #expect(named.namespace == expected.namespace)
                #expect(named.uid == expected.uid)
                #expect(named.workload == Workload(kind: expected.workload.kind,
                                                   name: expected.workload.name))
                #expect(named.node == expected.node)
                let labels = Dictionary(uniqueKeysWithValues: named.labels.map {
                    ($0.key, $0.value)
                })
                #expect(labels == expected.labels)
                #expect(!named.isHostNetwork)
            }
            #expect(names.freshness == .synced)
        }
    }

    @Test("earshot replay --pods-file prints the names in every line")
    func commandLine() throws {
        let run = try EarshotBinary.run([
            "replay", Replay.fixtures.appendingPathComponent("pods.pcap").path,
            "--pods-file", Replay.fixtures.appendingPathComponent("pods.pods.json").path,
            "--all", "--format", "json",
        ])

        #expect(run.status == 0, "\(run)")
        #expect(run.outputLines.count == 15, "\(run)")
        for line in run.outputLines {
            #expect(line.contains(#""pod":"shop-frontend-7d9f8b6c5d-x2x7q","namespace":"shop""#))
            #expect(line.contains(#""pod":"kv-db-0","namespace":"data""#))
            #expect(line.contains(#""workload":{"kind":"StatefulSet","name":"kv-db"}"#))
            #expect(line.contains(#""labels":{"app":"kv-db","app.kubernetes.io/name":"kv-db"}"#))
        }
    }
}
