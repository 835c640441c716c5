import Foundation

/// Report files in fresh temporary directories, for the sink suites.
enum TemporaryReportFile {
    /// A fresh path in a fresh temporary directory, removed by `cleanUp`.
    static func path() throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("earshot-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("report.jsonl").path
    }

    /// Removes the directory `path()` made, with everything in it.
    static func cleanUp(_ path: String) {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }

    /// The file's text, empty when it cannot be read.
    static func contents(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// The file's lines, without their newlines.
    static func lines(_ path: String) -> [Substring] {
        Self.contents(path).split(separator: "\n")
    }
}
