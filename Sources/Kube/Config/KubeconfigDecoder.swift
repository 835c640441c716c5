/// Turns the YAML tree of a kubeconfig into a `Kubeconfig`, checking each field's shape.
///
/// Field names follow the v1 `Config` type of kubectl. Fields earshot has no use for
/// (`preferences`, `extensions`, `proxy-url`, ...) are skipped without a look.
struct KubeconfigDecoder {
    /// The file, named in errors.
    let path: String
    /// The file's directory, which relative paths are resolved against.
    let directory: String

    /// A decoder for the kubeconfig at `path`.
    init(path: String) {
        self.path = path
        self.directory = ConfigFile.directory(of: path)
    }

    /// Decodes the document's root.
    ///
    /// - Throws: `.notAKubeconfig` for another kind of document, `.invalidField` for a field
    ///   of the wrong shape, `.duplicateName` and `.invalidBase64`.
    func decode(_ root: YAMLNode) throws(KubeConfigError) -> Kubeconfig {
        guard root.entries != nil || root.isNull else {
            throw .notAKubeconfig(path: self.path, found: root.kindDescription)
        }
        if let kind = try self.string(root["kind"], "kind"), kind != "Config" {
            throw .notAKubeconfig(path: self.path, found: "kind \(kind)")
        }
        if let version = try self.string(root["apiVersion"], "apiVersion"), version != "v1" {
            throw .notAKubeconfig(path: self.path, found: "apiVersion \(version)")
        }

        let clusters = try self.list(root, "clusters", entry: "cluster", decode: self.cluster)
        let users = try self.list(root, "users", entry: "user", decode: self.user)
        let contexts = try self.list(root, "contexts", entry: "context", decode: self.context)
        return Kubeconfig(
            path: self.path,
            clusters: clusters,
            users: users,
            contexts: contexts,
            currentContext: try self.string(root["current-context"], "current-context")
        )
    }

    // MARK: - Entries

    /// Decodes one of the named lists: each item is `{name: ..., <entry>: {...}}`.
    private func list<Entry>(
        _ root: YAMLNode,
        _ key: String,
        entry: String,
        decode: (String, YAMLNode, String) throws(KubeConfigError) -> Entry
    ) throws(KubeConfigError) -> [Entry] {
        guard let node = root[key], !node.isNull else {
            return []
        }
        guard let items = node.items else {
            throw self.invalid(key, expected: "a list", found: node)
        }

        var names: Set<String> = []
        var entries: [Entry] = []
        for (index, item) in items.enumerated() {
            let field = "\(key)[\(index)]"
            guard item.entries != nil else {
                throw self.invalid(field, expected: "a mapping with name and \(entry)", found: item)
            }
            guard let name = try self.string(item["name"], field + ".name"), !name.isEmpty else {
                throw .invalidField(
                    path: self.path,
                    field: field + ".name",
                    expected: "a name",
                    found: "nothing"
                )
            }
            guard names.insert(name).inserted else {
                throw .duplicateName(path: self.path, list: entry, name: name)
            }
            let body = item[entry] ?? .scalar("")
            guard body.entries != nil || body.isNull else {
                throw self.invalid(field + "." + entry, expected: "a mapping", found: body)
            }
            entries.append(try decode(name, body, field + "." + entry))
        }
        return entries
    }

    /// Decodes a `cluster` body.
    private func cluster(
        name: String,
        _ body: YAMLNode,
        _ field: String
    ) throws(KubeConfigError) -> Kubeconfig.Cluster {
        // Limitation: tls-server-name and proxy-url are not read; a cluster that needs them
        // fails TLS verification or connection, reported by the API client.
        Kubeconfig.Cluster(
            name: name,
            server: try self.string(body["server"], field + ".server"),
            certificateAuthority: try self.credential(
                body,
                "certificate-authority",
                field: field,
                entry: "cluster '\(name)'"
            ),
            skipsTLSVerification: try self.bool(
                body["insecure-skip-tls-verify"],
                field + ".insecure-skip-tls-verify"
            )
        )
    }

