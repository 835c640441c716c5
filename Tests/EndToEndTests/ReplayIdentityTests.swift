import Foundation
import Testing
import TestSupport

/// A replay named from the Kubernetes API: it must wait for the first lists, since the replay
/// itself is over in moments.
@Suite struct ReplayIdentityTests {
    @Test("replay --kubeconfig waits for the API's lists and names every line")
    func replayNamedFromAPI() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let podsFile = Replay.fixtures.appendingPathComponent("pods.pods.json")
        let list = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: podsFile)) as? [String: Any]
        )
        let objects = list["items"] as? [[String: Any]] ?? []
        func items(of kind: String) -> [String: Any] {
            ["items": objects.filter { $0["kind"] as? String == kind }, "resourceVersion": "10"]
        }
        let hang: [String: Any] = ["events": [] as [Any], "end": "hang"]
        let token = "replay-token"
        let api = try FakeKubeAPI(in: scratch, scenario: [
            "token": token,
            "routes": [
                "list pods": [items(of: "Pod")], "watch pods": [hang],
                "list services": [items(of: "Service")], "watch services": [hang],
                "list nodes": [items(of: "Node")], "watch nodes": [hang],
            ] as [String: Any],
        ])
        defer { api.stop() }
        let kubeconfig = try api.writeKubeconfig(token: token)

        let run = try EarshotBinary.run([
            "replay", Replay.fixtures.appendingPathComponent("pods.pcap").path,
            "--kubeconfig", kubeconfig, "--all", "--format", "json",
        ], timeoutSeconds: 60)

        #expect(run.status == 0, "\(run)")
        #expect(run.outputLines.count == 15, "\(run)")
        for line in run.outputLines {
            #expect(line.contains(#""pod":"shop-frontend-7d9f8b6c5d-x2x7q","namespace":"shop""#))
            #expect(line.contains(#""pod":"kv-db-0","namespace":"data""#))
            #expect(line.contains(#""identity":"synced""#))
        }
    }

    @Test("--namespace or --selector without any pod names is a usage error",
          arguments: [["--namespace", "data"], ["--selector", "app=kv-db"]])
    func scopeNeedsNames(option: [String]) throws {
        let run = try EarshotBinary.run(
            ["replay", Replay.fixtures.appendingPathComponent("pods.pcap").path] + option
        )

        #expect(run.status == 64, "\(run)")
        #expect(run.standardOutput.isEmpty, "\(run)")
        #expect(run.standardError.contains("need pod names"), "\(run)")
    }
}
