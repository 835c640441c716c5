/// How to reach and authenticate to a Kubernetes API server, wherever it was learnt from
/// (the pod's service account, or a kubeconfig context).
public struct APIServerConfig: Sendable, Equatable {
    /// The server's base URL, `https://host:port`, without a trailing slash.
    public var server: String
    /// The cluster CA that signs the server's certificate; `nil` trusts the system's CAs.
    public var certificateAuthority: Credential?
    /// The bearer token, when the identity is a token.
    public var bearerToken: TokenSource?
    /// The client certificate, when the identity is a certificate (with `clientKey`).
    public var clientCertificate: Credential?
    /// The client certificate's private key.
    public var clientKey: Credential?
    /// Whether to accept any server certificate; only when the user asked for it by name.
    public var skipsTLSVerification: Bool
    /// The namespace the context or service account defaults to, if any.
    public var defaultNamespace: String?
    /// Where this came from, for logs: `in-cluster service account`, `kubeconfig
    /// /root/.kube/config context kind-dev`.
    public var origin: String

    public init(
        server: String,
        certificateAuthority: Credential? = nil,
        bearerToken: TokenSource? = nil,
        clientCertificate: Credential? = nil,
        clientKey: Credential? = nil,
        skipsTLSVerification: Bool = false,
        defaultNamespace: String? = nil,
        origin: String
    ) {
        self.server = server
        self.certificateAuthority = certificateAuthority
        self.bearerToken = bearerToken
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.skipsTLSVerification = skipsTLSVerification
        self.defaultNamespace = defaultNamespace
        self.origin = origin
    }
}

/// A PEM certificate or key: a file to read, or its bytes given inline (kubeconfig `*-data`
/// fields, already base64-decoded).
public enum Credential: Sendable, Equatable {
    case file(path: String)
    case data([UInt8])
}

/// Where the bearer token comes from. A file is read again when it changes, because service
/// account tokens are rotated while the pod runs.
public enum TokenSource: Sendable, Equatable {
    case literal(String)
    case file(path: String)
}
