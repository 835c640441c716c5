/// Why a packet source could not be opened or read. Stub: the real one replaces this file.
public enum CaptureError: Error, CustomStringConvertible {
    case failed(String)

    public var description: String {
        switch self {
        case .failed(let message): message
        }
    }
}
