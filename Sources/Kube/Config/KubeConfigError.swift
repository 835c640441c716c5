/// Why earshot cannot learn how to reach the API server: a kubeconfig it cannot read or use,
/// or a service account mount that is incomplete. Each is something the operator fixes.
public enum KubeConfigError: Error, CustomStringConvertible, Equatable {
    /// The kubeconfig file could not be read (`reason` is the system's, lower-case).
    case unreadableKubeconfig(path: String, reason: String)
    /// The YAML text (of the file at `path`, when known) is longer than the cap.
    case fileTooLarge(path: String?, bytes: Int, limit: Int)
    /// The YAML is malformed or reached a parser cap; `line` and `column` count from 1.
    case invalidYAML(path: String?, line: Int, column: Int, problem: String)
    /// The file is YAML but not a kubeconfig: `found` says what it is instead.
    case notAKubeconfig(path: String, found: String)
    /// A field has the wrong shape; `field` is a path such as `clusters[1].cluster.server`.
    case invalidField(path: String, field: String, expected: String, found: String)
    /// Two entries of one list share a name (`list` is `cluster`, `user` or `context`).
    case duplicateName(path: String, list: String, name: String)
    /// No context was asked for and the file sets no current-context.
    case noCurrentContext(path: String, available: [String])
    /// The context asked for (or the current-context) is not defined.
    case missingContext(path: String, context: String, available: [String])
    /// The context names a cluster that is not defined (or none at all: `cluster` empty).
    case missingCluster(path: String, context: String, cluster: String, available: [String])
    /// The context names a user that is not defined.
    case missingUser(path: String, context: String, user: String, available: [String])
    /// The cluster has no `server`.
    case missingServer(path: String, cluster: String)
    /// The cluster's `server` is not an `https://` or `http://` URL.
    case invalidServer(path: String, cluster: String, server: String)
    /// A `*-data` field of `entry` (`cluster 'kind-kind'`, `user 'admin'`) is not base64.
    case invalidBase64(path: String, entry: String, field: String)
    /// The user authenticates in a way earshot does not run (`exec`, `auth-provider`,
    /// `username/password`).
    case unsupportedAuthentication(path: String, user: String, method: String)
    /// The user has a client certificate without its key, or a key without its certificate;
    /// `missing` names the absent field.
    case incompleteClientCertificate(path: String, user: String, missing: String)
    /// A file named by `field` of `entry` cannot be read.
    case unreadableCredential(
        path: String,
        entry: String,
        field: String,
        file: String,
        reason: String
    )
    /// A context was asked for, but there is no kubeconfig to look it up in.
    case contextWithoutKubeconfig(context: String)
    /// In a pod, `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT` do not form an address.
    case invalidServiceAddress(host: String, port: String)
    /// In a pod, a service account file (`token`, `ca.crt`) cannot be read.
    case unreadableServiceAccount(file: String, reason: String)

