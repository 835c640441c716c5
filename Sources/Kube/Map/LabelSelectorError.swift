/// Why a `--selector` is not a label selector.
public enum LabelSelectorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text breaks the selector grammar or the label syntax; `reason` says where and how.
    case invalid(selector: String, reason: String)

    /// One line: the selector, what is wrong, and an example of the syntax.
    public var description: String {
        switch self {
        case .invalid(let selector, let reason):
            "invalid label selector '\(selector)': \(reason); write requirements separated by "
                + "commas, such as 'app=web,tier in (api,db),!canary'"
        }
    }
}
