/// The shape of the report: JSON Lines for programs, aligned text for people.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// One JSON object per exchange and line (`ExchangeRecord`).
    case json
    /// One aligned human line per exchange after a header line (`TextFormatter`).
    case text
}
