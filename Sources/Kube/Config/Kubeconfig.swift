/// A kubeconfig file (`apiVersion: v1`, `kind: Config`): its clusters, users and contexts,
/// and which context is current. Turns one context into an `APIServerConfig`.
///
/// Relative file paths in the file (`certificate-authority`, `client-certificate`,
/// `client-key`, `tokenFile`) are resolved against the kubeconfig's directory when it is
/// read, as kubectl does. Inline `*-data` fields are base64-decoded when it is read. Whether
/// a user's way of authenticating is supported, and whether its files can be read, is checked
/// only for the context asked for, so unrelated entries (say, a cloud cluster using `exec`)
/// do not stop another context from working.
public struct Kubeconfig: Sendable, Equatable {
    /// A `clusters` entry: where a server is and how to trust it.
    public struct Cluster: Sendable, Equatable {
        /// The entry's name.
        public var name: String
        /// `server`, as written; `nil` when absent.
        public var server: String?
        /// `certificate-authority-data` (decoded), else `certificate-authority` (resolved).
        public var certificateAuthority: Credential?
        /// `insecure-skip-tls-verify`.
        public var skipsTLSVerification: Bool
    }

    /// A `users` entry: how to authenticate.
    public struct User: Sendable, Equatable {
        /// The entry's name.
        public var name: String
        /// `token`, else `tokenFile` (resolved).
        public var bearerToken: TokenSource?
        /// `client-certificate-data` (decoded), else `client-certificate` (resolved).
        public var clientCertificate: Credential?
        /// `client-key-data` (decoded), else `client-key` (resolved).
        public var clientKey: Credential?
        /// The authentication earshot cannot perform that this user asks for (`exec`,
        /// `auth-provider 'gcp'`, `username and password`); `nil` when there is none.
        public var unsupportedMethod: String?
    }

    /// A `contexts` entry: a cluster, a user and a default namespace.
    public struct Context: Sendable, Equatable {
        /// The entry's name.
        public var name: String
        /// The cluster's name; empty when the context names none.
        public var cluster: String
        /// The user's name; empty for anonymous access.
        public var user: String
        /// The default namespace, if set.
        public var namespace: String?
    }

    /// The file this was read from, for messages and for resolving relative paths.
    public var path: String
    /// The clusters, in file order; names are unique.
    public var clusters: [Cluster]
    /// The users, in file order; names are unique.
    public var users: [User]
    /// The contexts, in file order; names are unique.
    public var contexts: [Context]
    /// `current-context`, if set and not empty.
    public var currentContext: String?

    /// Reads and parses the kubeconfig at `path`.
    ///
    /// - Throws: `KubeConfigError.unreadableKubeconfig`, `.fileTooLarge`, `.invalidYAML` or a
    ///   content error (see `init(yaml:path:)`), each naming `path`.
    public static func load(path: String) throws(KubeConfigError) -> Kubeconfig {
        switch ConfigFile.read(path, maxBytes: YAMLDocument.maxInputBytes) {
        case .bytes(let bytes):
            return try Kubeconfig(bytes: bytes, path: path)
        case .unreadable(let reason):
            throw .unreadableKubeconfig(path: path, reason: reason)
        case .tooLarge(let bytes):
            throw .fileTooLarge(path: path, bytes: bytes, limit: YAMLDocument.maxInputBytes)
        }
    }

    /// Parses kubeconfig text as if read from `path`.
    ///
    /// - Parameters:
    ///   - yaml: The file's text.
    ///   - path: Where it came from: named in errors, and its directory anchors relative paths.
    /// - Throws: `KubeConfigError.invalidYAML`, `.notAKubeconfig`, `.invalidField`,
    ///   `.duplicateName` or `.invalidBase64`.
    public init(yaml: String, path: String) throws(KubeConfigError) {
        try self.init(bytes: Array(yaml.utf8), path: path)
    }

    /// Parses raw kubeconfig bytes as if read from `path`.
    init(bytes: [UInt8], path: String) throws(KubeConfigError) {
        let root: YAMLNode
        do {
            root = try YAMLDocument.parse(bytes: bytes)
        } catch {
            throw error.inFile(path)
        }
        let decoder = KubeconfigDecoder(path: path)
        self = try decoder.decode(root)
    }

    /// Memberwise, for the decoder.
    init(
        path: String,
        clusters: [Cluster],
        users: [User],
        contexts: [Context],
        currentContext: String?
    ) {
        self.path = path
        self.clusters = clusters
        self.users = users
        self.contexts = contexts
        self.currentContext = currentContext
    }

