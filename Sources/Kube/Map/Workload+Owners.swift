/// Naming a pod's workload from its own object alone.
///
/// The map reads only pods, services and nodes, so earshot's RBAC stays `get`, `list` and
/// `watch` on those three; it never fetches a ReplicaSet or Job to follow its owner. The
/// controllers' naming conventions carry that step instead:
///
/// - Owner `ReplicaSet` named `<base>-<hash>`, where `<hash>` is the pod's `pod-template-hash`
///   label: the Deployment controller names its ReplicaSets so, hence `Deployment <base>`.
///   Any other ReplicaSet name stays `ReplicaSet <name>` (a ReplicaSet made by hand).
/// - Owner `StatefulSet` or `DaemonSet`: that kind and name as they are.
/// - Owner `Job` named `<base>-<8 or more digits>`: the CronJob controller appends the
///   scheduled time (minutes since the epoch), hence `CronJob <base>`. Any other Job name stays
///   `Job <name>`.
/// - Any other controller (a static pod's `Node`, a custom resource): its kind and name.
/// - No owner marked `controller: true`: `Pod <pod name>`, a bare pod.
extension Workload {
    /// The label the Deployment controller puts on a ReplicaSet's pods, also the suffix of the
    /// ReplicaSet's name.
    static let podTemplateHashLabel = "pod-template-hash"

    /// The least number of digits a CronJob's Job name ends in (minutes since 1970 have had 8
    /// digits since 1989).
    static let cronJobSuffixMinimumDigits = 8

    /// The workload of a pod, by the rules above.
    /// - Parameters:
    ///   - podName: The pod's own name, for a bare pod.
    ///   - labels: The pod's labels (for `pod-template-hash`).
    ///   - owners: The pod's `metadata.ownerReferences`.
    init(podName: String, labels: [String: String], owners: [OwnerReference]) {
        guard let owner = owners.first(where: { $0.controller == true }) else {
            self.init(kind: "Pod", name: podName)
            return
        }
        switch owner.kind {
        case "ReplicaSet":
            if let hash = labels[Self.podTemplateHashLabel],
                let base = Self.base(of: owner.name, droppingSuffix: hash)
            {
                self.init(kind: "Deployment", name: base)
            } else {
                self.init(kind: "ReplicaSet", name: owner.name)
            }
        case "Job":
            // Limitation: a Job made by hand whose name ends in a dash and 8 or more digits is
            // reported as a CronJob named by what comes before them.
            if let base = Self.cronJobBase(ofJob: owner.name) {
                self.init(kind: "CronJob", name: base)
            } else {
                self.init(kind: "Job", name: owner.name)
            }
        default:
            self.init(kind: owner.kind, name: owner.name)
        }
    }

    /// `name` without `-<suffix>`, when it ends so and something is left before it.
    private static func base(of name: String, droppingSuffix suffix: String) -> String? {
        guard !suffix.isEmpty, name.hasSuffix("-" + suffix) else { return nil }
        let base = name.dropLast(suffix.utf8.count + 1)
        return base.isEmpty ? nil : String(base)
    }

    /// The CronJob behind a Job named `<base>-<digits>`, when the digits are long enough.
    private static func cronJobBase(ofJob name: String) -> String? {
        let bytes = Array(name.utf8)
        var digitCount = 0
        while digitCount < bytes.count,
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[bytes.count - 1 - digitCount])
        {
            digitCount += 1
        }
        let dashIndex = bytes.count - 1 - digitCount
        guard digitCount >= Self.cronJobSuffixMinimumDigits, dashIndex > 0,
            bytes[dashIndex] == UInt8(ascii: "-")
        else { return nil }
        return String(decoding: bytes[..<dashIndex], as: UTF8.self)
    }
}
