/// Reads the Kubernetes API over HTTPS: lists and watches of pods, services and nodes.
///
/// Every request verifies the server against the configured CA (unless the configuration says
/// to skip it by name), authenticates with the bearer token (the token file is checked for
/// rotation before each request) or the client certificate, speaks HTTP/1.1 and asks for JSON.
/// Calls block their thread; `watch` runs for as long as the stream does, so give each watch
/// its own thread. The token never appears in logs or errors.
public final class APIClient: Sendable {
    /// Limits and timeouts.
    public struct Options: Sendable, Equatable {
        /// How long to wait for the TCP and TLS handshake.
        public var connectTimeoutSeconds: Double
        /// How long one list page may take.
        public var listTimeoutSeconds: Double
        /// How long past its `timeoutSeconds` a watch may run before the client gives up on a
        /// server that went silent without closing.
        public var watchGraceSeconds: Double
        /// Objects asked for per list page (`limit`); 0 lists in one response.
        public var listPageSize: Int
        /// The longest watch line (one event) accepted.
        public var maxLineBytes: Int
        /// The largest list page accepted.
        public var maxListPageBytes: Int
        /// The most pages one list may take, a guard against a server that never ends it.
        public var maxListPages: Int

        /// Creates options; the defaults suit a real cluster.
        public init(
            connectTimeoutSeconds: Double = 10,
            listTimeoutSeconds: Double = 60,
            watchGraceSeconds: Double = 30,
            listPageSize: Int = 500,
            maxLineBytes: Int = 16 * 1024 * 1024,
            maxListPageBytes: Int = 512 * 1024 * 1024,
            maxListPages: Int = 10_000
        ) {
            self.connectTimeoutSeconds = connectTimeoutSeconds
            self.listTimeoutSeconds = listTimeoutSeconds
            self.watchGraceSeconds = watchGraceSeconds
            self.listPageSize = listPageSize
            self.maxLineBytes = maxLineBytes
            self.maxListPageBytes = maxListPageBytes
            self.maxListPages = maxListPages
        }
    }

    /// Where and how to connect.
    public let config: APIServerConfig
    /// Limits and timeouts.
    public let options: Options
    /// The bearer token source, when the identity is a token.
    private let tokens: TokenReader?

    /// Creates a client; nothing is sent until `list` or `watch`.
    public init(config: APIServerConfig, options: Options = Options()) {
        self.config = config
        self.options = options
        self.tokens = config.bearerToken.map(TokenReader.init(source:))
    }

    // MARK: - Paths

    /// The collection path of `kind`: `/api/v1/pods`, or `/api/v1/namespaces/NS/pods` when a
    /// namespace is given and the kind is namespaced.
    public func path(of kind: ResourceKind, namespace: String?) -> String {
        guard kind.isNamespaced, let namespace, !namespace.isEmpty else {
            return "/api/v1/\(kind.rawValue)"
        }
        return "/api/v1/namespaces/\(Self.escape(namespace))/\(kind.rawValue)"
    }

    /// `text` percent-encoded for a path segment or query value: every UTF-8 byte but the
    /// unreserved ones (RFC 3986, section 2.3) becomes `%XX`.
    static func escape(_ text: String) -> String {
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                escaped.append(byte)
            default:
                escaped.append(UInt8(ascii: "%"))
                escaped.append(hexDigits[Int(byte >> 4)])
                escaped.append(hexDigits[Int(byte & 0xF)])
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    /// `path` with a query string built from `items` in order.
    static func target(_ path: String, _ items: [(String, String)]) -> String {
        guard !items.isEmpty else {
            return path
        }
        return path + "?" + items.map { "\($0.0)=\(Self.escape($0.1))" }.joined(separator: "&")
    }

    // MARK: - Requests

    /// The request headers, with the current token.
    func headers() throws(APIClientError) -> [String] {
        var headers = ["Accept: application/json"]
        if let tokens = self.tokens {
            headers.append("Authorization: Bearer \(try tokens.current())")
        }
        return headers
    }

    /// A transfer of `target` (path and query) with this client's settings.
    func transfer(
        _ target: String,
        totalTimeoutSeconds: Double,
        acceptsCompression: Bool
    ) throws(APIClientError) -> CurlTransfer {
        CurlTransfer(
            url: self.config.server + target,
            headers: try self.headers(),
            config: self.config,
            connectTimeoutMilliseconds: Self.milliseconds(self.options.connectTimeoutSeconds),
            totalTimeoutMilliseconds: Self.milliseconds(totalTimeoutSeconds),
            acceptsCompression: acceptsCompression
        )
    }

    /// Seconds as whole milliseconds, at least 1.
    private static func milliseconds(_ seconds: Double) -> Int {
        guard seconds.isFinite, seconds > 0 else {
            return 0
        }
        return max(1, Int(min(seconds, 86_400 * 365) * 1000))
    }

    /// The error for a transfer that did not end with a complete 200 response.
    func failure(_ outcome: CurlTransfer.Outcome, path: String) -> APIClientError {
        if outcome.status != 0, outcome.status != 200 {
            let status = APIStatus(json: outcome.errorBody)
            return .http(
                status: outcome.status,
                reason: status?.reason ?? "",
                message: status?.message ?? "",
                path: path
            )
        }
        let message = APIStatus.oneLine(outcome.message)
        if CurlErrorKind(code: outcome.code) == .tls {
            return .tls(message: message, server: self.config.server)
        }
        return .transport(message: message, server: self.config.server)
    }
}
