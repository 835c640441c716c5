#if canImport(Glibc)
import Glibc
#endif
import Capture

/// A file the packet loop rewrites every few seconds, so that a liveness probe can tell a
/// capture that still reads packets from one whose process is alive but stuck.
///
/// The file holds the time of the last beat (Unix seconds); a probe checks its age, for
/// example `find /tmp/earshot/heartbeat -mmin -1 | grep -q .`.
struct Heartbeat {
    let path: String
    private var lastBeat: Timestamp?
    private var isFailing = false

    /// How often the file is rewritten.
    static let intervalNanoseconds: Int64 = 5_000_000_000

    init(path: String) {
        self.path = path
    }

    /// Rewrites the file if the last beat is older than the interval. A file that cannot be
    /// written is logged when that starts and when it clears, not at every beat.
    mutating func beat(at now: Timestamp, log: (String, Bool) -> Void) {
        if let last = self.lastBeat, now.nanoseconds(since: last) < Self.intervalNanoseconds {
            return
        }
        self.lastBeat = now
        let text = Array("\(now.seconds)\n".utf8)
        let descriptor = open(self.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        var isWritten = false
        if descriptor >= 0 {
            isWritten = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                == text.count
            close(descriptor)
        }
        if isWritten == self.isFailing {
            self.isFailing = !isWritten
            log(self.path, isWritten)
        }
    }
}
