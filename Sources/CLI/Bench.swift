#if canImport(Glibc)
import Glibc
#endif
import Capture
import Decode
import Matching
import Report

/// `earshot bench`: how fast replay runs, as a ratio to a bare libpcap read loop over the same
/// file in the same run, so the numbers compare across machines.
struct Bench {
    let options: Options
    let log: Log

    /// Writes the synthetic capture, times every stage and prints the table.
    func run() -> Int32 {
        let keepsFile = self.options.benchOutputPath != nil
        let path = self.options.benchOutputPath ?? "/tmp/earshot-bench-\(getpid()).pcap"
        defer { if !keepsFile { unlink(path) } }
        var traffic = SyntheticTraffic(packets: self.options.benchPackets)
        do {
            try traffic.write(to: path)
        } catch {
            self.log.error(describing: error)
            return 1
        }
        if keepsFile {
            Console.write("bench: wrote \(traffic.packetsWritten) packets to \(path)", to: 1)
            return 0
        }
        Console.write("bench: \(traffic.packetsWritten) packets, "
                      + "\(traffic.connections) connections, "
                      + "\(traffic.connections * traffic.exchangesPerConnection) exchanges", to: 1)
        let stages: [(name: String, run: (String) -> Int)] = [
            ("pcap_next_ex loop (baseline)", Self.readOnly),
            ("decode only", Self.decodeOnly),
            ("full replay, nothing reported", { Self.replay($0, reportAll: false) }),
            ("full replay, every exchange as JSON", { Self.replay($0, reportAll: true) }),
        ]
        var baseline: Double?
        for stage in stages {
            let seconds = (0..<3).map { _ in Self.time { _ = stage.run(path) } }.min() ?? 0
            let ratio = baseline.map { seconds / $0 } ?? 1
            baseline = baseline ?? seconds
            let rate = Double(traffic.packetsWritten) / max(seconds, 1e-9) / 1e6
            Console.write(Self.row(stage.name, seconds: seconds, rate: rate, ratio: ratio), to: 1)
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        Console.write("peak resident memory: \(usage.ru_maxrss / 1024) MiB", to: 1)
        return 0
    }

    private static func row(_ name: String, seconds: Double, rate: Double, ratio: Double)
        -> String
    {
        func column(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        let padded = name + String(repeating: " ", count: max(1, 40 - name.count))
        return padded + column(Self.fixed(seconds * 1000, 1), 9) + " ms"
            + column(Self.fixed(rate, 2), 8) + " Mpkt/s" + column(Self.fixed(ratio, 2), 8)
            + "x baseline"
    }

    private static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = String(scaled % Int(scale))
        return "\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    private static func time(_ body: () -> Void) -> Double {
        var start = timespec()
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        body()
        clock_gettime(CLOCK_MONOTONIC, &end)
        return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    }

    // MARK: - Stages

    private static func readOnly(_ path: String) -> Int {
        guard let file = try? PacketFile(path: path) else { return 0 }
        var total = 0
        while case .packet(let length) = (try? file.readPacket({ $0.wireLength })) ?? .end {
            total &+= length
        }
        return total
    }

    private static func decodeOnly(_ path: String) -> Int {
        guard let file = try? PacketFile(path: path) else { return 0 }
        var decoder = PacketDecoder()
        var total = 0
        while case .packet = (try? file.readPacket({ packet in
            total &+= decoder.decode(packet) { $0.payloadLength } ?? 0
        })) ?? .end {}
        return total
    }

    private static func replay(_ path: String, reportAll: Bool) -> Int {
        guard let file = try? PacketFile(path: path) else { return 0 }
        let devNull = open("/dev/null", O_WRONLY)
        defer { close(devNull) }
        guard let report = try? ReportSink(
            output: .fileDescriptor(devNull, name: "/dev/null"),
            format: .json,
            slowNanoseconds: reportAll ? nil : Int64.max
        ) else { return 0 }
        let monitor = Monitor(tracker: ConnectionTracker(), report: report,
                              slowNanoseconds: 500_000_000)
        try? monitor.run(file, shouldStop: { false })
        monitor.finish()
        report.close()
        return monitor.packets
    }
}
