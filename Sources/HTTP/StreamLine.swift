/// One complete line of a head, chunk-size line or trailer section, ready to be examined.
///
/// `content` borrows either the caller's `parse` buffer or the parser's carry buffer; it is
/// valid only while the line is being handled.
struct StreamLine {
    /// The line without its `LF` and without one `CR` before it.
    var content: UnsafeRawBufferPointer
    /// Where `content` starts in the caller's buffer, or `nil` when the line was assembled in
    /// the carry buffer from bytes of several `parse` calls.
    var offsetInBuffer: Int?
    /// Bytes the line occupies in the stream, terminator included.
    var streamLength: Int
}
