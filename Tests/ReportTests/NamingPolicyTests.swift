import Capture
import Decode
import Foundation
import HTTP
import Kube
import Matching
import Report
import Testing

/// A fixed identity map for tests.
struct StubLookup: IdentityLookup {
    var identities: [IPAddress: Identity]
    var freshness: SyncState = .synced

    func identity(of ip: IPAddress, port: UInt16, at time: Timestamp) -> Identity? {
        self.identities[ip]
    }
}

@Suite struct NamingPolicyTests {
    static let frontend = Identity(
        pod: "shop-frontend-7d9f8b6c5d-x2x7q", namespace: "shop", uid: "u1",
        workload: Workload(kind: "Deployment", name: "shop-frontend"), node: "node-a",
        labels: [Label(key: "app", value: "shop-frontend"), Label(key: "version", value: "v2")]
    )
    static let database = Identity(
        pod: "kv-db-0", namespace: "data", uid: "u2",
        workload: Workload(kind: "StatefulSet", name: "kv-db"), node: "node-b",
        labels: [Label(key: "app", value: "kv-db")]
    )
    static let lookup = StubLookup(identities: [
        IPAddress("10.244.1.5")!: frontend, IPAddress("10.244.2.7")!: database,
    ])

    static func exchange(client: String = "10.244.1.5", server: String = "10.244.2.7")
        -> Exchange
    {
        Exchange(
            client: Endpoint(ip: IPAddress(client)!, port: 40_000),
            server: Endpoint(ip: IPAddress(server)!, port: 6380),
            sequenceInConnection: 1,
            request: RequestHead(method: "GET", target: "/kv/a", version: .http11),
            response: ResponseHead(status: 200, version: .http11),
            requestStart: Timestamp(nanoseconds: 1_000),
            requestEnd: Timestamp(nanoseconds: 2_000),
            responseStart: Timestamp(nanoseconds: 3_000),
            responseEnd: Timestamp(nanoseconds: 4_000)
        )
    }

    @Test("Both ends are named in the JSON line, with the selected labels only")
    func namedLine() throws {
        let policy = NamingPolicy(lookup: Self.lookup, labelKeys: ["app", "tier"],
                                  nodeName: "node-b")
        let names = policy.names(for: Self.exchange())
        let line = ExchangeRecord.line(for: Self.exchange(), names: names,
                                       options: ReportOptions(labelKeys: ["app", "tier"]))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        )
        let client = try #require(object["client"] as? [String: Any])
        #expect(client["pod"] as? String == "shop-frontend-7d9f8b6c5d-x2x7q")
        #expect(client["namespace"] as? String == "shop")
        #expect((client["workload"] as? [String: String]) == [
            "kind": "Deployment", "name": "shop-frontend",
        ])
        #expect(client["node"] as? String == "node-a")
        #expect((client["labels"] as? [String: String]) == ["app": "shop-frontend"])
        #expect(client["host_network"] == nil)
        let server = try #require(object["server"] as? [String: Any])
        #expect(server["pod"] as? String == "kv-db-0")
        #expect(object["vantage"] as? String == "server_node")
        #expect(object["identity"] as? String == "synced")
    }

    @Test("A stale map says so on every line")
    func staleMap() throws {
        var lookup = Self.lookup
        lookup.freshness = .stale(since: .zero, reason: "connection refused")
        let names = NamingPolicy(lookup: lookup).names(for: Self.exchange())
        let line = ExchangeRecord.line(for: Self.exchange(), names: names)
        #expect(line.contains(#""identity":"stale""#))
        #expect(!line.contains("vantage"))
    }

    @Test("Each exchange is reported by one node: the server's, or the client's for outsiders",
          arguments: [
              ("node-b", "10.244.2.7", true),
              ("node-a", "10.244.2.7", false),
              ("node-a", "203.0.113.9", true),
              ("node-c", "10.244.2.7", true),
          ])
    func vantage(node: String, server: String, admitted: Bool) {
        let policy = NamingPolicy(lookup: Self.lookup, nodeName: node)
        let names = policy.names(for: Self.exchange(server: server))
        #expect(policy.admits(names) == admitted)
        var everywhere = policy
        everywhere.reportsAllVantages = true
        #expect(everywhere.admits(names))
    }

    @Test("Namespace and selector limit the report to exchanges with a matching end")
    func scope() throws {
        let inData = NamingPolicy(lookup: Self.lookup, namespaces: ["data"])
        #expect(inData.admits(inData.names(for: Self.exchange())))
        let elsewhere = NamingPolicy(lookup: Self.lookup, namespaces: ["billing"])
        #expect(!elsewhere.admits(elsewhere.names(for: Self.exchange())))
        let selected = NamingPolicy(lookup: Self.lookup,
                                    selector: try LabelSelector(parsing: "version=v2"))
        #expect(selected.admits(selected.names(for: Self.exchange())))
        let unmatched = NamingPolicy(lookup: Self.lookup,
                                     selector: try LabelSelector(parsing: "app=billing"))
        #expect(!unmatched.admits(unmatched.names(for: Self.exchange())))
    }

    @Test("Named ends show as namespace/pod in the text line")
    func textNames() {
        let policy = NamingPolicy(lookup: Self.lookup)
        let names = policy.names(for: Self.exchange())
        let options = ReportOptions(labelKeys: ["app", "version"])
        let line = TextFormatter(options: options).line(for: Self.exchange(), names: names)
        #expect(line.contains("shop/shop-frontend-7d9f8b6c5d-x2x7q → data/kv-db-0:6380"))
        #expect(line.hasSuffix("{app=shop-frontend,version=v2} → {app=kv-db}"))
    }

    @Test("Before the first list, scope and vantage cannot decide: everything is reported")
    func notSyncedAdmitsAll() {
        var lookup = StubLookup(identities: [:])
        lookup.freshness = .notSynced
        let policy = NamingPolicy(lookup: lookup, namespaces: ["billing"], nodeName: "node-a")
        #expect(policy.admits(policy.names(for: Self.exchange())))
    }
}
