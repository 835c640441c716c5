/// Serial-number arithmetic on 32-bit TCP sequence numbers (RFC 1982, RFC 9293 section 3.4).
///
/// Sequence numbers wrap at 2^32, so "before" and "after" are decided by the signed distance
/// between two numbers, never by comparing the raw values.
public enum SequenceNumber {
    /// Signed distance from `base` to `value`: positive when `value` lies after `base`.
    @inline(__always)
    public static func distance(from base: UInt32, to value: UInt32) -> Int {
        Int(Int32(bitPattern: value &- base))
    }

    /// Whether `lhs` lies before `rhs` in sequence space.
    @inline(__always)
    public static func isBefore(_ lhs: UInt32, _ rhs: UInt32) -> Bool {
        Int32(bitPattern: lhs &- rhs) < 0
    }

    /// `value` moved forward by `count` bytes, wrapping.
    @inline(__always)
    public static func advance(_ value: UInt32, by count: Int) -> UInt32 {
        value &+ UInt32(truncatingIfNeeded: count)
    }
}
