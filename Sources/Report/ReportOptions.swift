/// Choices that change what a report line contains, shared by the JSON and text formats.
public struct ReportOptions: Sendable, Equatable {
    /// Whether paths lose their query string: everything from the first `?` is dropped, so
    /// tokens and personal data passed in URLs stay out of the report.
    public var stripQuery: Bool
    /// The pod label keys printed for each named end, in this order.
    public var labelKeys: [String]

    /// Creates report options.
    ///
    /// - Parameters:
    ///   - stripQuery: Whether to drop everything from the first `?` of each path.
    ///   - labelKeys: The pod label keys printed for each named end.
    public init(stripQuery: Bool = false, labelKeys: [String] = []) {
        self.stripQuery = stripQuery
        self.labelKeys = labelKeys
    }

    /// The request target as it should be reported.
    func reportedPath(_ target: String) -> Substring {
        guard self.stripQuery, let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else {
            return Substring(target)
        }
        return target[..<mark]
    }
}
