internal import CCurl

/// Receives a transfer's body on libcurl's callbacks (on the transfer's own thread).
///
/// Lives exactly as long as one `CurlTransfer.run`; libcurl reaches it through an unretained
/// user pointer that the run keeps alive.
final class TransferSink {
    /// The transfer, to read its HTTP status once the head has arrived.
    private let easy: UnsafeMutableRawPointer
    /// Checked on every callback.
    private let cancellation: CancellationFlag
    /// Takes each piece of a 200 body; `false` stops the transfer.
    private let onBody: (UnsafeRawBufferPointer) -> Bool
    /// The HTTP status, read at the first body byte (0 before).
    private(set) var status = 0
    /// The start of a non-200 body, up to `CurlTransfer.maxErrorBodyBytes`.
    private(set) var errorBody: [UInt8] = []
    /// Whether `onBody` stopped the transfer.
    private(set) var isStoppedByReceiver = false

    /// Creates a sink for one transfer.
    init(
        easy: UnsafeMutableRawPointer,
        cancellation: CancellationFlag,
        onBody: @escaping (UnsafeRawBufferPointer) -> Bool
    ) {
        self.easy = easy
        self.cancellation = cancellation
        self.onBody = onBody
    }

    /// Whether the transfer should stop now.
    var isCancelled: Bool {
        self.cancellation.isCancelled
    }

    /// Takes one piece of the body; returns `false` to abort the transfer.
    func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if self.cancellation.isCancelled {
            return false
        }
        if self.status == 0 {
            var code = 0
            earshot_curl_get_response_code(self.easy, &code)
            self.status = code
        }
        guard self.status == 200 else {
            let room = CurlTransfer.maxErrorBodyBytes - self.errorBody.count
            self.errorBody.append(contentsOf: bytes.prefix(max(0, room)))
            return true
        }
        if !self.onBody(bytes) {
            self.isStoppedByReceiver = true
            return false
        }
        return true
    }
}
