import Capture

// MARK: - TCP, and UDP tunnels

extension PacketDecoder {
    /// The UDP protocol number.
    private static let udp: UInt8 = 17
    /// The TCP protocol number.
    private static let tcp: UInt8 = 6

    /// Decodes the transport layer of a datagram: lends a TCP segment, or unwraps VXLAN.
    mutating func decodeTransport<R>(
        _ datagram: IPDatagram,
        frame: FrameContext,
        depth: Int,
        _ body: (TCPSegment) -> R
    ) -> R? {
        switch datagram.protocolNumber {
        case Self.tcp:
            return self.decodeTCP(datagram, frame: frame, body)
        case Self.udp:
            return self.decodeUDP(datagram, frame: frame, depth: depth, body)
        default:
            self.counters.nonTCP += 1
            return nil
        }
    }

    /// Reads a TCP header and lends the segment to `body`.
    private mutating func decodeTCP<R>(
        _ datagram: IPDatagram,
        frame: FrameContext,
        _ body: (TCPSegment) -> R
    ) -> R? {
        let parse = TCPHeader.parse(datagram.payload, segmentLength: datagram.payloadLength)
        guard let header = self.header(parse, invalidCounter: \.badTCPHeader) else {
            return nil
        }
        guard let payload = datagram.payload.dropping(header.headerLength) else {
            self.counters.truncatedHeader += 1
            return nil
        }

        let payloadLength = datagram.payloadLength - header.headerLength
        self.counters.tcpSegments += 1
        if payload.count < payloadLength { self.counters.snapTruncatedSegments += 1 }
        let segment = TCPSegment(
            timestamp: frame.timestamp,
            source: Endpoint(ip: datagram.source, port: header.sourcePort),
            destination: Endpoint(ip: datagram.destination, port: header.destinationPort),
            seq: header.seq,
            ack: header.ack,
            flags: header.flags,
            payload: payload.bytes,
            payloadLength: payloadLength
        )
        return body(segment)
    }

    /// Decodes the Ethernet frame inside a VXLAN datagram; counts any other UDP as non-TCP.
    private mutating func decodeUDP<R>(
        _ datagram: IPDatagram,
        frame: FrameContext,
        depth: Int,
        _ body: (TCPSegment) -> R
    ) -> R? {
        switch VXLAN.content(ofUDP: datagram.payload) {
        case .other:
            self.counters.nonTCP += 1
            return nil
        case .truncated:
            self.counters.truncatedHeader += 1
            return nil
        case .innerFrame(let innerFrame):
            guard depth < self.limits.maxEncapsulationDepth else {
                self.counters.encapsulationTooDeep += 1
                return nil
            }
            self.counters.vxlanDecapsulated += 1
            // The inner frame is whole when the outer one is: a tunnel adds no snap length.
            let inner = LinkLayer.ethernet(innerFrame)
            return self.decodeNetwork(inner, frame: frame, depth: depth + 1, body)
        }
    }
}
