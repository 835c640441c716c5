import TestSupport
import Foundation

/// The built `earshot` executable, found in the build products beside the test bundle, and a
/// way to run it to completion.
///
/// `swift test` builds the executable only when asked to build everything; scripts/test.sh
/// runs `swift build --build-tests` first, which does. Set `EARSHOT_BINARY` to test another
/// build.
enum EarshotBinary {
    /// One finished run: exit status and both output streams in full.
    struct Run: CustomStringConvertible {
        var status: Int32
        var standardOutput: String
        var standardError: String

        /// The lines of standard output (the report).
        var outputLines: [String] {
            ChildProcess.completeLines(of: self.standardOutput)
        }

        /// The non-empty lines of standard error (logs and the summary).
        var errorLines: [String] {
            self.standardError.split(separator: "\n").map(String.init)
        }

        /// The closing summary line, when there is one.
        var summary: String? {
            self.errorLines.last { $0.hasPrefix("info: summary ") }
        }

        var description: String {
            "exit \(self.status)\n--- stdout\n\(self.standardOutput)"
                + "--- stderr\n\(self.standardError)"
        }
    }

    /// Where the executable is.
    ///
    /// - Throws: `ChildProcess.Failure` listing the places looked at when none holds it.
    static func location() throws -> URL {
        let candidates = Self.candidates()
        let manager = FileManager.default
        if let found = candidates.first(where: { manager.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        throw ChildProcess.Failure(description: "the earshot executable was not built; looked "
            + "at \(candidates.map(\.path).joined(separator: ", ")); run 'swift build "
            + "--build-tests' before 'swift test' (scripts/test.sh does), or set EARSHOT_BINARY")
    }

    /// Starts earshot with `arguments` and returns while it runs (for live capture).
    ///
    /// - Throws: When the executable is missing or cannot be started.
    static func start(_ arguments: [String], in directory: ScratchDirectory) throws
        -> ChildProcess
    {
        try ChildProcess(executable: Self.location(), arguments: arguments, directory: directory)
    }

    /// Runs earshot with `arguments` and waits for it to exit.
    ///
    /// - Throws: When the executable is missing, or it still runs after `timeoutSeconds`
    ///   (it is killed then).
    static func run(_ arguments: [String], timeoutSeconds: Double = 120) throws -> Run {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let child = try Self.start(arguments, in: directory)
        defer { child.stop() }
        let status = try child.waitForExit(timeoutSeconds: timeoutSeconds)
        return Run(
            status: status,
            standardOutput: child.standardOutput,
            standardError: child.standardError
        )
    }

    // MARK: - Helpers

    /// The override, then the folder holding the test runner (the build products folder
    /// `swift test` used), then the repository's default build folder.
    private static func candidates() -> [URL] {
        var urls: [URL] = []
        if let override = ProcessInfo.processInfo.environment["EARSHOT_BINARY"] {
            urls.append(URL(fileURLWithPath: override))
        }
        var folders: [URL] = []
        if let executable = Bundle.main.executableURL {
            folders.append(executable.deletingLastPathComponent())
        }
        if let first = CommandLine.arguments.first, first.contains("/") {
            folders.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        // An .xctest bundle is a folder on some platforms: the products are beside it.
        folders.append(Bundle.main.bundleURL)
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        folders.append(Replay.repositoryRoot.appendingPathComponent(".build/debug"))
        for folder in folders {
            let url = folder.appendingPathComponent("earshot")
            if !urls.contains(url) {
                urls.append(url)
            }
        }
        return urls
    }
}
