extension Kubeconfig {
    /// Finds the kubeconfig file to read, in kubectl's order.
    ///
    /// 1. `explicitPath` (`--kubeconfig`) when given, whether or not it exists: reading it
    ///    then reports what is wrong, rather than quietly using another file.
    /// 2. Else `$KUBECONFIG`, a colon-separated list: the first path in it that names an
    ///    existing file. When `KUBECONFIG` is set but names no existing file, the result is
    ///    `nil` and the home directory is not tried, as kubectl does not try it either.
    /// 3. Else `$HOME/.kube/config`, when it exists.
    ///
    /// - Parameters:
    ///   - explicitPath: The `--kubeconfig` value; `nil` or empty when not given.
    ///   - environment: The process environment (`KUBECONFIG`, `HOME`).
    /// - Returns: The path to read, or `nil` when there is no kubeconfig.
    public static func locate(explicitPath: String?, environment: [String: String]) -> String? {
        if let explicitPath, !explicitPath.isEmpty {
            return explicitPath
        }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            // Limitation: kubectl merges every file of the list; earshot reads only the first
            // that exists, so clusters, users or contexts defined in later files are not found
            // (a context that lives there is reported as missing).
            let paths = list.split(separator: ":", omittingEmptySubsequences: true)
            return paths.lazy.map(String.init).first(where: ConfigFile.exists)
        }
        guard let home = environment["HOME"], !home.isEmpty else {
            return nil
        }
        let path = ConfigFile.resolve(".kube/config", against: home)
        return ConfigFile.exists(path) ? path : nil
    }
}
