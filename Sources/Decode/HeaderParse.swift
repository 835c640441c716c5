/// The result of reading one fixed-layout header from captured bytes.
enum HeaderParse<Header> {
    /// The header, whole and self-consistent.
    case header(Header)
    /// The capture ends inside the header (counted as `truncated_header`).
    case truncated
    /// The header contradicts itself or its container (counted as a `bad_*_header`).
    case invalid
}

extension PacketDecoder {
    /// The header a parse found; a truncated one is counted as `truncated_header`, an invalid
    /// one under `invalidCounter`.
    @inline(__always)
    mutating func header<Header>(
        _ parse: HeaderParse<Header>,
        invalidCounter: WritableKeyPath<DecodeCounters, Int>
    ) -> Header? {
        switch parse {
        case .header(let header):
            return header
        case .truncated:
            self.counters.truncatedHeader += 1
        case .invalid:
            self.counters[keyPath: invalidCounter] += 1
        }
        return nil
    }
}
