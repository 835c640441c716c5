/// Caps that keep one stream's parser state bounded.
public struct HTTPLimits: Sendable {
    /// The longest head (start line and header lines, terminators included) kept track of;
    /// longer heads are reported as `head_too_large` and the parser resynchronises.
    ///
    /// The same cap bounds a chunk-size line, a trailer section and a line examined while
    /// resynchronising, so no stream ever holds more than this many carried bytes.
    public var maxHeadBytes: Int = 64 * 1024

    /// Creates limits; `maxHeadBytes` below 16 is raised to 16 so a status line still fits.
    public init(maxHeadBytes: Int = 64 * 1024) {
        self.maxHeadBytes = max(16, maxHeadBytes)
    }
}
