/// Why a request to the API server failed.
public enum APIClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server answered with an HTTP error; `message` is its Status message.
    case http(status: Int, reason: String, message: String, path: String)
    /// A watch stream carried an `ERROR` event; `code` is its Status code (410 when expired).
    case watchError(code: Int, reason: String, message: String, path: String)
    /// TLS failed: the server's certificate did not verify against the CA, or a CA, client
    /// certificate or key could not be used.
    case tls(message: String, server: String)
    /// The server could not be reached or the connection broke (refused, reset, timed out).
    case transport(message: String, server: String)
    /// A credential (token, CA, certificate, key) could not be read.
    case credential(message: String)
    /// The server's answer was not what the API sends.
    case malformedResponse(message: String, path: String)
    /// The request was cancelled by `CancellationFlag.cancel()`.
    case cancelled

    /// Whether the resourceVersion asked for is too old (410 Gone): the caller must list again.
    public var isGone: Bool {
        switch self {
        case .http(status: 410, _, _, _), .watchError(code: 410, _, _, _):
            true
        default:
            false
        }
    }

    /// The HTTP or Status code, when the server gave one.
    public var status: Int? {
        switch self {
        case .http(let status, _, _, _):
            status
        case .watchError(let code, _, _, _):
            code
        default:
            nil
        }
    }

    /// One line for the operator: what failed, against which server or path, and what to do.
    public var description: String {
        switch self {
        case .http(let status, let reason, let message, let path):
            "API server answered \(status)\(Self.suffix(reason, message)) for '\(path)'"
                + Self.hint(status)
        case .watchError(let code, let reason, let message, let path):
            "watch of '\(path)' ended with error \(code)\(Self.suffix(reason, message))"
        case .tls(let message, let server):
            "TLS with '\(server)' failed: \(message); check the cluster CA and client"
                + " certificate"
        case .transport(let message, let server):
            "cannot reach API server '\(server)': \(message)"
        case .credential(let message):
            message
        case .malformedResponse(let message, let path):
            "unexpected answer for '\(path)': \(message)"
        case .cancelled:
            "request cancelled"
        }
    }

    /// ` (reason: message)` or the parts present.
    private static func suffix(_ reason: String, _ message: String) -> String {
        switch (reason.isEmpty, message.isEmpty) {
        case (true, true): ""
        case (false, true): " (\(reason))"
        case (true, false): " (\(message))"
        case (false, false): " (\(reason): \(message))"
        }
    }

    /// What to do about an HTTP status.
    private static func hint(_ status: Int) -> String {
        switch status {
        case 401: "; the token or client certificate was refused"
        case 403: "; grant get, list and watch on pods, services and nodes"
        default: ""
        }
    }
}
