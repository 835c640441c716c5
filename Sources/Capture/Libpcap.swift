internal import CPcap
internal import Glibc

/// Small conversions between libpcap's C conventions and Swift values, shared by the sources.
enum Libpcap {
    /// `PCAP_ERRBUF_SIZE`, the size of the buffer libpcap writes error text into.
    static let errorBufferSize = Int(PCAP_ERRBUF_SIZE)

    /// A zeroed buffer for libpcap to write an error message into.
    static func makeErrorBuffer() -> [CChar] {
        [CChar](repeating: 0, count: Self.errorBufferSize)
    }

    /// The text libpcap wrote into `buffer`, tidied for use inside one of our messages.
    static func message(fromErrorBuffer buffer: [CChar]) -> String {
        // Safe: the buffer is zero-filled and libpcap writes at most PCAP_ERRBUF_SIZE bytes
        // including the terminator, so a NUL always ends the text inside the array.
        let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return Self.tidy(text)
    }

    /// The last error libpcap recorded on `handle` (`pcap_geterr`), tidied.
    static func lastError(of handle: OpaquePointer) -> String {
        guard let text = pcap_geterr(handle) else {
            return "unknown libpcap error"
        }
        return Self.tidy(String(cString: text))
    }

    /// The system's text for `errno`, starting lower-case.
    static func systemMessage(errno code: Int32) -> String {
        guard let text = strerror(code) else {
            return "error \(code)"
        }
        return Self.tidy(String(cString: text))
    }

    /// Makes a C library message fit inside ours: no trailing whitespace or period, `;` turned
    /// into `,` (ours separates the problem from the advice), and a capitalised first word
    /// lowered unless it is an acronym (`BPF`, `SIOCGIFHWADDR`).
    static func tidy(_ text: String) -> String {
        var result = String(text.reversed().drop { $0 == "\n" || $0 == " " || $0 == "." })
        result = String(result.reversed())
        result = result.replacing("; ", with: ", ").replacing(";", with: ",")
        guard let first = result.first, first.isUppercase else {
            return result.isEmpty ? "unknown libpcap error" : result
        }
        let second = result.dropFirst().first
        if second == nil || second?.isLowercase == true {
            return first.lowercased() + result.dropFirst()
        }
        return result
    }

    /// The names of the interfaces libpcap can capture on, in its order; empty on failure.
    static func interfaceNames() throws(CaptureError) -> [String] {
        var errorBuffer = Self.makeErrorBuffer()
        var first: UnsafeMutablePointer<pcap_if_t>?
        guard pcap_findalldevs(&first, &errorBuffer) == 0 else {
            throw .interfaceListFailed(reason: Self.message(fromErrorBuffer: errorBuffer))
        }
        defer { pcap_freealldevs(first) }

        var names: [String] = []
        var current = first
        while let device = current {
            if let name = device.pointee.name {
                names.append(String(cString: name))
            }
            current = device.pointee.next
        }
        return names
    }

    /// Builds a packet view over the record `pcap_next_ex` returned.
    ///
    /// - Parameters:
    ///   - header: the record header; `ts.tv_usec` holds nanoseconds when `isNanosecond`,
    ///     microseconds otherwise.
    ///   - data: the captured bytes, `header.caplen` of them, owned by libpcap until the next
    ///     read on the same handle.
    static func packet(
        header: UnsafePointer<pcap_pkthdr>,
        data: UnsafePointer<UInt8>,
        linkType: LinkType,
        isNanosecond: Bool
    ) -> Packet {
        var seconds = Int64(header.pointee.ts.tv_sec)
        // Classic pcap stores seconds as unsigned 32 bits, which libpcap 1.10 reads as signed:
        // a time after 2038-01-19 arrives negative. No format or kernel yields real times
        // before 1970, so a negative value in that range is taken back to unsigned.
        if seconds < 0 && seconds >= Int64(Int32.min) {
            seconds += 1 << 32
        }
        let fraction = Int64(header.pointee.ts.tv_usec)
        // The fraction is below one second from libpcap; `Timestamp` saturates whatever comes.
        let (scaled, isOverflow) = fraction.multipliedReportingOverflow(by: 1_000)
        let microsecondsAsNanoseconds = isOverflow ? (fraction < 0 ? Int64.min : .max) : scaled
        let nanoseconds = isNanosecond ? fraction : microsecondsAsNanoseconds
        // Safe: libpcap guarantees `caplen` readable bytes at `data` until the next read.
        return Packet(
            timestamp: Timestamp(seconds: seconds, nanoseconds: nanoseconds),
            linkType: linkType,
            bytes: UnsafeRawBufferPointer(start: data, count: Int(header.pointee.caplen)),
            wireLength: Int(header.pointee.len)
        )
    }
}
