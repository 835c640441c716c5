import Capture
import Decode
import Kube
import Testing

/// Pod addresses are reused: every lookup names the pod that held the address at that time.
@Suite struct AddressReuseTests {
    typealias F = MapFixtures

    static let address = F.address("10.244.1.5")

    static func old(deletion: Int64? = nil) -> [UInt8] {
        F.bytes(F.pod(name: "web-old", uid: "uid-old", ip: "10.244.1.5", deletion: deletion))
    }

    static func new(started: Int64) -> [UInt8] {
        F.bytes(
            F.pod(
                name: "web-new",
                uid: "uid-new",
                ip: "10.244.1.5",
                created: started - 1,
                started: started
            )
        )
    }

    func name(_ map: IdentityMap, at seconds: Int64) -> String? {
        map.identity(of: Self.address, port: 8080, at: F.at(seconds))?.pod
    }

    @Test("A deleted pod's address names it through the grace, then nobody, then the new pod")
    func reuseAfterGrace() {
        let map = IdentityMap()
        map.apply(.pods, .added, object: Self.old(), at: F.at(1))
        map.apply(.pods, .deleted, object: Self.old(), at: F.at(100))
        map.apply(.pods, .added, object: Self.new(started: 140), at: F.at(141))

        #expect(self.name(map, at: 50) == "web-old")
        #expect(self.name(map, at: 100) == "web-old")
        #expect(self.name(map, at: 129) == "web-old")
        #expect(self.name(map, at: 130) == nil)
        #expect(self.name(map, at: 139) == nil)
        #expect(self.name(map, at: 140) == "web-new")
        #expect(self.name(map, at: 5000) == "web-new")
    }

    @Test("A new pod takes over its address from its own start, inside the old one's grace")
    func reuseInsideGrace() {
        let map = IdentityMap()
        map.apply(.pods, .added, object: Self.old(), at: F.at(1))
        map.apply(.pods, .deleted, object: Self.old(), at: F.at(100))
        map.apply(.pods, .added, object: Self.new(started: 110), at: F.at(111))

        #expect(self.name(map, at: 99) == "web-old")
        #expect(self.name(map, at: 105) == "web-old")
        #expect(self.name(map, at: 110) == "web-new")
        #expect(self.name(map, at: 120) == "web-new")
    }

    @Test("The new pod's events may arrive before the old one's deletion")
    func eventsOutOfOrder() {
        let map = IdentityMap()
        map.apply(.pods, .added, object: Self.old(), at: F.at(1))
        map.apply(.pods, .added, object: Self.new(started: 110), at: F.at(112))
        map.apply(.pods, .deleted, object: Self.old(), at: F.at(115))

        #expect(self.name(map, at: 109) == "web-old")
        #expect(self.name(map, at: 111) == "web-new")
        #expect(self.name(map, at: 140) == "web-new")
    }

    @Test("A deletion timestamp ends the pod a grace after it, even if DELETED never comes")
    func deletionTimestamp() {
        let map = IdentityMap()
        map.apply(.pods, .added, object: Self.old(), at: F.at(1))
        map.apply(.pods, .modified, object: Self.old(deletion: 200), at: F.at(170))

        #expect(self.name(map, at: 199) == "web-old")
        #expect(self.name(map, at: 229) == "web-old")
        #expect(self.name(map, at: 230) == nil)
    }

    @Test("A finished Job pod gives its address up a grace after it was seen finished")
    func terminatedPod() {
        let map = IdentityMap()
        let running = F.pod(
            name: "job-x",
            uid: "uid-job",
            ip: "10.244.1.5",
            owner: ("Job", "job")
        )
        let done = F.pod(
            name: "job-x",
            uid: "uid-job",
            ip: "10.244.1.5",
            owner: ("Job", "job"),
            phase: "Succeeded"
        )
        map.apply(.pods, .added, object: F.bytes(running), at: F.at(1))
        map.apply(.pods, .modified, object: F.bytes(done), at: F.at(300))
        map.apply(.pods, .modified, object: F.bytes(done), at: F.at(400))

        #expect(self.name(map, at: 329) == "job-x")
        #expect(self.name(map, at: 330) == nil)

        map.apply(.pods, .added, object: Self.new(started: 500), at: F.at(501))
        #expect(self.name(map, at: 501) == "web-new")
    }

