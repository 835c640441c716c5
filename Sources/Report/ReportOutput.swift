/// Where the report goes.
public enum ReportOutput: Sendable, Equatable {
    /// File descriptor 1. It is not closed by the sink.
    case standardOutput
    /// A file, created with mode 0644 if missing and always appended to.
    case file(path: String)
    /// A descriptor someone else opened and will close (a pipe in tests); `name` appears in
    /// error messages.
    case fileDescriptor(Int32, name: String)
}
