/// Why the report could not be written where the operator asked.
public enum ReportError: Error, Equatable, CustomStringConvertible {
    /// The output file could not be opened for appending.
    case cannotOpen(path: String, reason: String)
    /// The reader of the output went away (`EPIPE`): someone closed the pipe.
    case outputClosed(name: String)
    /// Writing failed for another reason (disk full, I/O error).
    case writeFailed(name: String, reason: String)

    /// One line for the operator: what failed, why, and what to do.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open report output '\(path)' for appending: \(reason); choose a writable "
                + "file with --output or leave it out to write to standard output"
        case .outputClosed(let name):
            "report output \(name) was closed by its reader (broken pipe); stopped writing "
                + "the report"
        case .writeFailed(let name, let reason):
            "cannot write the report to \(name): \(reason); stopped writing the report, "
                + "free space or choose another --output"
        }
    }
}
