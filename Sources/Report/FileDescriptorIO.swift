#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over open(2) and write(2) for the report and the log.
enum FileDescriptorIO {
    /// How a complete write ended.
    enum WriteResult: Equatable {
        /// Every byte was written.
        case written
        /// The reader closed the pipe or socket (`EPIPE`) after `writtenBytes` bytes had gone
        /// out.
        case brokenPipe(writtenBytes: Int)
        /// Another error, as its `strerror` text, after `writtenBytes` bytes had gone out.
        case failed(reason: String, writtenBytes: Int)
    }

    /// One-second waits allowed, in a row, for a descriptor that keeps answering `EAGAIN` (one
    /// set non-blocking by someone else) before the write counts as failed.
    private static let maximumBlockedPolls = 30

    /// Opens `path` for appending, creating it with mode 0644 when missing.
    ///
    /// - Returns: The descriptor, or the `strerror` text of the failure.
    static func openForAppending(_ path: String) -> Result<Int32, OpenFailure> {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return .failure(OpenFailure(reason: Self.describe(errno))) }
        return .success(descriptor)
    }

    /// Why `openForAppending` failed.
    struct OpenFailure: Error {
        /// The `strerror` text, such as `permission denied`.
        var reason: String
    }

    /// Writes all of `bytes`, looping over partial writes and `EINTR`.
    ///
    /// - Returns: `.written`, or why the write stopped and how many leading bytes reached the
    ///   descriptor before it did.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> WriteResult {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            var blockedPolls = 0
            while offset < buffer.count {
                // Safe: offset < buffer.count, and the buffer lives for the whole closure.
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count > 0 {
                    offset += count
                    blockedPolls = 0
                    continue
                }
                let code = count < 0 ? errno : EIO
                switch code {
                case EINTR:
                    continue
                case EAGAIN, EWOULDBLOCK:
                    blockedPolls += 1
                    guard blockedPolls <= Self.maximumBlockedPolls else {
                        return .failed(
                            reason: "output stayed blocked for 30 seconds",
                            writtenBytes: offset
                        )
                    }
                    var request = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&request, 1, 1_000)
                case EPIPE:
                    return .brokenPipe(writtenBytes: offset)
                default:
                    return .failed(reason: Self.describe(code), writtenBytes: offset)
                }
            }
            return .written
        }
    }

    /// Whether the file behind `descriptor` holds no bytes; `false` when that cannot be told.
    static func isEmptyFile(_ descriptor: Int32) -> Bool {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return false }
        return status.st_size == 0
    }

    /// Closes a descriptor, ignoring `EINTR` (on Linux the descriptor is closed regardless).
    static func closeDescriptor(_ descriptor: Int32) {
        _ = close(descriptor)
    }

    /// The `strerror` text for an error number, lower-cased to suit our messages.
    static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        let message = String(cString: text)
        guard let first = message.first else { return "error \(code)" }
        return first.lowercased() + message.dropFirst()
    }
}
