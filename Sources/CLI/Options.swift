import Capture
import Report

/// What the command line asked for.
struct Options {
    enum Command {
        case replay(path: String)
        case capture
        case bench
        case help
        case version
    }

    var command = Command.help
    var slowMilliseconds: Double = 500
    var reportsAll = false
    var stripsQuery = false
    var format: ReportFormat?
    var outputPath: String?
    var logLevel = LogLevel.info
    var live = LiveCaptureOptions()
    var statsIntervalSeconds = 60
    var heartbeatPath: String?
    var idleTimeoutSeconds = 120
    var maxConnections = 100_000
    var benchPackets = 1_000_000
    var kube = KubeOptions()
    var benchOutputPath: String?

    /// The slow threshold in nanoseconds, or `nil` to report everything.
    var slowNanoseconds: Int64? {
        self.reportsAll ? nil : Int64(self.slowMilliseconds * 1_000_000)
    }
}

/// A command line earshot cannot run.
struct UsageError: Error, CustomStringConvertible {
    var description: String
}

extension Options {
    /// Parses the arguments after the program name.
    ///
    /// - Throws: `UsageError` naming the offending argument and what was expected.
    static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var rest = ArraySlice(Self.splittingEquals(arguments))
        guard let first = rest.popFirst() else { return options }
        switch first {
        case "replay": options.command = .replay(path: "")
        case "capture": options.command = .capture
        case "bench": options.command = .bench
        case "help", "-h", "--help": return options
        case "version", "--version": options.command = .version
        default:
            throw UsageError(description: "unknown command '\(first)'; "
                             + "expected replay, capture or bench")
        }
        var paths: [String] = []
        while let argument = rest.popFirst() {
            if argument == "-" || !argument.hasPrefix("-") {
                paths.append(argument)
                continue
            }
            try options.checkApplies(argument)
            try options.apply(argument, from: &rest)
        }
        try options.takePaths(paths)
        return options
    }

    /// `--slow=100` is `--slow 100`.
    private static func splittingEquals(_ arguments: [String]) -> [String] {
        arguments.flatMap { argument -> [String] in
            guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else {
                return [argument]
            }
            let value = argument.index(after: equals)
            return [String(argument[..<equals]), String(argument[value...])]
        }
    }

    /// The capture file of `replay`; no other command takes one.
    private mutating func takePaths(_ paths: [String]) throws(UsageError) {
        guard case .replay = self.command else {
            if let first = paths.first {
                throw UsageError(description: "unexpected argument '\(first)'")
            }
            return
        }
        guard let path = paths.first else {
            throw UsageError(description: "replay needs a capture file: earshot replay FILE")
        }
        guard paths.count == 1 else {
            throw UsageError(description: "replay reads one capture file, got \(paths.count); "
                             + "merge them first (mergecap -w all.pcap a.pcap b.pcap)")
        }
        self.command = .replay(path: path)
    }

    /// Options that only make sense live are refused elsewhere rather than ignored.
    private func checkApplies(_ argument: String) throws(UsageError) {
        let liveOnly = ["-i", "--interface", "-f", "--filter", "-s", "--snaplen", "-B",
                        "--buffer-size", "-p", "--promiscuous", "--stats-interval",
                        "--heartbeat-file"]
        let benchOnly = ["--packets", "--write"]
        switch self.command {
        case .capture:
            guard !benchOnly.contains(argument) else {
                throw UsageError(description: "\(argument) applies to bench only")
            }
        case .bench:
            guard benchOnly.contains(argument) || argument == "--log-level" else {
                throw UsageError(description: "\(argument) does not apply to bench")
            }
        default:
            if liveOnly.contains(argument) {
                throw UsageError(description: "\(argument) applies to live capture only "
                                 + "(earshot capture)")
            }
            if benchOnly.contains(argument) {
                throw UsageError(description: "\(argument) applies to bench only")
            }
        }
    }

    private mutating func apply(
        _ argument: String,
        from rest: inout ArraySlice<String>
    ) throws(UsageError) {
        func value() throws(UsageError) -> String {
            // An option where the value should be is a forgotten value, not the value.
            guard let next = rest.first, !next.hasPrefix("--") else {
                throw UsageError(description: "\(argument) needs a value")
            }
            rest = rest.dropFirst()
            return next
        }
        func number(_ range: ClosedRange<Int>) throws(UsageError) -> Int {
            let text = try value()
            guard let parsed = Int(text), range.contains(parsed) else {
                throw UsageError(description: "\(argument) expects a whole number from "
                                 + "\(range.lowerBound) to \(range.upperBound), got '\(text)'")
            }
            return parsed
        }
        switch argument {
        case "-h", "--help": self.command = .help
        case "--slow":
            let text = try value()
            guard let milliseconds = Double(text), milliseconds >= 0, milliseconds < 1e9 else {
                throw UsageError(description: "--slow expects milliseconds (e.g. 250), "
                                 + "got '\(text)'")
            }
            self.slowMilliseconds = milliseconds
        case "--all": self.reportsAll = true
        case "--strip-query": self.stripsQuery = true
        case "--format":
            let text = try value()
            guard let format = ReportFormat(rawValue: text.lowercased()) else {
                throw UsageError(description: "--format expects json or text, got '\(text)'")
            }
            self.format = format
        case "--output", "-o": self.outputPath = try value()
        case "--log-level":
            let text = try value()
            guard let level = LogLevel(name: text) else {
                throw UsageError(description: "--log-level expects error, warning, info, "
                                 + "debug or trace, got '\(text)'")
            }
            self.logLevel = level
        default:
            try self.applyCaptureOption(argument, value: value, number: number)
        }
    }

    private mutating func applyCaptureOption(
        _ argument: String,
        value: () throws(UsageError) -> String,
        number: (ClosedRange<Int>) throws(UsageError) -> Int
    ) throws(UsageError) {
        switch argument {
        case "-i", "--interface": self.live.interface = try value()
        case "-f", "--filter": self.live.filter = try value()
        case "-s", "--snaplen":
            // 0 means "whole packets", as for tcpdump.
            let length = try number(0...LiveCaptureOptions.maximumSnapLength)
            self.live.snapLength = length == 0 ? LiveCaptureOptions.maximumSnapLength : length
        case "-B", "--buffer-size": self.live.bufferSizeBytes = try number(1...2047) << 20
        case "-p", "--promiscuous": self.live.isPromiscuous = true
        case "--stats-interval": self.statsIntervalSeconds = try number(0...86_400)
        case "--heartbeat-file": self.heartbeatPath = try value()
        case "--idle-timeout": self.idleTimeoutSeconds = try number(1...86_400)
        case "--max-connections": self.maxConnections = try number(1...10_000_000)
        case "--kubeconfig": self.kube.kubeconfigPath = try value()
        case "--context": self.kube.context = try value()
        case "--pods-file": self.kube.podsFilePath = try value()
        case "--namespace", "-n":
            self.kube.namespaces += try value().split(separator: ",").map(String.init)
        case "--selector", "-l": self.kube.selector = try value()
        case "--labels":
            self.kube.labelKeys = try value().split(separator: ",").map(String.init)
        case "--node-name": self.kube.nodeName = try value()
        case "--vantage":
            let text = try value()
            guard text == "all" || text == "dedupe" else {
                throw UsageError(description: "--vantage expects all or dedupe, got '\(text)'")
            }
            self.kube.reportsAllVantages = text == "all"
        case "--insecure-skip-tls-verify": self.kube.skipsTLSVerification = true
        case "--no-kube": self.kube.isDisabled = true
        case "--packets": self.benchPackets = try number(1_000...100_000_000)
        case "--write": self.benchOutputPath = try value()
        default:
            throw UsageError(description: "unknown option '\(argument)'")
        }
    }
}
