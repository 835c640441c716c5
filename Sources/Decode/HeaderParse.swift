/// The result of reading one fixed-layout header from captured bytes.
enum HeaderParse<Header> {
    /// The header, whole and self-consistent.
    case header(Header)
    /// The capture ends inside the header (counted as `truncated_header`).
    case truncated
    /// The header contradicts itself or its container (counted as a `bad_*_header`).
    case invalid
}
