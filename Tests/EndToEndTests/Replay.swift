import Capture
import Decode
import Foundation
import Matching

/// Replays a capture file through the whole packet path in-process and collects every
/// exchange, as `earshot replay --all` would report them.
enum Replay {
    /// The repository's root folder, found from this file's path.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The fixtures folder.
    static let fixtures = repositoryRoot.appendingPathComponent("fixtures")

    /// The peer traces: `shared/peer-traces` beside the checkout (where CI puts it), or the
    /// workplace copy.
    static let peerTraces: URL = {
        let beside = repositoryRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/peer-traces")
        let workplace = URL(fileURLWithPath: "/work/shared/peer-traces")
        let candidates = [beside, workplace]
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? beside
    }()

    /// Whether the peer traces are here; CI always has them, a bare clone may not.
    static var hasPeerTraces: Bool {
        FileManager.default.fileExists(atPath: peerTraces.path)
    }

    /// Whether this run is CI's, which must run every test.
    static var isCI: Bool {
        ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// Everything one replay produced.
    struct Result {
        var exchanges: [Exchange] = []
        var counters: [String: Int] = [:]
        var linkType: LinkType?
        var failure: CaptureError?
    }

    /// Replays `path`, reporting every exchange.
    static func run(_ path: String, limits: TrackerLimits = TrackerLimits()) -> Result {
        var result = Result()
        let file: PacketFile
        do {
            file = try PacketFile(path: path)
        } catch {
            result.failure = error
            return result
        }
        result.linkType = file.linkType
        var decoder = PacketDecoder()
        let tracker = ConnectionTracker(limits: limits)
        var exchanges: [Exchange] = []
        do {
            while true {
                let outcome = try file.readPacket { packet in
                    _ = decoder.decode(packet) { segment in
                        tracker.ingest(segment) { exchanges.append($0) }
                    }
                }
                if case .end = outcome { break }
            }
        } catch {
            result.failure = error
        }
        tracker.finishAll { exchanges.append($0) }
        result.exchanges = exchanges
        for (name, value) in decoder.counterValues + tracker.counterValues {
            result.counters[name, default: 0] += value
        }
        return result
    }
}

extension Exchange {
    /// `GET /path 200` for test messages.
    var summary: String {
        let method = self.request?.method ?? "-"
        let path = self.request?.target ?? "-"
        let status = self.response.map { String($0.status) } ?? "---"
        return "\(method) \(path) \(status) \(self.outcome.rawValue)"
    }
}
