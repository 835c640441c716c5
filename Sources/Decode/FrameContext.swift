import Capture

/// What the decoder knows about the captured frame a header was read from, passed down the
/// layers (and into tunnels) with the bytes.
struct FrameContext {
    /// When the frame was captured.
    var timestamp: Timestamp
    /// Whether the capture kept every byte of the frame (no snap length cut). A length field
    /// that runs past the end of a whole frame lies: no byte beyond it ever existed.
    var isWhole: Bool
}