    /// How to reach the API server through one context.
    ///
    /// - Parameter context: The context's name; `nil` (or empty) uses `current-context`.
    /// - Returns: The server, CA, credentials and namespace of that context.
    /// - Throws: `KubeConfigError` naming the context, cluster or user that is missing or
    ///   unusable (listing those that exist), or a referenced file that cannot be read.
    public func apiServerConfig(context: String?) throws(KubeConfigError) -> APIServerConfig {
        let contextName = try self.contextName(context)
        guard let context = self.contexts.first(where: { $0.name == contextName }) else {
            throw .missingContext(
                path: self.path,
                context: contextName,
                available: self.contextNames
            )
        }
        let cluster = try self.cluster(of: context)
        let user = try self.user(of: context)
        let server = try self.checkedServer(of: cluster)
        try self.checkFiles(of: cluster, user)

        return APIServerConfig(
            server: server,
            certificateAuthority: cluster.certificateAuthority,
            bearerToken: user?.bearerToken,
            clientCertificate: user?.clientCertificate,
            clientKey: user?.clientKey,
            skipsTLSVerification: cluster.skipsTLSVerification,
            defaultNamespace: context.namespace,
            origin: "kubeconfig \(self.path) context \(context.name)"
        )
    }

    // MARK: - Resolving a context

    /// The names of all contexts, in file order.
    private var contextNames: [String] {
        self.contexts.map(\.name)
    }

    /// The context asked for, else the current one.
    private func contextName(_ requested: String?) throws(KubeConfigError) -> String {
        if let requested, !requested.isEmpty {
            return requested
        }
        guard let current = self.currentContext else {
            throw .noCurrentContext(path: self.path, available: self.contextNames)
        }
        return current
    }

    /// The cluster a context names.
    private func cluster(of context: Context) throws(KubeConfigError) -> Cluster {
        guard let cluster = self.clusters.first(where: { $0.name == context.cluster }) else {
            throw .missingCluster(
                path: self.path,
                context: context.name,
                cluster: context.cluster,
                available: self.clusters.map(\.name)
            )
        }
        return cluster
    }

    /// The user a context names, `nil` for anonymous access; refuses unsupported methods and
    /// a certificate without its key (or a key without its certificate).
    private func user(of context: Context) throws(KubeConfigError) -> User? {
        guard !context.user.isEmpty else {
            return nil
        }
        guard let user = self.users.first(where: { $0.name == context.user }) else {
            throw .missingUser(
                path: self.path,
                context: context.name,
                user: context.user,
                available: self.users.map(\.name)
            )
        }
        if let method = user.unsupportedMethod {
            throw .unsupportedAuthentication(path: self.path, user: user.name, method: method)
        }
        if (user.clientCertificate == nil) != (user.clientKey == nil) {
            let missing = user.clientKey == nil ? "client-key" : "client-certificate"
            throw .incompleteClientCertificate(path: self.path, user: user.name, missing: missing)
        }
        return user
    }

    /// The cluster's server URL without trailing slashes, checked to be http(s).
    private func checkedServer(of cluster: Cluster) throws(KubeConfigError) -> String {
        guard let server = cluster.server, !server.isEmpty else {
            throw .missingServer(path: self.path, cluster: cluster.name)
        }
        var trimmed = Substring(server)
        while trimmed.hasSuffix("/") {
            trimmed = trimmed.dropLast()
        }
        let lowered = trimmed.lowercased()
        let scheme = ["https://", "http://"].first(where: { lowered.hasPrefix($0) })
        guard let scheme, lowered.count > scheme.count,
            !trimmed.contains(where: { $0 == " " || $0 == "\t" })
        else {
            throw .invalidServer(path: self.path, cluster: cluster.name, server: server)
        }
        return String(trimmed)
    }

    /// Checks that every file the context relies on can be opened now, so a wrong path is
    /// reported at start rather than on the first request.
    private func checkFiles(of cluster: Cluster, _ user: User?) throws(KubeConfigError) {
        var files: [(entry: String, field: String, file: String)] = []
        if case .file(let file) = cluster.certificateAuthority {
            files.append(("cluster '\(cluster.name)'", "certificate-authority", file))
        }
        if let user {
            let entry = "user '\(user.name)'"
            if case .file(let file) = user.bearerToken {
                files.append((entry, "tokenFile", file))
            }
            if case .file(let file) = user.clientCertificate {
                files.append((entry, "client-certificate", file))
            }
            if case .file(let file) = user.clientKey {
                files.append((entry, "client-key", file))
            }
        }
        for (entry, field, file) in files {
            if let reason = ConfigFile.unreadableReason(file) {
                throw .unreadableCredential(
                    path: self.path,
                    entry: entry,
                    field: field,
                    file: file,
                    reason: reason
                )
            }
        }
    }
}
