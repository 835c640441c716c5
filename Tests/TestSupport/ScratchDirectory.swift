import Foundation

/// A fresh folder under the system temporary directory for one test's files.
///
/// Removed by `remove()`, or when the last reference goes away, whichever comes first.
public final class ScratchDirectory: @unchecked Sendable {
    // Safe: `path` is immutable; the folder's contents belong to the one test that made it.

    /// The folder's absolute path, without a trailing slash.
    public let path: String

    /// Creates a uniquely named, empty folder.
    ///
    /// - Parameter prefix: The start of the folder's name, to tell whose it is in /tmp.
    /// - Throws: When the temporary directory is not writable.
    public init(prefix: String = "earshot-test") throws {
        var base = FileManager.default.temporaryDirectory.path
        if base.hasSuffix("/") {
            base.removeLast()
        }
        self.path = base + "/" + prefix + "-" + UUID().uuidString
        try FileManager.default.createDirectory(
            atPath: self.path,
            withIntermediateDirectories: true
        )
    }

    deinit {
        self.remove()
    }

    /// The path of `name` inside the folder (the file need not exist).
    public func file(_ name: String) -> String {
        self.path + "/" + name
    }

    /// Writes `text` to `name` (which may include subfolders) and returns the full path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        try self.write(name, bytes: Array(text.utf8))
    }

    /// Writes `bytes` to `name` (which may include subfolders) and returns the full path.
    @discardableResult
    public func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = self.file(name)
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Creates the subfolder `name` and returns its full path.
    @discardableResult
    public func makeDirectory(_ name: String) throws -> String {
        let folder = self.file(name)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Deletes the folder and everything in it; later calls do nothing.
    public func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}

/// The bytes of a file, or nil when it cannot be read.
public func readFile(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) }
}
