internal import CYaml

/// Parses YAML text into a `YAMLNode` tree with libyaml's event parser (YAML 1.1, the
/// dialect kubectl reads).
///
/// Only the first document of a stream is read, as kubectl does; later documents are not
/// parsed. Anchors and aliases are resolved, and `<<` merge keys merge the mappings they
/// name, keys written in the mapping itself taking precedence. Hostile input is bounded by
/// three caps, each reported as an error rather than a crash or unbounded memory:
/// `maxInputBytes` of text, `maxDepth` levels of nesting and `maxNodeCount` nodes once aliases
/// are expanded (so nested aliases cannot multiply into billions of nodes).
enum YAMLDocument {
    /// The largest text accepted. A kubeconfig is a few kilobytes; 4 MiB leaves room for
    /// many clusters with inline certificates.
    static let maxInputBytes = 4 << 20
    /// The deepest nesting of sequences and mappings accepted. A kubeconfig nests about six.
    static let maxDepth = 64
    /// The most nodes a document may hold, counting each alias as the nodes it stands for.
    static let maxNodeCount = 1_000_000

    /// Parses the first document of `text`.
    ///
    /// - Parameter text: YAML text, at most `maxInputBytes` bytes of UTF-8.
    /// - Returns: The document's root node; `.scalar("")` for an empty stream.
    /// - Throws: `KubeConfigError.invalidYAML` (with libyaml's line and column, 1-based) for
    ///   a syntax error, an undefined alias, a duplicate or non-scalar key, or a cap reached;
    ///   `KubeConfigError.fileTooLarge` when the text exceeds `maxInputBytes`. The errors
    ///   carry no path; callers that read a file add it.
    static func parse(_ text: String) throws(KubeConfigError) -> YAMLNode {
        try Self.parse(bytes: Array(text.utf8))
    }

