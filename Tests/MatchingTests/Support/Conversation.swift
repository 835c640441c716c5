import Capture
import Decode
import Matching

/// Which end of a conversation sends a segment.
enum Side {
    case client
    case server
}

/// One hand-built TCP connection between a client and a server, fed segment by segment.
///
/// Each side's next sequence number advances with what it sends, and every segment
/// acknowledges all the other side has sent so far, as a real stack would, unless a test says
/// otherwise. Times are milliseconds of packet time.
final class Conversation {
    let wire: Wire
    let client: Endpoint
    let server: Endpoint
    /// The sequence number of the next byte each side sends.
    var clientSeq: UInt32
    var serverSeq: UInt32

    init(
        wire: Wire = Wire(),
        client: Endpoint = Conversation.endpoint(1, port: 43_210),
        server: Endpoint = Conversation.endpoint(2, port: 80),
        clientISN: UInt32 = 1_000,
        serverISN: UInt32 = 500_000
    ) {
        self.wire = wire
        self.client = client
        self.server = server
        self.clientSeq = clientISN
        self.serverSeq = serverISN
    }

    /// An endpoint on 127.0.0.`host`.
    static func endpoint(_ host: UInt32, port: UInt16) -> Endpoint {
        Endpoint(ip: IPAddress(ipv4: 0x7f00_0000 | host), port: port)
    }

    var exchanges: [Exchange] {
        self.wire.exchanges
    }

    // MARK: - Segments

    /// SYN, SYN-ACK and ACK, each a millisecond apart from `at`.
    func handshake(at time: Int64 = 0) {
        self.control(.client, flags: [.syn], at: time, hasAck: false)
        self.control(.server, flags: [.syn, .ack], at: time + 1)
        self.send(.client, "", at: time + 2)
    }

    /// Sends `text` from `side`; see `send(_:bytes:at:)`.
    func send(
        _ side: Side,
        _ text: String,
        at time: Int64,
        seq: UInt32? = nil,
        ack: UInt32? = nil,
        flags: TCPFlags = [.ack, .psh]
    ) {
        self.send(side, bytes: Array(text.utf8), at: time, seq: seq, ack: ack, flags: flags)
    }

    /// Sends `bytes` from `side` at `seq` (default: the side's next byte) and moves the side's
    /// next sequence number past them when they extend the stream. A `wireLength` longer than
    /// the bytes models a packet cut by the snap length.
    func send(
        _ side: Side,
        bytes: [UInt8],
        at time: Int64,
        seq: UInt32? = nil,
        ack: UInt32? = nil,
        flags: TCPFlags = [.ack, .psh],
        wireLength: Int? = nil
    ) {
        let start = seq ?? self.nextSeq(of: side)
        let length = wireLength ?? bytes.count
        self.deliver(side, bytes: bytes, length: length, at: time, seq: start, ack: ack,
                     flags: flags)
        let end = start &+ UInt32(length)
        if Int32(bitPattern: end &- self.nextSeq(of: side)) > 0 {
            self.setNextSeq(end, of: side)
        }
    }

    /// Bytes the capture never saw: moves the side's next sequence number on without a segment.
    func lose(_ side: Side, _ text: String) {
        self.setNextSeq(self.nextSeq(of: side) &+ UInt32(text.utf8.count), of: side)
    }

    /// A FIN from `side`.
    func fin(_ side: Side, at time: Int64) {
        self.control(side, flags: [.fin, .ack], at: time)
        self.setNextSeq(self.nextSeq(of: side) &+ 1, of: side)
    }

    /// A RST from `side`.
    func reset(_ side: Side, at time: Int64) {
        self.control(side, flags: [.rst, .ack], at: time)
    }

    /// A segment without payload (SYN, FIN, RST, bare ACK).
    func control(_ side: Side, flags: TCPFlags, at time: Int64, hasAck: Bool = true) {
        let seq = self.nextSeq(of: side)
        let ack = hasAck ? self.nextSeq(of: side == .client ? .server : .client) : 0
        self.deliver(side, bytes: [], length: 0, at: time, seq: seq, ack: ack, flags: flags)
        if flags.contains(.syn) {
            self.setNextSeq(seq &+ 1, of: side)
        }
    }

    // MARK: - Helpers

    private func deliver(
        _ side: Side,
        bytes: [UInt8],
        length: Int,
        at time: Int64,
        seq: UInt32,
        ack: UInt32?,
        flags: TCPFlags
    ) {
        let peer: Side = side == .client ? .server : .client
        let (source, destination) = side == .client ? (self.client, self.server)
                                                    : (self.server, self.client)
        bytes.withUnsafeBytes { payload in
            let segment = TCPSegment(
                timestamp: .milliseconds(time),
                source: source,
                destination: destination,
                seq: seq,
                ack: ack ?? self.nextSeq(of: peer),
                flags: flags,
                payload: payload,
                payloadLength: length
            )
            self.wire.ingest(segment)
        }
    }

    private func nextSeq(of side: Side) -> UInt32 {
        side == .client ? self.clientSeq : self.serverSeq
    }

    private func setNextSeq(_ value: UInt32, of side: Side) {
        switch side {
        case .client: self.clientSeq = value
        case .server: self.serverSeq = value
        }
    }
}
