#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import Kube
import Report

/// Sets up pod names for the report: from a pods file, or from the Kubernetes API (list and
/// watch on their own threads), or not at all, and says which once on standard error.
struct IdentitySetup {
    /// How reported exchanges are named; `nil` without names.
    var naming: NamingPolicy?
    /// The API watchers to stop when the run ends.
    var watchers: [ResourceWatcher] = []
    /// The map names come from, for its counters in the summary.
    var map: IdentityMap?

    /// The map's counters (`kube_pods=...`), for the summary; none without names.
    var counterValues: [(name: String, value: Int)] {
        self.map?.statistics.fields ?? []
    }

    /// A usage or configuration problem the operator must fix.
    struct Failure: Error, CustomStringConvertible {
        var description: String
        /// Whether the command line itself is wrong (exit 64) rather than a file or the API.
        var isUsageError = false
    }

    /// Reads the options and starts what they ask for.
    ///
    /// - Parameter isLive: A live capture looks for a service account or kubeconfig by
    ///   itself; a replay uses the API only when `--kubeconfig` or `--context` asks, since the
    ///   cluster's names now may not be those of the traffic's time.
    static func start(_ options: KubeOptions, isLive: Bool, log: Log) throws(Failure)
        -> IdentitySetup
    {
        guard !options.isDisabled else { return IdentitySetup() }
        let selector: LabelSelector
        do {
            selector = try LabelSelector(parsing: options.selector ?? "")
        } catch {
            throw Failure(description: "--selector: \(error)", isUsageError: true)
        }
        let environment = ProcessInfo.processInfo.environment
        let map: IdentityMap
        var watchers: [ResourceWatcher] = []
        if let path = options.podsFilePath {
            do {
                map = try PodsFile.load(path: path)
            } catch {
                throw Failure(description: "\(error)")
            }
            log.info("naming pods from a pods file", ["path": path])
        } else if isLive || options.asksForAPI {
            guard let config = try Self.apiConfig(options, environment: environment, log: log)
            else {
                try Self.refuseScopeWithoutNames(options)
                log.info("pod names are off: no --pods-file, kubeconfig or service account")
                return IdentitySetup()
            }
            map = IdentityMap()
            watchers = Self.watch(config, namespaces: options.namespaces, into: map, log: log)
            log.info("naming pods from the Kubernetes API", [
                "server": config.server, "from": config.origin,
            ])
            if !isLive {
                Self.waitForFirstSync(of: map, log: log)
            }
        } else {
            try Self.refuseScopeWithoutNames(options)
            log.info("pod names are off: give --pods-file (or --kubeconfig) to name pods")
            return IdentitySetup()
        }
        let naming = NamingPolicy(
            lookup: map,
            labelKeys: options.labelKeys ?? NamingPolicy.defaultLabelKeys,
            namespaces: Set(options.namespaces),
            selector: selector,
            // $NODE_NAME is the downward API's answer for a live capture; a replay inside a
            // pod is of another time and place.
            nodeName: options.nodeName ?? (isLive ? environment["NODE_NAME"] : nil),
            reportsAllVantages: options.reportsAllVantages
        )
        return IdentitySetup(naming: naming, watchers: watchers, map: map)
    }

    /// Stops the watchers' threads.
    func stop() {
        for watcher in self.watchers {
            watcher.stop()
        }
    }

    // MARK: - Helpers

    /// The API to ask. A kubeconfig the user named must work; one merely found (a
    /// workstation's, with an `exec` user for a cloud provider, say) only costs the names.
    private static func apiConfig(
        _ options: KubeOptions,
        environment: [String: String],
        log: Log
    ) throws(Failure) -> APIServerConfig? {
        do {
            var config = try ConfigSource.resolve(
                kubeconfig: options.kubeconfigPath,
                context: options.context,
                environment: environment
            )
            if options.skipsTLSVerification {
                config?.skipsTLSVerification = true
            }
            return config
        } catch {
            guard !options.asksForAPI else {
                throw Failure(description: "\(error)")
            }
            log.warning("the kubeconfig found cannot be used; pod names are off", [
                "reason": "\(error)", "hint": "give --kubeconfig, --pods-file or --no-kube",
            ])
            return nil
        }
    }

    /// `--namespace` and `--selector` choose by pod names; without names they would choose
    /// nothing, or everything, silently.
    private static func refuseScopeWithoutNames(_ options: KubeOptions) throws(Failure) {
        guard !options.namespaces.isEmpty || options.selector != nil else { return }
        throw Failure(
            description: "--namespace and --selector need pod names: give --pods-file, "
                + "--kubeconfig or run where a service account is mounted",
            isUsageError: true
        )
    }

    /// A replay is over in moments: wait (a little) for the first lists, or it would be
    /// named by an empty map.
    private static func waitForFirstSync(of map: IdentityMap, log: Log) {
        for _ in 0..<200 where map.freshness != .synced {
            usleep(50_000)
        }
        if map.freshness != .synced {
            log.warning("the Kubernetes API did not answer within 10 s; replaying without names")
        }
    }

    /// One watcher per resource: pods and services in the namespace when exactly one was
    /// given (else everywhere), nodes always.
    private static func watch(
        _ config: APIServerConfig,
        namespaces: [String],
        into map: IdentityMap,
        log: Log
    ) -> [ResourceWatcher] {
        let client = APIClient(config: config)
        let scope = namespaces.count == 1 ? namespaces.first : nil
        let logger: KubeLogger = { level, message in
            let mapped: LogLevel = switch level {
            case .error: .error
            case .warning: .warning
            case .info: .info
            case .debug: .debug
            }
            log.write(mapped, formatted: message)
        }
        return ResourceKind.allCases.map { kind in
            let options = ResourceWatcher.Options(namespace: kind.isNamespaced ? scope : nil)
            let watcher = ResourceWatcher(kind: kind, client: client, store: map,
                                          options: options, log: logger)
            watcher.start()
            return watcher
        }
    }
}