    /// Parses the first document of raw file bytes: UTF-8, or UTF-16 with a byte order mark
    /// (libyaml checks the encoding and reports bad bytes as invalid YAML).
    ///
    /// - Throws: As `parse(_:)`.
    static func parse(bytes: [UInt8]) throws(KubeConfigError) -> YAMLNode {
        guard bytes.count <= Self.maxInputBytes else {
            throw .fileTooLarge(path: nil, bytes: bytes.count, limit: Self.maxInputBytes)
        }
        guard !bytes.isEmpty else {
            return .scalar("")
        }

        // Safe: libyaml keeps pointers into the parser struct (its read handler's data), so it
        // lives at a fixed address, initialised before use and deleted before it is freed.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw .invalidYAML(path: nil, line: 1, column: 1, problem: "out of memory")
        }
        defer { yaml_parser_delete(parser) }
        return try bytes.withUnsafeBufferPointer { buffer throws(KubeConfigError) in
            // Safe: the buffer is not empty, so it has a base address, and libyaml reads it
            // only inside this closure, before yaml_parser_delete runs.
            yaml_parser_set_input_string(parser, buffer.baseAddress!, buffer.count)
            return try Self.readEvents(from: parser, text: buffer)
        }
    }

    // MARK: - Events

    /// Runs the parser until the first document ends and returns its tree.
    private static func readEvents(
        from parser: UnsafeMutablePointer<yaml_parser_t>,
        text: UnsafeBufferPointer<UInt8>
    ) throws(KubeConfigError) -> YAMLNode {
        // Safe: the event is filled by yaml_parser_parse before it is read, and its contents
        // are freed by yaml_event_delete only after a successful parse filled them.
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        defer { event.deallocate() }
        var builder = YAMLTreeBuilder()

        // libyaml emits a bounded number of events per input byte and ends every stream
        // (or fails), and the text is at most maxInputBytes long, so the loop ends.
        while true {
            guard yaml_parser_parse(parser, event) == 1 else {
                throw Self.syntaxError(of: parser.pointee, text: text)
            }
            defer { yaml_event_delete(event) }
            if let root = try Self.handle(event.pointee, in: &builder) {
                return root
            }
        }
    }

    /// Feeds one event to the builder; returns the root once the first document is complete.
    private static func handle(
        _ event: yaml_event_t,
        in builder: inout YAMLTreeBuilder
    ) throws(KubeConfigError) -> YAMLNode? {
        let mark = YAMLTreeBuilder.Mark(event.start_mark)
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = Self.string(scalar.value, length: scalar.length)
            let isPlain = scalar.style == YAML_PLAIN_SCALAR_STYLE
            try builder.addScalar(
                text,
                isPlain: isPlain,
                anchor: Self.optionalString(scalar.anchor),
                at: mark
            )
        case YAML_ALIAS_EVENT:
            try builder.addAlias(Self.optionalString(event.data.alias.anchor) ?? "", at: mark)
        case YAML_SEQUENCE_START_EVENT:
            let anchor = Self.optionalString(event.data.sequence_start.anchor)
            try builder.open(isMapping: false, anchor: anchor, at: mark)
        case YAML_MAPPING_START_EVENT:
            let anchor = Self.optionalString(event.data.mapping_start.anchor)
            try builder.open(isMapping: true, anchor: anchor, at: mark)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            try builder.close()
        case YAML_DOCUMENT_END_EVENT, YAML_STREAM_END_EVENT:
            return builder.root ?? .scalar("")
        default:
            // Stream and document starts carry nothing the tree needs.
            break
        }
        return nil
    }

    // MARK: - C strings and errors

    /// Copies `length` bytes of libyaml text; libyaml has already checked they are UTF-8.
    private static func string(
        _ pointer: UnsafeMutablePointer<yaml_char_t>?,
        length: Int
    ) -> String {
        guard let pointer, length > 0 else {
            return ""
        }
        // Safe: libyaml's scalar value holds `length` bytes and lives until yaml_event_delete,
        // which runs after this copy.
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    /// Copies a NUL-terminated libyaml string such as an anchor name.
    private static func optionalString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else {
            return nil
        }
        // Safe: libyaml's anchor names are NUL-terminated and live until yaml_event_delete,
        // which runs after this copy.
        let bytes = UnsafeBufferPointer(start: pointer, count: strlen(pointer))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Turns the parser's error state into an error with a 1-based line and column.
    private static func syntaxError(
        of parser: yaml_parser_t,
        text: UnsafeBufferPointer<UInt8>
    ) -> KubeConfigError {
        var problem = parser.problem.map { String(cString: $0) } ?? "out of memory"
        if let context = parser.context {
            problem += " " + String(cString: context)
        }
        guard parser.error == YAML_READER_ERROR else {
            let mark = YAMLTreeBuilder.Mark(parser.problem_mark)
            return .invalidYAML(path: nil, line: mark.line, column: mark.column, problem: problem)
        }

        // Reader errors (bad encoding) give a byte offset, not a mark.
        let offset = min(Int(parser.problem_offset), text.count)
        var line = 1
        var lineStart = 0
        // Safe: every index is below offset, which is at most text.count.
        for index in 0..<offset where text[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        return .invalidYAML(path: nil, line: line, column: offset - lineStart + 1, problem: problem)
    }
}

/// Builds a `YAMLNode` tree from parser events, resolving aliases and enforcing the caps.
private struct YAMLTreeBuilder {
    /// A 1-based position in the text.
    struct Mark {
        var line: Int
        var column: Int

        init(_ mark: yaml_mark_t) {
            self.line = Int(mark.line) + 1
            self.column = Int(mark.column) + 1
        }
    }

    /// A sequence or mapping still open.
    private struct Frame {
        let isMapping: Bool
        let anchor: String?
        /// Nodes in this subtree so far, itself included, aliases expanded.
        var size = 1
        var items: [YAMLNode] = []
        var entries: [(key: String, value: YAMLNode)] = []
        var keys: Set<String> = []
        /// Values given to `<<` keys, merged when the mapping closes.
        var merges: [(node: YAMLNode, mark: Mark)] = []
        /// A mapping's key waiting for its value; `nil` key text means a `<<` merge key.
        var pendingKey: (text: String?, mark: Mark)?
    }

    /// The completed document, once its top node closes.
    private(set) var root: YAMLNode?
    private var stack: [Frame] = []
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var nodeCount = 0

    /// Adds a scalar to the open collection (or makes it the root).
    mutating func addScalar(
        _ text: String,
        isPlain: Bool,
        anchor: String?,
        at mark: Mark
    ) throws(KubeConfigError) {
        try self.count(1, at: mark)
        let isNull = isPlain && ["", "~", "null", "Null", "NULL"].contains(text)
        let node = YAMLNode.scalar(isNull ? "" : text)
        if let anchor {
            self.anchors[anchor] = (node, 1)
        }
        try self.attach(node, size: 1, isMergeKey: isPlain && text == "<<", at: mark)
    }

    /// Adds the node an alias names, counted at its full size.
    mutating func addAlias(_ anchor: String, at mark: Mark) throws(KubeConfigError) {
        guard let (node, size) = self.anchors[anchor] else {
            throw Self.error(at: mark, "alias '*\(anchor)' names no earlier anchor")
        }
        try self.count(size, at: mark)
        try self.attach(node, size: size, isMergeKey: false, at: mark)
    }

    /// Opens a sequence or mapping.
    mutating func open(isMapping: Bool, anchor: String?, at mark: Mark) throws(KubeConfigError) {
        guard self.stack.count < YAMLDocument.maxDepth else {
            throw Self.error(at: mark, "nesting deeper than \(YAMLDocument.maxDepth) levels")
        }
        try self.count(1, at: mark)
        if let top = self.stack.last, top.isMapping, top.pendingKey == nil {
            // Limitation: a list or mapping used as a mapping key (valid YAML, never found in
            // a kubeconfig) is refused as invalid YAML at the key's position.
            throw Self.error(at: mark, "a list or mapping used as a mapping key")
        }
        self.stack.append(Frame(isMapping: isMapping, anchor: anchor))
    }

    /// Closes the innermost open sequence or mapping.
    mutating func close() throws(KubeConfigError) {
        guard let frame = self.stack.popLast() else {
            return
        }
        let node: YAMLNode
        if frame.isMapping {
            node = .mapping(try Self.merged(frame))
        } else {
            node = .sequence(frame.items)
        }
        if let anchor = frame.anchor {
            self.anchors[anchor] = (node, frame.size)
        }
        try self.attach(node, size: frame.size, isMergeKey: false, at: nil)
    }

    // MARK: - Helpers

    /// Counts nodes against the cap.
    private mutating func count(_ nodes: Int, at mark: Mark) throws(KubeConfigError) {
        self.nodeCount += nodes
        guard self.nodeCount <= YAMLDocument.maxNodeCount else {
            throw Self.error(
                at: mark,
                "more than \(YAMLDocument.maxNodeCount) nodes once aliases are expanded"
            )
        }
    }

    /// Places a finished node in the open collection, or makes it the root.
    private mutating func attach(
        _ node: YAMLNode,
        size: Int,
        isMergeKey: Bool,
        at mark: Mark?
    ) throws(KubeConfigError) {
        guard !self.stack.isEmpty else {
            self.root = self.root ?? node
            return
        }
        let top = self.stack.count - 1
        self.stack[top].size += size
        guard self.stack[top].isMapping else {
            self.stack[top].items.append(node)
            return
        }
        guard let (key, keyMark) = self.stack[top].pendingKey else {
            // Safe: open(isMapping:anchor:at:) refuses collections as keys, so a key is a
            // scalar or an alias, and both pass their mark.
            let keyMark = mark!
            guard case .scalar(let text) = node else {
                throw Self.error(at: keyMark, "an alias to a list or mapping used as a key")
            }
            self.stack[top].pendingKey = (isMergeKey ? nil : text, keyMark)
            return
        }
        self.stack[top].pendingKey = nil
        guard let key else {
            self.stack[top].merges.append((node, keyMark))
            return
        }
        guard self.stack[top].keys.insert(key).inserted else {
            throw Self.error(at: keyMark, "duplicate key '\(key)'")
        }
        self.stack[top].entries.append((key, node))
    }

    /// A closed mapping's entries with its `<<` merges applied: explicit keys win, then the
    /// first merged mapping that has a key.
    private static func merged(
        _ frame: Frame
    ) throws(KubeConfigError) -> [(key: String, value: YAMLNode)] {
        var entries = frame.entries
        var keys = frame.keys
        for (node, mark) in frame.merges {
            let sources: [YAMLNode]
            switch node {
            case .mapping:
                sources = [node]
            case .sequence(let items) where items.allSatisfy({ $0.entries != nil }):
                sources = items
            default:
                throw Self.error(at: mark, "a '<<' merge key whose value is not a mapping")
            }
            for source in sources {
                for entry in source.entries ?? [] where keys.insert(entry.key).inserted {
                    entries.append(entry)
                }
            }
        }
        return entries
    }

    /// An invalid-YAML error at `mark`, without a path.
    private static func error(at mark: Mark, _ problem: String) -> KubeConfigError {
        .invalidYAML(path: nil, line: mark.line, column: mark.column, problem: problem)
    }
}
