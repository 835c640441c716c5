#if canImport(Glibc)
import TestSupport
import Glibc
#endif
import Foundation

/// A program a test started (earshot, a local server, curl), with its standard output and
/// standard error going to files so that neither pipe can fill up and stall it.
///
/// The program is killed when the value is released, so a failing test leaves nothing behind;
/// call `stop()` in a `defer` to make that immediate.
final class ChildProcess {
    /// A child that did not do what the test waited for in time.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The command line, for messages.
    let commandLine: String
    private let process = Process()
    private let standardOutputPath: String
    private let standardErrorPath: String

    /// Starts `executable` with `arguments`; its standard input reads nothing.
    ///
    /// - Parameters:
    ///   - directory: where the files catching standard output and error are created.
    /// - Throws: `Failure` when the program cannot be started.
    init(executable: URL, arguments: [String], directory: ScratchDirectory) throws {
        let name = UUID().uuidString
        self.commandLine = ([executable.path] + arguments).joined(separator: " ")
        self.standardOutputPath = directory.file(name + ".stdout")
        self.standardErrorPath = directory.file(name + ".stderr")
        let manager = FileManager.default
        guard manager.createFile(atPath: self.standardOutputPath, contents: nil),
              manager.createFile(atPath: self.standardErrorPath, contents: nil),
              let output = FileHandle(forWritingAtPath: self.standardOutputPath),
              let error = FileHandle(forWritingAtPath: self.standardErrorPath)
        else {
            throw Failure(description: "cannot create output files in \(directory.path)")
        }
        self.process.executableURL = executable
        self.process.arguments = arguments
        self.process.standardInput = FileHandle.nullDevice
        self.process.standardOutput = output
        self.process.standardError = error
        do {
            try self.process.run()
        } catch {
            throw Failure(description: "cannot start \(self.commandLine): \(error)")
        }
        try? output.close()
        try? error.close()
    }

    /// Starts a program found on `PATH`, as a shell would.
    ///
    /// - Throws: `Failure` when it cannot be started.
    convenience init(command: String, arguments: [String], directory: ScratchDirectory) throws {
        try self.init(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            arguments: [command] + arguments,
            directory: directory
        )
    }

    deinit {
        self.stop()
    }

    // MARK: - State

    /// Whether the program is still running.
    var isRunning: Bool {
        self.process.isRunning
    }

    /// The process id.
    var processIdentifier: Int32 {
        self.process.processIdentifier
    }

    /// Everything the program wrote to standard output so far.
    var standardOutput: String {
        Self.contents(of: self.standardOutputPath)
    }

    /// Everything the program wrote to standard error so far.
    var standardError: String {
        Self.contents(of: self.standardErrorPath)
    }

    /// The newline-terminated lines written to standard output so far.
    var standardOutputLines: [String] {
        Self.completeLines(of: self.standardOutput)
    }

    // MARK: - Control

    /// Sends `signalNumber` (such as `SIGINT`) to the program if it is still running.
    func send(_ signalNumber: Int32) {
        if self.process.isRunning {
            kill(self.process.processIdentifier, signalNumber)
        }
    }

    /// Waits for the program to exit and returns its status: the exit code, or 128 plus the
    /// signal number when a signal ended it, as a shell reports it.
    ///
    /// - Throws: `Failure` when it is still running after `timeoutSeconds`; it is killed then.
    func waitForExit(timeoutSeconds: Double) throws -> Int32 {
        let finished = Self.poll(timeoutSeconds: timeoutSeconds) { !self.process.isRunning }
        guard finished else {
            self.stop()
            throw Failure(description: "\(self.commandLine) still ran after \(timeoutSeconds) s "
                          + "and was killed; standard error: \(self.standardError)")
        }
        self.process.waitUntilExit()
        let status = self.process.terminationStatus
        return self.process.terminationReason == .uncaughtSignal ? 128 + status : status
    }

    /// Waits until `condition` holds, checking every 20 ms.
    ///
    /// - Throws: `Failure` naming `what` when it still does not hold after `timeoutSeconds`,
    ///   or when the program exits first.
    func waitUntil(
        _ what: String,
        timeoutSeconds: Double,
        _ condition: () -> Bool
    ) throws {
        let held = Self.poll(timeoutSeconds: timeoutSeconds) {
            condition() || !self.process.isRunning
        }
        guard held, condition() else {
            let state = self.process.isRunning ? "still running" : "exited"
            throw Failure(description: "\(self.commandLine): no \(what) after \(timeoutSeconds) s "
                          + "(\(state)); standard error: \(self.standardError)")
        }
    }

    /// Kills the program if it still runs and reaps it. Safe to call more than once.
    func stop() {
        guard self.process.isRunning else { return }
        kill(self.process.processIdentifier, SIGKILL)
        self.process.waitUntilExit()
    }

    // MARK: - Helpers

    /// Calls `condition` every 20 ms until it returns true or `timeoutSeconds` pass.
    static func poll(timeoutSeconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while !condition() {
            if Date() >= deadline { return false }
            usleep(20_000)
        }
        return true
    }

    /// The newline-terminated lines of `text`; a partly written last line is left out.
    static func completeLines(of text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()
        return lines
    }

    private static func contents(of path: String) -> String {
        let data = FileManager.default.contents(atPath: path) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
