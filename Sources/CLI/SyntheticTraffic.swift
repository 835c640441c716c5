import Capture

/// Writes a capture of made-up keep-alive HTTP traffic for the benchmark: Ethernet, IPv4, TCP,
/// full handshakes, one ACK per data segment, bodies split into MSS-sized segments.
///
/// The traffic is built in memory and written to a file; nothing is sent anywhere.
struct SyntheticTraffic {
    var connections = 200
    var exchangesPerConnection = 50
    var responseBodyBytes = 3_000
    private var clock: Int64 = 1_800_000_000 * 1_000_000_000
    private var frame: [UInt8] = []
    private(set) var packetsWritten = 0

    init(packets: Int) {
        // About 6 packets per exchange (request, ACK, 3 response segments, ACK).
        let exchanges = max(1, packets / 6)
        self.connections = max(1, min(2_000, exchanges / 50))
        self.exchangesPerConnection = max(1, exchanges / self.connections)
    }

    /// Writes the capture to `path`.
    mutating func write(to path: String) throws(CaptureError) {
        let writer = try PcapWriter(path: path, linkType: .ethernet)
        let body = [UInt8](repeating: UInt8(ascii: "x"), count: self.responseBodyBytes)
        for index in 0..<self.connections {
            let client = Peer(ip: 0x0a00_0000 | UInt32(index + 2), port: UInt16(30_000 + index))
            let server = Peer(ip: 0x0a63_0001, port: 8080)
            var clientSeq: UInt32 = 1_000 &* UInt32(index + 1)
            var serverSeq: UInt32 = 4_000_000_000 &+ UInt32(index)
            self.emit(writer, from: client, to: server, seq: clientSeq, ack: 0, flags: 0x02)
            self.emit(writer, from: server, to: client, seq: serverSeq, ack: clientSeq &+ 1,
                      flags: 0x12)
            clientSeq &+= 1
            serverSeq &+= 1
            self.emit(writer, from: client, to: server, seq: clientSeq, ack: serverSeq,
                      flags: 0x10)
            for exchange in 0..<self.exchangesPerConnection {
                let request = Array(("GET /api/items/\(exchange)?page=\(index) HTTP/1.1\r\n"
                    + "Host: shop.example\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n").utf8)
                self.emit(writer, from: client, to: server, seq: clientSeq, ack: serverSeq,
                          flags: 0x18, payload: request[...])
                clientSeq &+= UInt32(request.count)
                self.clock += 2_000_000 + Int64(exchange % 7) * 1_000_000
                let head = Array(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(body.count)\r\n\r\n").utf8)
                let response = head + body
                var offset = 0
                while offset < response.count {
                    let end = min(offset + 1_448, response.count)
                    self.emit(writer, from: server, to: client, seq: serverSeq, ack: clientSeq,
                              flags: 0x18, payload: response[offset..<end])
                    serverSeq &+= UInt32(end - offset)
                    offset = end
                }
                self.emit(writer, from: client, to: server, seq: clientSeq, ack: serverSeq,
                          flags: 0x10)
            }
        }
        writer.close()
    }

    private struct Peer {
        var ip: UInt32
        var port: UInt16
    }

    private mutating func emit(
        _ writer: PcapWriter,
        from source: Peer,
        to destination: Peer,
        seq: UInt32,
        ack: UInt32,
        flags: UInt8,
        payload: ArraySlice<UInt8> = []
    ) {
        self.frame.removeAll(keepingCapacity: true)
        self.frame += [0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00]
        let totalLength = 40 + payload.count
        self.frame += [0x45, 0, UInt8(totalLength >> 8), UInt8(totalLength & 0xff), 0, 0, 0x40, 0,
                       64, 6, 0, 0]
        Self.appendBigEndian(source.ip, to: &self.frame)
        Self.appendBigEndian(destination.ip, to: &self.frame)
        self.frame += [UInt8(source.port >> 8), UInt8(source.port & 0xff),
                       UInt8(destination.port >> 8), UInt8(destination.port & 0xff)]
        Self.appendBigEndian(seq, to: &self.frame)
        Self.appendBigEndian(ack, to: &self.frame)
        self.frame += [0x50, flags, 0xff, 0xff, 0, 0, 0, 0]
        self.frame += payload
        self.clock += 20_000
        let timestamp = Timestamp(nanoseconds: self.clock)
        self.frame.withUnsafeBytes { bytes in
            writer.write(timestamp: timestamp, bytes: bytes, wireLength: bytes.count)
        }
        self.packetsWritten += 1
    }

    private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value >> 24), UInt8((value >> 16) & 0xff),
                  UInt8((value >> 8) & 0xff), UInt8(value & 0xff)]
    }
}
