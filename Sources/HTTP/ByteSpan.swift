/// Where a field of a head in progress (method, target, Host) lies.
///
/// While the head's line sits in the caller's buffer the span points into that buffer
/// (`isKept == false`) and nothing is copied. A span from a line assembled across `parse` calls,
/// or one still needed when `parse` returns, is copied into the parser's small kept-bytes buffer
/// (`isKept == true`).
struct ByteSpan {
    /// Offset of the first byte, in the caller's buffer or in the kept bytes.
    var start: Int
    /// Number of bytes.
    var count: Int
    /// Whether the bytes are in the parser's kept-bytes buffer rather than the caller's.
    var isKept: Bool
}
