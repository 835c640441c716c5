internal import Glibc

/// A pipe whose read end becomes readable once `signal()` is called from any thread, so that
/// a `poll` on it ends; nothing is ever read back, it stays readable from then on.
final class WakePipe: Sendable {
    // Safe: both descriptors are immutable after init; `signal()` is a `write(2)`, which the
    // kernel makes atomic for one byte, and the read end is only polled.

    /// The end to include in a `poll` set.
    let readDescriptor: Int32
    private let writeDescriptor: Int32

    /// Creates the pipe, both ends close-on-exec and non-blocking.
    ///
    /// - Throws: `.captureFailed` naming `interface` when the process is out of descriptors.
    init(interface: String) throws(CaptureError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            let reason = "cannot create a wake-up pipe: " + Libpcap.systemMessage(errno: errno)
            throw .captureFailed(interface: interface, reason: reason)
        }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        self.readDescriptor = ends[0]
        self.writeDescriptor = ends[1]
    }

    deinit {
        close(self.readDescriptor)
        close(self.writeDescriptor)
    }

    /// Makes the read end readable. A full pipe is already readable, so a failed write is moot.
    func signal() {
        var byte: UInt8 = 1
        _ = write(self.writeDescriptor, &byte, 1)
    }
}
