import Capture

/// Decodes captured frames down to TCP segments.
///
/// Stub: the real decoder replaces this file.
public struct PacketDecoder {
    public init() {}

    public static func supports(_ linkType: LinkType) -> Bool { true }

    public mutating func decode<R>(_ packet: Packet, _ body: (TCPSegment) -> R) -> R? { nil }

    public var counterValues: [(name: String, value: Int)] { [] }
}
