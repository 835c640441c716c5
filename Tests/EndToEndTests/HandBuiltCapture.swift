import Capture

/// Writes a small Ethernet pcap file of one HTTP/1.1 connection built byte by byte, for
/// command-line tests that need traffic no recorded fixture has (credentials in headers).
///
/// The connection runs 127.0.0.1:40000 → 127.0.0.1:8080: handshake, each request and its
/// response with the server's acknowledgement between them, then FIN both ways. Checksums are
/// left zero: earshot never verifies them.
enum HandBuiltCapture {
    /// One request and the response the server sends after `serverDelayMilliseconds`.
    struct Exchange {
        var request: String
        var response: String
        var serverDelayMilliseconds: Int64 = 5
    }

    private static let clientPort: UInt16 = 40000
    private static let serverPort: UInt16 = 8080

    /// Writes `exchanges` on one keep-alive connection to a new pcap file at `path`.
    ///
    /// - Throws: `CaptureError` when the file cannot be written.
    static func write(_ exchanges: [Exchange], to path: String) throws {
        let writer = try PcapWriter(path: path, linkType: .ethernet)
        defer { writer.close() }
        var clock = Timestamp(seconds: 1_760_000_000, nanoseconds: 0)
        var client: UInt32 = 1000
        var server: UInt32 = 5000
        func send(fromClient: Bool, flags: UInt8, payload: [UInt8] = [], after: Int64 = 100) {
            clock = clock.advanced(byNanoseconds: after * 1000)
            let frame = Self.frame(
                fromClient: fromClient,
                seq: fromClient ? client : server,
                ack: fromClient ? server : client,
                flags: flags,
                payload: payload
            )
            frame.withUnsafeBytes { bytes in
                writer.write(timestamp: clock, bytes: bytes, wireLength: frame.count)
            }
            let consumed = UInt32(payload.count) + (flags & 0x03 != 0 ? 1 : 0)
            if fromClient { client &+= consumed } else { server &+= consumed }
        }

        send(fromClient: true, flags: 0x02)
        send(fromClient: false, flags: 0x12)
        send(fromClient: true, flags: 0x10)
        for exchange in exchanges {
            send(fromClient: true, flags: 0x18, payload: Array(exchange.request.utf8))
            send(fromClient: false, flags: 0x10)
            send(
                fromClient: false,
                flags: 0x18,
                payload: Array(exchange.response.utf8),
                after: exchange.serverDelayMilliseconds * 1000
            )
            send(fromClient: true, flags: 0x10)
        }
        send(fromClient: true, flags: 0x11)
        send(fromClient: false, flags: 0x11)
        send(fromClient: true, flags: 0x10)
        try writer.flush()
    }

    /// Ethernet II, IPv4 (20 bytes, DF) and TCP (20 bytes) headers in front of `payload`.
    ///
    ///     ethernet: destination(6) source(6) type 0x0800
    ///     ipv4: 0x45 tos | total length | id | flags+offset | ttl proto | checksum | addresses
    ///     tcp: ports | seq | ack | offset(4) flags | window | checksum | urgent
    private static func frame(
        fromClient: Bool,
        seq: UInt32,
        ack: UInt32,
        flags: UInt8,
        payload: [UInt8]
    ) -> [UInt8] {
        let ethernet: [UInt8] = [0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00]
        let loopback: [UInt8] = [127, 0, 0, 1]
        let ipv4 = [0x45, 0] + Self.bigEndian(UInt16(40 + payload.count)) + [0, 1, 0x40, 0]
            + [64, 6, 0, 0] + loopback + loopback
        let ports = fromClient
            ? Self.bigEndian(Self.clientPort) + Self.bigEndian(Self.serverPort)
            : Self.bigEndian(Self.serverPort) + Self.bigEndian(Self.clientPort)
        let tcp = ports + Self.bigEndian(seq) + Self.bigEndian(ack) + [0x50, flags]
            + Self.bigEndian(UInt16(65535)) + [0, 0, 0, 0]
        return ethernet + ipv4 + tcp + payload
    }

    private static func bigEndian(_ value: UInt16) -> [UInt8] {
        [UInt8(value >> 8), UInt8(value & 0xff)]
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff),
         UInt8(value & 0xff)]
    }
}
