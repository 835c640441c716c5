/// Why a pods file (`--pods-file`) could not be used; the operator must fix the file.
public enum PodsFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read; `reason` is the system's, e.g. `no such file or
    /// directory`.
    case unreadable(path: String, reason: String)
    /// The file is larger than earshot reads.
    case tooLarge(path: String, bytes: Int, limit: Int)
    /// The file is not JSON.
    case notJSON(path: String)
    /// The file is JSON but not a `List` object; `found` says what it is instead.
    case notList(path: String, found: String)

    /// The command that writes a usable file.
    static let hint = "write it with 'kubectl get pods,services,nodes -A -o json > FILE'"

    /// One line: the file, what was expected and found, and what to do.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read pods file '\(path)': \(reason); \(Self.hint)"
        case .tooLarge(let path, let bytes, let limit):
            "pods file '\(path)' has \(bytes) bytes, more than the \(limit) read; list "
                + "fewer namespaces with 'kubectl get pods,services,nodes -n NAMESPACE -o json'"
        case .notJSON(let path):
            "pods file '\(path)' is not JSON; \(Self.hint)"
        case .notList(let path, let found):
            "pods file '\(path)' holds \(found), expected a List; \(Self.hint)"
        }
    }
}
