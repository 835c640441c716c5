/// Choices that change what a report line contains, shared by the JSON and text formats.
public struct ReportOptions: Sendable, Equatable {
    /// Whether paths lose their query string: everything from the first `?` is dropped, so
    /// tokens and personal data passed in URLs stay out of the report.
    public var stripQuery: Bool

    /// Creates report options.
    ///
    /// - Parameter stripQuery: Whether to drop everything from the first `?` of each path.
    public init(stripQuery: Bool = false) {
        self.stripQuery = stripQuery
    }

    /// The request target as it should be reported.
    func reportedPath(_ target: String) -> Substring {
        guard self.stripQuery, let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else {
            return Substring(target)
        }
        return target[..<mark]
    }
}
