import Capture
import Testing

@Suite struct CaptureErrorTests {
    static let allCases: [CaptureError] = [
        .fileNotFound(path: "/tmp/a.pcap"),
        .isDirectory(path: "/tmp"),
        .unreadableFile(path: "/tmp/a.pcap", reason: "permission denied"),
        .emptyFile(path: "/tmp/a.pcap"),
        .notACapture(path: "/tmp/a.pcap", reason: "unknown file format"),
        .corruptFile(path: "/tmp/a.pcap", reason: "truncated dump file", packetsRead: 2),
        .cannotWrite(path: "/tmp/a.pcap", reason: "no such file or directory"),
        .permissionDenied(interface: "eth9"),
        .noSuchInterface(interface: "eth9", available: ["any", "lo"]),
        .noSuchInterface(interface: "eth9", available: []),
        .interfaceNotUp(interface: "eth9"),
        .captureFailed(interface: "eth9", reason: "socket: address family not supported"),
        .badFilter(filter: "tcp and and", reason: "syntax error"),
        .invalidOption(name: "snapLength", value: 0, expected: "1 to 262144 bytes"),
        .readFailed(interface: "eth9", reason: "the interface went down"),
        .interfaceListFailed(reason: "socket: permission denied"),
    ]

    @Test("Every message is one lower-case line without a period, problem then remedy",
          arguments: allCases)
    func messageShape(error: CaptureError) {
        let message = error.description

        #expect(message.first?.isLowercase == true)
        #expect(!message.contains("\n"))
        #expect(!message.hasSuffix("."))
        let parts = message.split(separator: "; ")
        #expect(parts.count == 2, "problem; remedy")
        #expect(parts.last.map { !$0.isEmpty } == true)
    }

    @Test("A file error names the file and a read error counts the packets in words")
    func corruptFileCount() {
        let one = CaptureError.corruptFile(path: "/x.pcap", reason: "bad", packetsRead: 1)
        let many = CaptureError.corruptFile(path: "/x.pcap", reason: "bad", packetsRead: 40)

        #expect(one.description.hasPrefix("cannot read capture file '/x.pcap' after 1 packet: "))
        #expect(many.description.contains("after 40 packets: "))
    }

    @Test("A missing interface lists the ones that exist")
    func interfaceChoice() {
        let error = CaptureError.noSuchInterface(interface: "eth9", available: ["any", "lo"])
        #expect(error.description == "cannot open 'eth9' for capture: no such interface; "
            + "choose one of: any, lo")
    }
}
