/// The periodic and final summary: `info: summary packets=48211 kernel_drops=0 tcp_gaps=2`.
///
/// Counters print in the order given, zeros included, so lines from one run compare column by
/// column. Names are the layers' stable snake_case counter names.
public struct SummaryLine: Sendable {
    /// The counters, in print order.
    public var counters: [(name: String, value: Int)]

    /// Creates a summary from counters in print order.
    public init(_ counters: [(name: String, value: Int)]) {
        self.counters = counters
    }

    /// Creates a summary from several layers' counter lists: counters keep the order in which
    /// their name first appears, and values under the same name are added.
    ///
    /// - Complexity: O(n) in the total number of counters.
    public init(merging lists: [[(name: String, value: Int)]]) {
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
    }

    /// The line, without its newline.
    public var text: String {
        var line = "info: summary"
        for (name, value) in self.counters {
            line += " " + name + "=" + String(value)
        }
        return line
    }
}
