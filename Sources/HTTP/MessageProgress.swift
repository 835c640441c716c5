import Capture

/// What the parser tracks about the message in progress besides its head.
struct MessageProgress {
    /// Body payload bytes counted so far (chunk framing excluded, holes included).
    var bodyBytes = 0
    /// Whether a real gap fell inside the body.
    var hadGap = false
    /// Whether a known-length hole (snap length) fell inside the body.
    var wasTruncated = false
    /// Capture time of the packet that carried the latest byte of this message.
    var lastByteTimestamp: Timestamp
    /// Bytes of the trailer section so far, held to `HTTPLimits.maxHeadBytes`.
    var trailerBytes = 0

    /// Progress of a message whose first byte arrived at `timestamp`.
    init(startedAt timestamp: Timestamp) {
        self.lastByteTimestamp = timestamp
    }
}
