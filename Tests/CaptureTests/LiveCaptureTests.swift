import Capture
import Foundation
import Testing

/// Live capture needs root or CAP_NET_RAW; CI runs as root. Traffic stays on loopback.
@Suite(.serialized) struct LiveCaptureTests {
    static let isRoot = getuid() == 0

    @Test("A filter that does not compile is reported with the filter", .enabled(if: isRoot))
    func badFilter() throws {
        let options = LiveCaptureOptions(interface: "lo", filter: "tcp and and")

        let error = #expect(throws: CaptureError.self) { try LiveCapture(options: options) }
        guard case .badFilter(filter: "tcp and and", let reason) = error else {
            Issue.record("expected badFilter, got \(error.debugText)")
            return
        }
        #expect(!reason.isEmpty)
        #expect(error?.description.hasPrefix("invalid capture filter 'tcp and and': ") == true)
    }

    @Test("An unknown interface is reported with the interfaces there are", .enabled(if: isRoot))
    func noSuchInterface() throws {
        let options = LiveCaptureOptions(interface: "nosuchif0")

        let error = #expect(throws: CaptureError.self) { try LiveCapture(options: options) }
        guard case .noSuchInterface(interface: "nosuchif0", let available) = error else {
            Issue.record("expected noSuchInterface, got \(error.debugText)")
            return
        }
        #expect(available.contains("lo"))
        #expect(error?.description.contains("choose one of: ") == true)
        #expect(error?.description.contains("lo") == true)
    }

    @Test("Without privileges opening an interface asks for root or CAP_NET_RAW",
          .enabled(if: !isRoot))
    func permissionDenied() throws {
        let error = #expect(throws: CaptureError.self) {
            try LiveCapture(options: LiveCaptureOptions(interface: "lo"))
        }
        #expect(error == .permissionDenied(interface: "lo"))
        #expect(error?.description.hasSuffix("run as root or grant CAP_NET_RAW") == true)
    }

    @Test("The permission message says how to fix it")
    func permissionMessage() {
        let message = CaptureError.permissionDenied(interface: "eth9").description
        #expect(message == "cannot open 'eth9' for capture: permission denied; "
            + "run as root or grant CAP_NET_RAW")
    }

    @Test("Options libpcap would reject are refused before opening anything", arguments: [
        (LiveCaptureOptions(snapLength: 0), "snapLength"),
        (LiveCaptureOptions(snapLength: 1 << 40), "snapLength"),
        (LiveCaptureOptions(bufferSizeBytes: 0), "bufferSizeBytes"),
        (LiveCaptureOptions(bufferSizeBytes: 1 << 40), "bufferSizeBytes"),
        (LiveCaptureOptions(readTimeoutMs: -1), "readTimeoutMs"),
    ])
    func invalidOptions(options: LiveCaptureOptions, name: String) {
        let error = #expect(throws: CaptureError.self) { try LiveCapture(options: options) }
        guard case .invalidOption(name, _, _) = error else {
            Issue.record("expected invalidOption(\(name)), got \(error.debugText)")
            return
        }
    }

    @Test("Packets of a loopback connection arrive within five seconds", .enabled(if: isRoot))
    func loopbackPackets() throws {
        let listener = try #require(LoopbackListener())
        let options = LiveCaptureOptions(interface: "lo", filter: "tcp port \(listener.port)")
        let capture = try LiveCapture(options: options)
        #expect(capture.linkType == .ethernet)

        let before = Date().timeIntervalSince1970
        #expect(listener.connectAndSend(Array("GET / HTTP/1.1\r\n\r\n".utf8)))
        let packets = Self.read(from: capture, atLeast: 4, withinSeconds: 5)

        #expect(packets.count >= 4)
        let earliest = Int64((before - 5) * 1e9)
        let latest = Int64((Date().timeIntervalSince1970 + 5) * 1e9)
        #expect(packets.allSatisfy { (earliest...latest).contains($0.timestamp.nanoseconds) })
        #expect(packets.allSatisfy { $0.linkType == .ethernet && $0.bytes.count >= 54 })
        let statistics = try #require(capture.statistics())
        #expect(statistics.received >= UInt32(packets.count))
        #expect(statistics.droppedByKernel == 0)
    }

    @Test("Capturing on any uses Linux cooked v2 unless v1 is asked for",
          .enabled(if: isRoot), arguments: [true, false])
    func anyInterfaceLinkType(prefersCookedV2: Bool) throws {
        let options = LiveCaptureOptions(interface: "any", prefersCookedV2: prefersCookedV2)
        let capture = try LiveCapture(options: options)

        #expect(capture.linkType == (prefersCookedV2 ? .linuxCookedV2 : .linuxCooked))
    }

    @Test("Cooked v2 packets from any carry the loopback traffic", .enabled(if: isRoot))
    func anyInterfacePackets() throws {
        let listener = try #require(LoopbackListener())
        let options = LiveCaptureOptions(interface: "any", filter: "tcp port \(listener.port)")
        let capture = try LiveCapture(options: options)

        #expect(listener.connectAndSend([0x41]))
        let packets = Self.read(from: capture, atLeast: 1, withinSeconds: 5)

        let first = try #require(packets.first)
        #expect(first.linkType == .linuxCookedV2)
        // Cooked v2: the protocol type (IPv4, 0x0800) is the first two bytes.
        #expect(Array(first.bytes.prefix(2)) == [0x08, 0x00])
    }

    @Test("A read with no traffic times out after the read timeout", .enabled(if: isRoot))
    func readTimeout() throws {
        let options = LiveCaptureOptions(interface: "lo", filter: "tcp port 9", readTimeoutMs: 50)
        let capture = try LiveCapture(options: options)

        let clock = ContinuousClock()
        let start = clock.now
        let result = try capture.readPacket { _ in () }
        guard case .timeout = result else {
            Issue.record("expected .timeout, got \(result)")
            return
        }
        #expect(clock.now - start < .seconds(2))
    }

    @Test(
        "breakLoop from another thread ends a read waiting without timeout, and later reads",
        .enabled(if: isRoot)
    )
    func breakLoopFromAnotherThread() throws {
        let options = LiveCaptureOptions(interface: "lo", filter: "tcp port 9", readTimeoutMs: 0)
        let capture = try LiveCapture(options: options)

        let breaker = Thread {
            Thread.sleep(forTimeInterval: 0.2)
            capture.breakLoop()
        }
        breaker.start()
        let outcome = capture.readAll(limit: 200)

        #expect(outcome.error == nil)
        #expect(outcome.packets.isEmpty)
        guard case .end = try capture.readPacket({ _ in () }) else {
            Issue.record("a read after breakLoop should return end")
            return
        }
    }

    @Test("libpcap names itself and lists the loopback interface")
    func libraryFacts() throws {
        #expect(LiveCapture.libraryVersion.hasPrefix("libpcap version "))
        #expect(try LiveCapture.listInterfaces().contains("lo"))
    }

    /// Reads until `count` packets arrived or `seconds` passed, copying them.
    static func read(
        from capture: LiveCapture,
        atLeast count: Int,
        withinSeconds seconds: Int
    ) -> [ReadPacket] {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(seconds)
        var packets: [ReadPacket] = []
        while packets.count < count && clock.now < deadline {
            packets += capture.readAll(limit: 1).packets
        }
        return packets
    }
}
