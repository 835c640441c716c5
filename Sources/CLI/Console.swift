#if canImport(Glibc)
import Glibc
#endif
import Capture

/// Writing to the terminal outside the report (help, version, usage errors) and the wall clock.
enum Console {
    /// Writes `text` and a newline to a file descriptor, retrying short writes.
    static func write(_ text: String, to descriptor: Int32) {
        let bytes = Array((text + "\n").utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                // Safe: offset < buffer.count, so the slice is inside the buffer.
                let rest = UnsafeRawBufferPointer(rebasing: buffer[offset...])
                let written = Glibc.write(descriptor, rest.baseAddress, rest.count)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// Whether standard output is a terminal (then the report defaults to text).
    static var standardOutputIsTerminal: Bool {
        isatty(1) == 1
    }

    /// The wall clock as a capture timestamp, for expiring connections during a live capture.
    static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int64(spec.tv_sec), nanoseconds: Int64(spec.tv_nsec))
    }
}
