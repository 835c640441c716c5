import Foundation

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    /// The directory's path, without a trailing slash.
    let path: String

    /// Creates a uniquely named directory.
    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        self.path = base + "/earshot-capture-" + UUID().uuidString
        try FileManager.default.createDirectory(
            atPath: self.path,
            withIntermediateDirectories: true
        )
    }

    /// The path of `name` inside the directory.
    func file(_ name: String) -> String {
        self.path + "/" + name
    }

    /// Deletes the directory and everything in it.
    func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}

/// The bytes of a file, or nil when it cannot be read.
func readFile(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) }
}
