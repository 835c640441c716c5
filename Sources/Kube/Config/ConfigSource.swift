/// Decides where the API server configuration comes from: the pod's service account, a
/// kubeconfig, or nowhere.
public enum ConfigSource {
    /// The configuration to use, in this order:
    ///
    /// 1. `kubeconfig` (`--kubeconfig`) when given: that file, which must be readable.
    /// 2. In a pod (see `InClusterConfig.isInCluster(environment:)`) and with no `context`
    ///    asked for: the service account.
    /// 3. The kubeconfig `Kubeconfig.locate(explicitPath:environment:)` finds, if any.
    /// 4. Else `nil`: the caller runs without names and says so once.
    ///
    /// A `context` (`--context`) always means a kubeconfig, so in a pod it skips the service
    /// account, and when no kubeconfig exists it is an error rather than ignored.
    ///
    /// - Parameters:
    ///   - kubeconfig: The `--kubeconfig` value, if given.
    ///   - context: The `--context` value, if given; else the file's current-context.
    ///   - environment: The process environment.
    ///   - serviceAccountDirectory: Where the service account is mounted (tests move it).
    /// - Throws: `KubeConfigError` when the chosen source exists but cannot be used.
    public static func resolve(
        kubeconfig: String?,
        context: String?,
        environment: [String: String],
        serviceAccountDirectory: String = InClusterConfig.defaultServiceAccountDirectory
    ) throws(KubeConfigError) -> APIServerConfig? {
        let explicitPath = kubeconfig?.isEmpty == false ? kubeconfig : nil
        let context = context?.isEmpty == false ? context : nil
        if explicitPath == nil && context == nil {
            let inCluster = try InClusterConfig.load(
                environment: environment,
                serviceAccountDirectory: serviceAccountDirectory
            )
            if let inCluster {
                return inCluster
            }
        }

        guard let path = Kubeconfig.locate(explicitPath: explicitPath, environment: environment)
        else {
            if let context {
                throw .contextWithoutKubeconfig(context: context)
            }
            return nil
        }
        return try Kubeconfig.load(path: path).apiServerConfig(context: context)
    }
}
