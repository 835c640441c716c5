import Capture
import Decode
import Matching
import Report

/// Runs `replay` and `capture`: opens the source and the report, drives the monitor, prints
/// the summary and maps failures to exit codes.
struct Commands {
    let options: Options
    let log: Log

    /// `earshot replay FILE`.
    func replay(path: String) -> Int32 {
        let file: PacketFile
        do {
            file = try PacketFile(path: path)
        } catch {
            self.log.error(describing: error)
            return 1
        }
        guard PacketDecoder.supports(file.linkType) else {
            self.log.error(describing: UsageError(description:
                "cannot decode capture file '\(path)': link type \(file.linkType) is not "
                + "supported; capture on an Ethernet, cooked (-i any), loopback or raw-IP "
                + "interface"))
            return 1
        }
        let identity: IdentitySetup
        switch self.startIdentity(isLive: false) {
        case .success(let started): identity = started
        case .failure(let status): return status.code
        }
        defer { identity.stop() }
        guard let monitor = self.makeMonitor(identity: identity) else { return 1 }
        var failure: CaptureError?
        do {
            try monitor.run(file, shouldStop: {
                StopSignal.isRequested || monitor.report.isOutputClosed
            })
        } catch {
            failure = error
        }
        monitor.finish()
        self.warnAboutSnapLength(monitor)
        return self.close(monitor, failure: failure, extra: identity.counterValues)
    }

    /// A capture whose snap length cut the HTTP heads yields nothing; say why, once.
    private func warnAboutSnapLength(_ monitor: Monitor) {
        let counters = monitor.summary().counters
        func value(_ name: String) -> Int {
            counters.first { $0.name == name }?.value ?? 0
        }
        let lostMessages = value("http_lost_framing") + value("unparsed_requests_unanswered")
        guard value("snap_truncated_segments") > 0, lostMessages > 0 else { return }
        self.log.warning("the capture's snap length cut HTTP heads; exchanges were lost", [
            "truncated_segments": value("snap_truncated_segments"),
            "hint": "capture with a snap length of 0 (whole packets), e.g. tcpdump -s 0",
        ])
    }

    /// `earshot capture`.
    func capture() -> Int32 {
        let capture: LiveCapture
        do {
            capture = try LiveCapture(options: self.options.live)
        } catch {
            self.log.error(describing: error)
            return 1
        }
        if let warning = capture.activationWarning {
            self.log.warning("capture started with a warning", ["reason": warning])
        }
        let identity: IdentitySetup
        switch self.startIdentity(isLive: true) {
        case .success(let started): identity = started
        case .failure(let status): return status.code
        }
        defer { identity.stop() }
        guard let monitor = self.makeMonitor(identity: identity) else { return 1 }
        self.log.info("capturing", [
            "interface": self.options.live.interface,
            "filter": self.options.live.filter,
            "link": capture.linkType,
        ])
        var lastStats = Console.now()
        let interval = Int64(self.options.statsIntervalSeconds) * 1_000_000_000
        var heartbeat = self.options.heartbeatPath.map(Heartbeat.init)
        var failure: CaptureError?
        do {
            try monitor.run(capture, shouldStop: {
                StopSignal.isRequested || monitor.report.isOutputClosed
            }) {
                let now = Console.now()
                monitor.expireIdle(now: now)
                if StopSignal.takeReopenRequest() {
                    monitor.report.reopen()
                    self.log.info("reopened the report output")
                }
                monitor.report.flush()
                heartbeat?.beat(at: now) { path, isWritten in
                    if isWritten {
                        self.log.info("heartbeat file writable again", ["path": path])
                    } else {
                        self.log.warning("cannot write the heartbeat file", ["path": path])
                    }
                }
                if interval > 0 && now.nanoseconds(since: lastStats) >= interval {
                    lastStats = now
                    let stats = monitor.summary(
                        extra: Self.drops(of: capture) + identity.counterValues
                    )
                    self.log.summary(stats.labeled(.stats))
                }
            }
        } catch {
            failure = error
        }
        monitor.finish()
        return self.close(monitor, failure: failure,
                          extra: Self.drops(of: capture) + identity.counterValues)
    }

    // MARK: - Helpers

    /// Exit status of a run that could not start.
    struct ExitStatus: Error {
        var code: Int32
    }

    private func startIdentity(isLive: Bool) -> Result<IdentitySetup, ExitStatus> {
        do {
            return .success(try IdentitySetup.start(self.options.kube, isLive: isLive,
                                                    log: self.log))
        } catch {
            guard error.isUsageError else {
                self.log.error(describing: error)
                return .failure(ExitStatus(code: 1))
            }
            Console.write("error: \(error)\n\(Usage.synopsis)\nrun 'earshot --help' for more",
                          to: 2)
            return .failure(ExitStatus(code: 64))
        }
    }

    /// The report and the packet path, with pod names when the options ask for them.
    private func makeMonitor(identity: IdentitySetup) -> Monitor? {
        let format = self.options.format
            ?? (self.options.outputPath == nil && Console.standardOutputIsTerminal
                ? .text : .json)
        let output: ReportOutput = self.options.outputPath.map { .file(path: $0) }
            ?? .standardOutput
        let report: ReportSink
        do {
            report = try ReportSink(
                output: output,
                format: format,
                slowNanoseconds: self.options.slowNanoseconds,
                options: ReportOptions(
                    stripQuery: self.options.stripsQuery,
                    labelKeys: identity.naming?.labelKeys ?? []
                )
            )
        } catch {
            self.log.error(describing: error)
            return nil
        }
        report.naming = identity.naming
        let limits = TrackerLimits(
            maxConnections: self.options.maxConnections,
            idleTimeoutNanoseconds: Int64(self.options.idleTimeoutSeconds) * 1_000_000_000
        )
        return Monitor(
            tracker: ConnectionTracker(limits: limits),
            report: report,
            slowNanoseconds: Int64(self.options.slowMilliseconds * 1_000_000)
        )
    }

    private func close(
        _ monitor: Monitor,
        failure: CaptureError?,
        extra: [(name: String, value: Int)] = []
    ) -> Int32 {
        monitor.report.close()
        self.log.summary(monitor.summary(extra: extra))
        // A reader that went away (`| head`) ends the run; it is not an error.
        if let reportFailure = monitor.report.failure, !monitor.report.isOutputClosed {
            self.log.error(describing: reportFailure)
            return 1
        }
        if let failure {
            self.log.error(describing: failure)
            return 1
        }
        return 0
    }

    private static func drops(of capture: LiveCapture) -> [(name: String, value: Int)] {
        guard let stats = capture.statistics() else { return [] }
        return [
            ("kernel_drops", Int(stats.droppedByKernel)),
            ("interface_drops", Int(stats.droppedByInterface)),
        ]
    }
}
