import Foundation

/// A fresh folder under the system temporary directory for one test's files, removed by
/// `remove()`.
struct ScratchDirectory {
    /// The folder's path, without a trailing slash.
    let path: String

    /// Creates a uniquely named folder.
    ///
    /// - Throws: When the temporary directory is not writable.
    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        self.path = base + "/earshot-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(
            atPath: self.path,
            withIntermediateDirectories: true
        )
    }

    /// The path of `name` inside the folder (the file need not exist).
    func file(_ name: String) -> String {
        self.path + "/" + name
    }

    /// Deletes the folder and everything in it.
    func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}
