import FoundationEssentials
import Glibc

/// Reads the pods, services and nodes of a cluster from the JSON `kubectl get
/// pods,services,nodes -A -o json` writes, so that a replay names its traffic after the fact.
///
///     {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""},
///      "items": [{"apiVersion": "v1", "kind": "Pod", "metadata": {…}, "spec": {…}, …},
///                {"apiVersion": "v1", "kind": "Service", …}, {"kind": "Node", …}]}
///
/// The file is a snapshot without history, so every address in it is valid for all time. Where
/// two pods list the same address (a finished Job pod keeps its `podIP` after a new pod got
/// it), a pod that still runs wins, and of two such, the one that started later.
public enum PodsFile {
    /// The largest file read, in bytes: about 100,000 pods as kubectl writes them.
    public static let maxBytes = 1 << 30

    /// Reads the file at `path` into a new map, marked synced.
    /// - Throws: `PodsFileError` when the file is missing, unreadable, too large, not JSON or
    ///   not a `List`. Items that are not readable objects are counted in the map's statistics
    ///   (`kube_malformed_objects`, `kube_ignored_objects`), not thrown.
    public static func load(path: String) throws(PodsFileError) -> IdentityMap {
        let map = IdentityMap()
        try Self.load(path: path, into: map)
        return map
    }

    /// Reads the file at `path` into `map` and marks it synced.
    /// - Throws: As `load(path:)`.
    public static func load(path: String, into map: IdentityMap) throws(PodsFileError) {
        let bytes = try Self.contents(ofFile: path)
        try Self.load(bytes: bytes, path: path, into: map)
    }

    /// Reads file contents already in memory; `path` names them in errors.
    static func load(bytes: [UInt8], path: String, into map: IdentityMap) throws(PodsFileError) {
        let list: Envelope
        do {
            list = try JSONDecoder().decode(Envelope.self, from: Data(bytes))
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            throw .notJSON(path: path)
        } catch {
            throw .notList(path: path, found: "something other than an object with a kind")
        }
        guard list.kind == "List" else {
            throw .notList(path: path, found: list.kind.map { "a \($0)" } ?? "no kind")
        }

        // Limitation: a pods file has no history, so traffic from before a listed pod existed
        // (or after it went) is named after whoever the file lists at that address.
        var objects: [APIObject] = []
        var malformed = 0
        var ignored = 0
        for item in list.items ?? [] {
            switch item {
            case .object(let object): objects.append(object)
            case .malformed: malformed += 1
            case .ignored: ignored += 1
            }
        }
        map.load(objects, malformed: malformed, ignored: ignored)
    }

    // MARK: - Decoding

    /// The top level of the file.
    private struct Envelope: Decodable {
        var kind: String?
        var items: [Item]?
    }

    /// One item of the list, decoded by its own `kind`; never fails, so that one bad item
    /// does not lose the others.
    private enum Item: Decodable {
        case object(APIObject)
        case malformed
        case ignored

        private enum Keys: String, CodingKey {
            case kind
        }

        init(from decoder: any Decoder) {
            guard let container = try? decoder.container(keyedBy: Keys.self),
                let kind = try? container.decode(String.self, forKey: .kind)
            else {
                self = .malformed
                return
            }
            switch kind {
            case "Pod":
                self = Self.decoded(try? PodObject(from: decoder)) { .pod($0) }
            case "Service":
                self = Self.decoded(try? ServiceObject(from: decoder)) { .service($0) }
            case "Node":
                self = Self.decoded(try? NodeObject(from: decoder)) { .node($0) }
            default:
                self = .ignored
            }
        }

        private static func decoded<T>(_ value: T?, _ wrap: (T) -> APIObject) -> Item {
            guard let value else { return .malformed }
            let object = wrap(value)
            return object.metadata.name.isEmpty ? .malformed : .object(object)
        }
    }

    // MARK: - Reading

    /// The file's bytes, with the system's reason when it cannot be read.
    private static func contents(ofFile path: String) throws(PodsFileError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .unreadable(path: path, reason: Self.reason(errno))
        }
        defer { close(descriptor) }

        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw .unreadable(path: path, reason: Self.reason(errno))
        }
        guard (info.st_mode & S_IFMT) != S_IFDIR else {
            throw .unreadable(path: path, reason: "it is a directory")
        }

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count == 0 {
                return bytes
            }
            if count < 0 {
                if errno == EINTR {
                    continue
                }
                throw .unreadable(path: path, reason: Self.reason(errno))
            }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > Self.maxBytes {
                throw .tooLarge(path: path, bytes: Int(info.st_size), limit: Self.maxBytes)
            }
        }
    }

    /// The system's text for `code`, lower-case as messages are.
    private static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }
}
