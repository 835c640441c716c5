import Glibc
import Synchronization

/// Supplies the bearer token for each request, reading a token file again when it changed.
///
/// Service account tokens are rotated while the pod runs (the kubelet swaps the file about
/// every hour), so the file is checked before every request: a request is rare (one list and
/// one watch per resource every few minutes), and a `stat` plus a read of a few KiB costs
/// less than a chance of sending an expired token. The file is read again when its
/// modification time, size or inode changed, or when it was modified in the last two seconds
/// (file times are only as fine as the kernel's tick, so a rewrite within one tick keeps the
/// time). The token itself is never logged.
final class TokenReader: Sendable {
    /// What the token was last read as, and from which version of the file.
    private struct Cached {
        var token: String
        var modified: timespec
        var size: Int64
        var inode: UInt64
    }

    /// Where the token comes from.
    let source: TokenSource
    /// The last token read from the file.
    private let cached = Mutex<Cached?>(nil)

    /// The largest token file accepted (a larger one is a credential error); real tokens are
    /// about 1 KiB.
    static let maxTokenBytes = 64 * 1024

    /// Creates a reader for `source`.
    init(source: TokenSource) {
        self.source = source
    }

    /// The token to send now.
    ///
    /// - Throws: `.credential` when the file cannot be read and no earlier token is known, or
    ///   it holds no token.
    func current() throws(APIClientError) -> String {
        switch self.source {
        case .literal(let token):
            return token
        case .file(let path):
            return try self.read(path)
        }
    }

    /// The token in `path`, from the cache when the file is unchanged.
    private func read(_ path: String) throws(APIClientError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            // A rotation swaps a symlink; between unlink and link the old token still works.
            if let token = self.cached.withLock({ $0?.token }) {
                return token
            }
            throw .credential(
                message: "cannot read token file '\(path)': \(reason); check the mount"
            )
        }
        let version = (
            modified: info.st_mtim,
            size: Int64(info.st_size),
            inode: UInt64(info.st_ino)
        )
        let isRecent = Int(time(nil)) - Int(version.modified.tv_sec) < 2
        if !isRecent, let token = self.cached.withLock({ cached -> String? in
            guard let cached, cached.modified.tv_sec == version.modified.tv_sec,
                  cached.modified.tv_nsec == version.modified.tv_nsec,
                  cached.size == version.size, cached.inode == version.inode
            else {
                return nil
            }
            return cached.token
        }) {
            return token
        }
        let token = try Self.load(path)
        self.cached.withLock { cached in
            cached = Cached(
                token: token,
                modified: version.modified,
                size: version.size,
                inode: version.inode
            )
        }
        return token
    }

    /// Reads and trims the token file.
    private static func load(_ path: String) throws(APIClientError) -> String {
        let bytes: [UInt8]
        switch ConfigFile.read(path, maxBytes: Self.maxTokenBytes) {
        case .bytes(let read):
            bytes = read
        case .unreadable(let reason):
            throw .credential(
                message: "cannot read token file '\(path)': \(reason); check the mount"
            )
        case .tooLarge:
            let limit = Self.maxTokenBytes
            throw .credential(
                message: "token file '\(path)' is over \(limit) bytes; expected one line"
            )
        }
        let token = String(decoding: Self.trimmed(bytes), as: UTF8.self)
        guard !token.isEmpty, !token.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw .credential(
                message: "token file '\(path)' holds no usable token; expected one line"
            )
        }
        return token
    }

    /// `bytes` without leading and trailing ASCII whitespace (a token is base64url and dots).
    private static func trimmed(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        let isSpace = { (byte: UInt8) in
            byte == UInt8(ascii: " ") || (0x09...0x0D).contains(byte)
        }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
              let last = bytes.lastIndex(where: { !isSpace($0) })
        else {
            return []
        }
        return bytes[first...last]
    }
}