    @Test("A re-list ends pods missing from it a grace after the list, keeping their history")
    func relistDropsPod() {
        let map = IdentityMap()
        let other = F.bytes(F.pod(name: "stays", uid: "uid-stays", ip: "10.244.1.6"))
        map.replace(.pods, with: [Self.old(), other], at: F.at(10))
        map.replace(.pods, with: [other], at: F.at(500))

        #expect(self.name(map, at: 400) == "web-old")
        #expect(self.name(map, at: 529) == "web-old")
        #expect(self.name(map, at: 530) == nil)
        let stays = map.identity(of: F.address("10.244.1.6"), port: 80, at: F.at(600))
        #expect(stays?.pod == "stays")
    }

    @Test("A pod that comes back in a later list or event is named again")
    func relistFalseAlarm() {
        let map = IdentityMap()
        map.replace(.pods, with: [Self.old()], at: F.at(10))
        map.replace(.pods, with: [], at: F.at(20))
        map.apply(.pods, .modified, object: Self.old(), at: F.at(25))

        #expect(self.name(map, at: 1000) == "web-old")
    }

    @Test("The grace is configurable")
    func configurableGrace() {
        let map = IdentityMap(graceNanoseconds: 5_000_000_000)
        map.apply(.pods, .added, object: Self.old(), at: F.at(1))
        map.apply(.pods, .deleted, object: Self.old(), at: F.at(100))

        #expect(self.name(map, at: 104) == "web-old")
        #expect(self.name(map, at: 105) == nil)
    }

    @Test("Records that ended before the retention are pruned as updates arrive")
    func pruning() {
        let map = IdentityMap(retentionNanoseconds: 60_000_000_000)
        map.apply(.pods, .added, object: Self.old(), at: F.at(1))
        map.apply(.pods, .deleted, object: Self.old(), at: F.at(100))
        #expect(map.statistics.addressRecords == 1)

        let unrelated = F.bytes(F.pod(name: "u", uid: "uid-u", ip: "10.244.7.7"))
        map.apply(.pods, .added, object: unrelated, at: F.at(180))
        #expect(map.statistics.prunedRecords == 0)
        #expect(self.name(map, at: 50) == "web-old")

        map.apply(.pods, .modified, object: unrelated, at: F.at(200))
        #expect(map.statistics.prunedRecords == 1)
        #expect(map.statistics.addressRecords == 1)
        #expect(map.statistics.pods == 1)
        #expect(self.name(map, at: 50) == nil)
    }

    @Test("Dual-stack pods are named on both addresses")
    func dualStack() {
        let map = IdentityMap()
        let pod = """
            {"kind": "Pod", "metadata": {"name": "dual", "namespace": "shop", "uid": "uid-dual",
              "creationTimestamp": "2024-05-01T12:00:00Z"},
             "spec": {"nodeName": "node-a"},
             "status": {"phase": "Running", "podIP": "10.244.8.8",
               "podIPs": [{"ip": "10.244.8.8"}, {"ip": "fd00:10:244::88"}],
               "startTime": "2024-05-01T12:00:01Z"}}
            """
        map.apply(.pods, .added, object: F.bytes(pod), at: F.at(2))

        for address in ["10.244.8.8", "fd00:10:244::88"] {
            #expect(map.identity(of: F.address(address), port: 80, at: F.at(1))?.pod == "dual")
        }
    }

    @Test("A 10,000-pod map answers every address, across a churn of half of them")
    func largeMap() {
        let map = IdentityMap()
        let count = 10_000
        func address(_ index: Int) -> String {
            "10.\(100 + index / 65_536).\((index / 256) % 256).\(index % 256)"
        }
        let first = (0..<count).map { index in
            F.bytes(F.pod(name: "a-\(index)", uid: "uid-a-\(index)", ip: address(index)))
        }
        map.replace(.pods, with: first, at: F.at(10))

        for index in stride(from: 0, to: count, by: 2) {
            map.apply(.pods, .deleted, object: first[index], at: F.at(100))
            let successor = F.pod(
                name: "b-\(index)",
                uid: "uid-b-\(index)",
                ip: address(index),
                created: 200,
                started: 200
            )
            map.apply(.pods, .added, object: F.bytes(successor), at: F.at(201))
        }

        var wrong = 0
        for index in 0..<count {
            let ip = F.address(address(index))
            if map.identity(of: ip, port: 80, at: F.at(50))?.pod != "a-\(index)" {
                wrong += 1
            }
            let later = index % 2 == 0 ? "b-\(index)" : "a-\(index)"
            if map.identity(of: ip, port: 80, at: F.at(300))?.pod != later {
                wrong += 1
            }
        }
        #expect(wrong == 0)
        #expect(map.statistics.pods == count + count / 2)
        #expect(map.statistics.addressRecords == count + count / 2)
    }
}
