import Foundation

/// A temporary directory for configuration tests, removed when the value is released.
final class ConfigScratchDirectory {
    /// The directory's absolute path, without a trailing slash.
    let path: String

    /// Creates an empty directory under the system's temporary directory.
    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        let name = "earshot-kubeconfig-\(UInt64.random(in: 0...UInt64.max))"
        self.path = (base.hasSuffix("/") ? base : base + "/") + name
        try FileManager.default.createDirectory(
            atPath: self.path,
            withIntermediateDirectories: true
        )
    }

    deinit {
        try? FileManager.default.removeItem(atPath: self.path)
    }

    /// Writes `text` to `name` (which may include subdirectories) and returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try self.write(name, bytes: Array(text.utf8))
    }

    /// Writes `bytes` to `name` (which may include subdirectories) and returns the full path.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = self.path + "/" + name
        let directory = (file as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: directory,
            withIntermediateDirectories: true
        )
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Creates the subdirectory `name` and returns its full path.
    @discardableResult
    func makeDirectory(_ name: String) throws -> String {
        let directory = self.path + "/" + name
        try FileManager.default.createDirectory(
            atPath: directory,
            withIntermediateDirectories: true
        )
        return directory
    }
}