    /// Decodes a `user` body; notes rather than throws on unsupported methods.
    private func user(
        name: String,
        _ body: YAMLNode,
        _ field: String
    ) throws(KubeConfigError) -> Kubeconfig.User {
        let entry = "user '\(name)'"
        var token: TokenSource?
        if let literal = try self.string(body["token"], field + ".token"), !literal.isEmpty {
            token = .literal(literal)
        } else if let file = try self.string(body["tokenFile"], field + ".tokenFile"),
            !file.isEmpty
        {
            token = .file(path: ConfigFile.resolve(file, against: self.directory))
        }
        let certificate = try self.credential(
            body,
            "client-certificate",
            field: field,
            entry: entry
        )
        let key = try self.credential(body, "client-key", field: field, entry: entry)

        return Kubeconfig.User(
            name: name,
            bearerToken: token,
            clientCertificate: certificate,
            clientKey: key,
            unsupportedMethod: try self.unsupportedMethod(
                body,
                field,
                hasCredentials: token != nil || certificate != nil
            )
        )
    }

    /// The way of authenticating that earshot cannot perform, if the user relies on one.
    private func unsupportedMethod(
        _ body: YAMLNode,
        _ field: String,
        hasCredentials: Bool
    ) throws(KubeConfigError) -> String? {
        if let exec = body["exec"], !exec.isNull {
            return "exec"
        }
        if let provider = body["auth-provider"], !provider.isNull {
            let name = try self.string(provider["name"], field + ".auth-provider.name") ?? ""
            return name.isEmpty ? "auth-provider" : "auth-provider '\(name)'"
        }
        let username = try self.string(body["username"], field + ".username") ?? ""
        if !username.isEmpty && !hasCredentials {
            return "username and password"
        }
        return nil
    }

    /// Decodes a `context` body.
    private func context(
        name: String,
        _ body: YAMLNode,
        _ field: String
    ) throws(KubeConfigError) -> Kubeconfig.Context {
        let namespace = try self.string(body["namespace"], field + ".namespace")
        return Kubeconfig.Context(
            name: name,
            cluster: try self.string(body["cluster"], field + ".cluster") ?? "",
            user: try self.string(body["user"], field + ".user") ?? "",
            namespace: namespace?.isEmpty == false ? namespace : nil
        )
    }

    // MARK: - Fields

    /// A scalar field's text; `nil` when absent or null.
    private func string(_ node: YAMLNode?, _ field: String) throws(KubeConfigError) -> String? {
        guard let node, !node.isNull else {
            return nil
        }
        guard let text = node.scalarText else {
            throw self.invalid(field, expected: "a string", found: node)
        }
        return text
    }

    /// A YAML 1.1 boolean field; absent or null is false.
    private func bool(_ node: YAMLNode?, _ field: String) throws(KubeConfigError) -> Bool {
        switch try self.string(node, field) {
        case nil, "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF":
            return false
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON":
            return true
        case let text?:
            throw .invalidField(
                path: self.path,
                field: field,
                expected: "true or false",
                found: "'\(text)'"
            )
        }
    }

    /// `<name>-data` decoded from base64 if present and not empty, else `<name>` as a file
    /// resolved against the kubeconfig's directory, else `nil`.
    private func credential(
        _ body: YAMLNode,
        _ name: String,
        field: String,
        entry: String
    ) throws(KubeConfigError) -> Credential? {
        if let data = try self.string(body[name + "-data"], field + "." + name + "-data"),
            !data.isEmpty
        {
            guard let bytes = ConfigBase64.decode(data), !bytes.isEmpty else {
                throw .invalidBase64(path: self.path, entry: entry, field: name + "-data")
            }
            return .data(bytes)
        }
        guard let file = try self.string(body[name], field + "." + name), !file.isEmpty else {
            return nil
        }
        return .file(path: ConfigFile.resolve(file, against: self.directory))
    }

    /// A wrong-shape error for `field`.
    private func invalid(_ field: String, expected: String, found: YAMLNode) -> KubeConfigError {
        .invalidField(
            path: self.path,
            field: field,
            expected: expected,
            found: found.kindDescription
        )
    }
}
