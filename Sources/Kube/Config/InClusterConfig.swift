/// The API server as seen from inside a pod: the `kubernetes` service's address from the
/// environment, and the service account's token, CA and namespace from its mounted directory.
public enum InClusterConfig {
    /// Where Kubernetes mounts the pod's service account.
    public static let defaultServiceAccountDirectory =
        "/var/run/secrets/kubernetes.io/serviceaccount"

    /// Whether the environment says this process runs in a pod: both
    /// `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT` are set and not empty.
    public static func isInCluster(environment: [String: String]) -> Bool {
        !(environment["KUBERNETES_SERVICE_HOST"] ?? "").isEmpty
            && !(environment["KUBERNETES_SERVICE_PORT"] ?? "").isEmpty
    }

    /// The in-cluster configuration, or `nil` when not running in a pod.
    ///
    /// The token is given as `TokenSource.file`, not read here: the kubelet rotates it while
    /// the pod runs, and the client reads the file again when it changes.
    ///
    /// - Parameters:
    ///   - environment: The process environment.
    ///   - serviceAccountDirectory: Where `token`, `ca.crt` and `namespace` are.
    /// - Returns: `https://HOST:PORT` (an IPv6 host in brackets) with the token file, the CA
    ///   file and the pod's namespace; `nil` when `isInCluster(environment:)` is false.
    /// - Throws: `.invalidServiceAddress` for a host or port that cannot form a URL;
    ///   `.unreadableServiceAccount` when the token or CA cannot be read.
    public static func load(
        environment: [String: String],
        serviceAccountDirectory: String = Self.defaultServiceAccountDirectory
    ) throws(KubeConfigError) -> APIServerConfig? {
        guard Self.isInCluster(environment: environment) else {
            return nil
        }
        let host = environment["KUBERNETES_SERVICE_HOST"] ?? ""
        let port = environment["KUBERNETES_SERVICE_PORT"] ?? ""
        guard let authority = Self.authority(host: host, port: port) else {
            throw .invalidServiceAddress(host: host, port: port)
        }

        let tokenPath = ConfigFile.resolve("token", against: serviceAccountDirectory)
        let caPath = ConfigFile.resolve("ca.crt", against: serviceAccountDirectory)
        for file in [tokenPath, caPath] {
            if let reason = ConfigFile.unreadableReason(file) {
                throw .unreadableServiceAccount(file: file, reason: reason)
            }
        }

        return APIServerConfig(
            server: "https://" + authority,
            certificateAuthority: .file(path: caPath),
            bearerToken: .file(path: tokenPath),
            defaultNamespace: Self.namespace(in: serviceAccountDirectory),
            origin: "in-cluster service account"
        )
    }

    // MARK: - Helpers

    /// `host:port`, with an IPv6 host bracketed; `nil` for a malformed host or port.
    private static func authority(host: String, port: String) -> String? {
        let isDigits = port.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard isDigits, let number = UInt16(port), number > 0 else {
            return nil
        }
        let forbidden: Set<Character> = ["/", "@", "?", "#", " ", "\t", "\n", "\r"]
        guard !host.isEmpty, !host.contains(where: { forbidden.contains($0) }) else {
            return nil
        }
        let isBracketed = host.hasPrefix("[") && host.hasSuffix("]")
        let bracketed = host.contains(":") && !isBracketed ? "[\(host)]" : host
        return bracketed + ":" + port
    }

    /// The pod's namespace from the mounted `namespace` file, `nil` when absent or empty.
    private static func namespace(in directory: String) -> String? {
        let path = ConfigFile.resolve("namespace", against: directory)
        guard case .bytes(let bytes) = ConfigFile.read(path, maxBytes: 1024) else {
            return nil
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let trimmed = text.filter { !$0.isWhitespace }
        return trimmed.isEmpty ? nil : trimmed
    }
}