    /// One line, lower-case, naming the input and saying what to do.
    public var description: String {
        switch self {
        case .unreadableKubeconfig(let path, let reason):
            return "cannot read kubeconfig '\(path)': \(reason); check --kubeconfig and "
                + "$KUBECONFIG, or use --pods-file"
        case .fileTooLarge(let path, let bytes, let limit):
            return "\(Self.subject(path)) is \(bytes) bytes, more than the \(limit)-byte limit "
                + "for a kubeconfig; pass the right file with --kubeconfig"
        case .invalidYAML(let path, let line, let column, let problem):
            return "\(Self.subject(path)) is not valid YAML at line \(line) column \(column): "
                + "\(problem); fix the file or pass another with --kubeconfig"
        case .notAKubeconfig(let path, let found):
            return "'\(path)' is not a kubeconfig: expected apiVersion v1 kind Config, found "
                + "\(found); pass a kubeconfig with --kubeconfig"
        case .invalidField(let path, let field, let expected, let found):
            return "kubeconfig '\(path)' has \(field) as \(found), expected \(expected); fix "
                + "the file"
        case .duplicateName(let path, let list, let name):
            return "kubeconfig '\(path)' defines \(list) '\(name)' twice; remove one of them"
        case .noCurrentContext(let path, let available) where available.isEmpty:
            return "kubeconfig '\(path)' defines no contexts; add one with kubectl config "
                + "set-context, or use --pods-file"
        case .noCurrentContext(let path, let available):
            return "kubeconfig '\(path)' sets no current-context; pass --context with one of "
                + Self.list(available)
        case .missingContext(let path, let context, let available):
            return "kubeconfig '\(path)' has no context '\(context)'; "
                + Self.choice("--context", available)
        case .missingCluster(let path, let context, let cluster, _) where cluster.isEmpty:
            return "context '\(context)' in kubeconfig '\(path)' names no cluster; set one "
                + "with kubectl config set-context \(context) --cluster=NAME"
        case .missingCluster(let path, let context, let cluster, let available):
            return "context '\(context)' in kubeconfig '\(path)' uses cluster '\(cluster)', "
                + "which is not defined (clusters: \(Self.list(available))); fix the context "
                + "or pick another with --context"
        case .missingUser(let path, let context, let user, let available):
            return "context '\(context)' in kubeconfig '\(path)' uses user '\(user)', which is "
                + "not defined (users: \(Self.list(available))); fix the context or pick "
                + "another with --context"
        case .missingServer(let path, let cluster):
            return "cluster '\(cluster)' in kubeconfig '\(path)' has no server; set one with "
                + "kubectl config set-cluster \(cluster) --server=https://HOST:PORT"
        case .invalidServer(let path, let cluster, let server):
            return "cluster '\(cluster)' in kubeconfig '\(path)' has server '\(server)', "
                + "expected an https:// or http:// URL; set it with kubectl config set-cluster "
                + "\(cluster) --server=https://HOST:PORT"
        case .invalidBase64(let path, let entry, let field):
            return "\(entry) in kubeconfig '\(path)' has \(field) that is not valid base64; "
                + "re-encode it with base64 -w0 or name a file instead"
        case .unsupportedAuthentication(let path, let user, let method):
            return "user '\(user)' in kubeconfig '\(path)' authenticates with \(method), which "
                + "earshot does not support; give it a token (kubectl create token) or a "
                + "client certificate, or use --pods-file"
        case .incompleteClientCertificate(let path, let user, let missing):
            let present = missing == "client-key" ? "client-certificate" : "client-key"
            return "user '\(user)' in kubeconfig '\(path)' has a \(present) but no \(missing); "
                + "add \(missing) or \(missing)-data, or use a token"
        case .unreadableCredential(let path, let entry, let field, let file, let reason):
            return "\(entry) in kubeconfig '\(path)' names \(field) '\(file)', which cannot be "
                + "read: \(reason); fix the path"
        case .contextWithoutKubeconfig(let context):
            return "--context '\(context)' given but no kubeconfig found ($KUBECONFIG and "
                + "~/.kube/config are absent); pass --kubeconfig"
        case .invalidServiceAddress(let host, let port):
            return "in-cluster address KUBERNETES_SERVICE_HOST='\(host)' "
                + "KUBERNETES_SERVICE_PORT='\(port)' is not a host and port 1-65535; check "
                + "the pod's environment or pass --kubeconfig"
        case .unreadableServiceAccount(let file, let reason):
            return "running in a pod but cannot read service account file '\(file)': "
                + "\(reason); mount the token (automountServiceAccountToken: true) or pass "
                + "--kubeconfig"
        }
    }

    /// The same error with `path` filled in where the YAML parser left it out.
    func inFile(_ path: String) -> KubeConfigError {
        switch self {
        case .fileTooLarge(nil, let bytes, let limit):
            return .fileTooLarge(path: path, bytes: bytes, limit: limit)
        case .invalidYAML(nil, let line, let column, let problem):
            return .invalidYAML(path: path, line: line, column: column, problem: problem)
        default:
            return self
        }
    }

    /// `kubeconfig '/path'`, or `the text` when no file is known.
    private static func subject(_ path: String?) -> String {
        path.map { "kubeconfig '\($0)'" } ?? "the text"
    }

    /// `pass FLAG with one of: a, b`, or a hint to create one when there are none.
    private static func choice(_ flag: String, _ names: [String]) -> String {
        guard !names.isEmpty else {
            return "it defines none; add one with kubectl config set-context"
        }
        return "pass \(flag) with one of " + Self.list(names)
    }

    /// Names quoted and joined by commas, at most twenty of them, so the line stays readable.
    private static func list(_ names: [String]) -> String {
        guard !names.isEmpty else {
            return "none"
        }
        let shown = names.prefix(20).map { "'\($0)'" }.joined(separator: ", ")
        return names.count > 20 ? shown + " and \(names.count - 20) more" : shown
    }
}
