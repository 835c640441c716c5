import Glibc

/// Small file-system helpers for configuration: whole-file reads with a size cap, checks that
/// a named file can be opened, and path arithmetic. Errors come back as lower-case reasons
/// for messages, never as crashes.
enum ConfigFile {
    /// What reading a file gave.
    enum Contents: Equatable {
        /// The file's bytes.
        case bytes([UInt8])
        /// The file could not be read; `reason` is the system's, lower-case.
        case unreadable(reason: String)
        /// The file holds more than the cap; `bytes` is its size (or a lower bound).
        case tooLarge(bytes: Int)
    }

    /// Reads the whole file at `path`, refusing more than `maxBytes`.
    ///
    /// - Parameters:
    ///   - path: The file to read; anything but a regular file is refused.
    ///   - maxBytes: The most bytes accepted; the read stops one past it.
    /// - Returns: The bytes, or why they could not be had.
    static func read(_ path: String, maxBytes: Int) -> Contents {
        let descriptor: Int32
        switch Self.openRegular(path) {
        case .success(let opened):
            descriptor = opened
        case .failure(let failure):
            return .unreadable(reason: failure.reason)
        }
        defer { close(descriptor) }
        return Self.readAll(descriptor, maxBytes: maxBytes)
    }

    /// Why the file at `path` cannot be opened for reading, or `nil` when it can.
    static func unreadableReason(_ path: String) -> String? {
        switch Self.openRegular(path) {
        case .success(let descriptor):
            close(descriptor)
            return nil
        case .failure(let failure):
            return failure.reason
        }
    }

    /// Whether a regular file (or a link to one) exists at `path`; it may still be unreadable.
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return !path.isEmpty && stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    /// `path` made absolute against `directory` when it is relative; empty stays empty.
    static func resolve(_ path: String, against directory: String) -> String {
        guard !path.isEmpty, !path.hasPrefix("/") else {
            return path
        }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }

    /// The directory part of `path`: `.` for a bare name, `/` for a file at the root.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else {
            return "."
        }
        let directory = path[..<slash]
        return directory.isEmpty ? "/" : String(directory)
    }

    // MARK: - Helpers

    /// Why a file could not be opened.
    private struct OpenFailure: Error {
        var reason: String
    }

    /// Opens `path` for reading, refusing anything but a regular file (a symbolic link to
    /// one is fine); the caller closes the descriptor.
    private static func openRegular(_ path: String) -> Result<Int32, OpenFailure> {
        // Non-blocking, so a FIFO or device in place of a file cannot hang the open.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            return .failure(OpenFailure(reason: Self.reason(errno)))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            return .failure(OpenFailure(reason: Self.reason(code)))
        }
        let type = status.st_mode & S_IFMT
        guard type == S_IFREG else {
            close(descriptor)
            let reason = type == S_IFDIR ? Self.reason(EISDIR) : "not a regular file"
            return .failure(OpenFailure(reason: reason))
        }
        return .success(descriptor)
    }

    /// Reads until end of file or one byte past `maxBytes` (a file that grew while read).
    private static func readAll(_ descriptor: Int32, maxBytes: Int) -> Contents {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count <= maxBytes {
            let count = chunk.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0 && errno == EINTR {
                continue
            }
            guard count >= 0 else {
                return .unreadable(reason: Self.reason(errno))
            }
            guard count > 0 else {
                return .bytes(bytes)
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return .tooLarge(bytes: bytes.count)
    }

    /// The system's message for `code`, starting lower-case as messages here do.
    private static func reason(_ code: Int32) -> String {
        let message = String(cString: strerror(code))
        return message.prefix(1).lowercased() + message.dropFirst()
    }
}
