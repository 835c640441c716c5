import Capture

// MARK: - IPv4 and IPv6

extension PacketDecoder {
    /// Decodes an IPv4 packet, reassembling it first when it is a fragment.
    mutating func decodeIPv4<R>(
        _ packet: ByteCursor,
        frame: FrameContext,
        depth: Int,
        _ body: (TCPSegment) -> R
    ) -> R? {
        guard var header = self.header(IPv4Header.parse(packet), invalidCounter: \.badIPHeader)
        else { return nil }
        header.payloadLength = self.trustedLength(header.payloadLength, header.payload, frame)
        guard header.isFragment else {
            return self.decodeTransport(header.datagram, frame: frame, depth: depth, body)
        }

        let key = FragmentKey(
            source: header.source,
            destination: header.destination,
            identification: UInt32(header.identification),
            protocolNumber: header.protocolNumber,
            isIPv6: false
        )
        let fragment = FragmentReassembler.Fragment(
            key: key,
            offset: header.fragmentOffset,
            isLast: !header.hasMoreFragments,
            nextHeader: header.protocolNumber,
            data: header.payload
        )
        let declared = header.payloadLength
        let whole = self.reassemble(fragment, declaredLength: declared, frame.timestamp)
        guard let whole else { return nil }
        return whole.bytes.withUnsafeBytes { bytes in
            let datagram = IPDatagram(
                source: header.source,
                destination: header.destination,
                protocolNumber: whole.nextHeader,
                payload: ByteCursor(bytes),
                payloadLength: bytes.count
            )
            return self.decodeTransport(datagram, frame: frame, depth: depth, body)
        }
    }

    /// Decodes an IPv6 packet: walks its extension headers, reassembling it when fragmented.
    mutating func decodeIPv6<R>(
        _ packet: ByteCursor,
        frame: FrameContext,
        depth: Int,
        _ body: (TCPSegment) -> R
    ) -> R? {
        guard var header = self.header(IPv6Header.parse(packet), invalidCounter: \.badIPHeader)
        else { return nil }
        header.payloadLength = self.trustedLength(header.payloadLength, header.payload, frame)
        let chain = IPv6ExtensionChain.walk(
            first: header.nextHeader,
            payload: header.payload,
            payloadLength: header.payloadLength,
            allowsFragment: true
        )
        guard case .fragment(let found) = chain else {
            guard let datagram = self.transport(
                chain,
                header.source,
                header.destination,
                header.payload,
                header.payloadLength
            ) else { return nil }
            return self.decodeTransport(datagram, frame: frame, depth: depth, body)
        }

        let key = FragmentKey(
            source: header.source,
            destination: header.destination,
            identification: found.identification,
            protocolNumber: 0,
            isIPv6: true
        )
        let fragment = FragmentReassembler.Fragment(
            key: key,
            offset: found.fragmentOffset,
            isLast: !found.hasMoreFragments,
            nextHeader: found.nextHeader,
            data: header.payload.dropping(found.dataStart) ?? header.payload.prefix(0)
        )
        let declared = header.payloadLength - found.dataStart
        let whole = self.reassemble(fragment, declaredLength: declared, frame.timestamp)
        guard let whole else { return nil }
        return whole.bytes.withUnsafeBytes { bytes in
            let payload = ByteCursor(bytes)
            let chain = IPv6ExtensionChain.walk(
                first: whole.nextHeader,
                payload: payload,
                payloadLength: bytes.count,
                allowsFragment: false
            )
            guard let datagram = self.transport(
                chain,
                header.source,
                header.destination,
                payload,
                bytes.count
            ) else { return nil }
            return self.decodeTransport(datagram, frame: frame, depth: depth, body)
        }
    }

    /// The payload length to believe: the header's, unless it runs past the end of a frame
    /// the capture kept whole, where the bytes that are there are the payload.
    ///
    /// Only a snap length cut leaves a known-length hole; a length past a whole frame lies
    /// (a broken or hostile sender), and believing it would make later bytes of the stream
    /// look lost. Such a packet counts as `ip_length_exceeds_frame`.
    private mutating func trustedLength(
        _ declared: Int,
        _ captured: ByteCursor,
        _ frame: FrameContext
    ) -> Int {
        guard frame.isWhole, captured.count < declared else { return declared }
        self.counters.ipLengthExceedsFrame += 1
        return captured.count
    }

    /// Passes a fragment to the reassembler; returns the datagram it completed, if any.
    ///
    /// - Parameter declaredLength: the fragment's data length per its IP header; a fragment the
    ///   capture cut short can never be reassembled and is counted as `fragments_truncated`.
    private mutating func reassemble(
        _ fragment: FragmentReassembler.Fragment,
        declaredLength: Int,
        _ timestamp: Timestamp
    ) -> FragmentReassembler.Reassembled? {
        self.counters.ipFragments += 1
        guard fragment.data.count == declaredLength else {
            // Limitation: a fragment the snap length cut short is counted as
            // fragments_truncated and not buffered, so its datagram never completes and the
            // other fragments expire; no segment of it reaches the caller.
            self.counters.fragmentsTruncated += 1
            return nil
        }
        let whole = self.reassembler.insert(fragment, at: timestamp, counters: &self.counters)
        if whole != nil { self.counters.fragmentsReassembled += 1 }
        return whole
    }

    /// The datagram an IPv6 extension chain walk found, or `nil` with the reason counted.
    private mutating func transport(
        _ chain: IPv6ExtensionChain.Outcome,
        _ source: IPAddress,
        _ destination: IPAddress,
        _ payload: ByteCursor,
        _ payloadLength: Int
    ) -> IPDatagram? {
        switch chain {
        case .transport(let protocolNumber, let offset):
            guard let transport = payload.dropping(offset) else {
                self.counters.truncatedHeader += 1
                return nil
            }
            return IPDatagram(
                source: source,
                destination: destination,
                protocolNumber: protocolNumber,
                payload: transport,
                payloadLength: payloadLength - offset
            )
        case .noNextHeader:
            self.counters.nonTCP += 1
        case .truncated:
            self.counters.truncatedHeader += 1
        case .invalid, .fragment:
            self.counters.badIPHeader += 1
        }
        return nil
    }
}
