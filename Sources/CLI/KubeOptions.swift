/// The command line's choices about pod identity.
struct KubeOptions {
    /// `--kubeconfig`: a kubeconfig file (else `$KUBECONFIG`, then `~/.kube/config`).
    var kubeconfigPath: String?
    /// `--context`: a kubeconfig context other than the current one.
    var context: String?
    /// `--pods-file`: names from `kubectl get pods,services,nodes -A -o json` instead of the API.
    var podsFilePath: String?
    /// `--namespace`: report only exchanges with an end in these namespaces (also the only
    /// namespaces watched).
    var namespaces: [String] = []
    /// `--selector`: report only exchanges with an end whose pod labels match.
    var selector: String?
    /// `--labels`: the pod labels printed; `nil` prints the well-known app labels.
    var labelKeys: [String]?
    /// `--node-name`: the node this capture runs on (default `$NODE_NAME`).
    var nodeName: String?
    /// `--vantage all`: report every exchange on every node, not once per cluster.
    var reportsAllVantages = false
    /// `--insecure-skip-tls-verify`: accept any API server certificate.
    var skipsTLSVerification = false
    /// `--no-kube`: never look for names.
    var isDisabled = false

    /// Whether the user asked for the API explicitly (not just found a kubeconfig lying around).
    var asksForAPI: Bool {
        self.kubeconfigPath != nil || self.context != nil
    }
}
