/// The periodic and final statistics line: `info: summary packets=48211 kernel_drops=0
/// tcp_gaps=2` at the end of a run, `info: stats packets=20480 ...` while a live capture runs.
///
/// Counters print in the order given, zeros included, so lines from one run compare column by
/// column. Names are the layers' stable snake_case counter names.
public struct SummaryLine: Sendable {
    /// The word after `info:` that tells a periodic line from the final one.
    public enum Label: String, Sendable, CaseIterable {
        /// The final line, printed once when the run ends: `info: summary ...`.
        case summary
        /// A periodic line, printed while a live capture runs: `info: stats ...`.
        case stats
    }

    /// The counters, in print order.
    public var counters: [(name: String, value: Int)]
    /// Which line this is; `.summary` unless told otherwise.
    public var label: Label

    /// Creates a line from counters in print order.
    ///
    /// - Parameters:
    ///   - counters: Names and values, printed in this order.
    ///   - label: `.summary` for the final line, `.stats` for a periodic one.
    public init(_ counters: [(name: String, value: Int)], label: Label = .summary) {
        self.counters = counters
        self.label = label
    }

    /// Creates a line from several layers' counter lists: counters keep the order in which
    /// their name first appears, and values under the same name are added.
    ///
    /// - Parameters:
    ///   - lists: The layers' counters.
    ///   - label: `.summary` for the final line, `.stats` for a periodic one.
    /// - Complexity: O(n) in the total number of counters.
    public init(merging lists: [[(name: String, value: Int)]], label: Label = .summary) {
        var merged: [(name: String, value: Int)] = []
        var positions: [String: Int] = [:]
        for (name, value) in lists.joined() {
            if let position = positions[name] {
                merged[position].value &+= value
            } else {
                positions[name] = merged.count
                merged.append((name, value))
            }
        }
        self.counters = merged
        self.label = label
    }

    /// The same counters under another label: `monitor.summary().labeled(.stats)`.
    public func labeled(_ label: Label) -> SummaryLine {
        var copy = self
        copy.label = label
        return copy
    }

    /// The line, without its newline.
    public var text: String {
        var line = "info: " + self.label.rawValue
        for (name, value) in self.counters {
            line += " " + name + "=" + String(value)
        }
        return line
    }
}
