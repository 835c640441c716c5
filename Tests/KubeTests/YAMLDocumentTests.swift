import Testing

@testable import Kube

@Suite struct YAMLDocumentTests {
    /// The invalid-YAML error `text` throws, or `nil` when it parses or throws another error.
    private func yamlError(_ text: String) -> (line: Int, column: Int, problem: String)? {
        do {
            _ = try YAMLDocument.parse(text)
            return nil
        } catch {
            guard case .invalidYAML(nil, let line, let column, let problem) = error else {
                return nil
            }
            return (line, column, problem)
        }
    }

    // MARK: - Shapes

    @Test("A block mapping keeps its keys in document order")
    func mappingOrder() throws {
        let node = try YAMLDocument.parse("zeta: 1\nalpha: two\nmid: \"3\"\n")
        #expect(node.entries?.map(\.key) == ["zeta", "alpha", "mid"])
        #expect(node["alpha"] == .scalar("two"))
        #expect(node["mid"] == .scalar("3"))
        #expect(node["absent"] == nil)
    }

    @Test("Flow and block styles give the same tree")
    func flowAndBlock() throws {
        let block = try YAMLDocument.parse("list:\n- a\n- b: c\n  d: [e, f]\n")
        let flow = try YAMLDocument.parse("{list: [a, {b: c, d: [e, f]}]}")
        #expect(block == flow)
        #expect(
            block
                == .mapping([
                    (
                        "list",
                        .sequence([
                            .scalar("a"),
                            .mapping([
                                ("b", .scalar("c")),
                                ("d", .sequence([.scalar("e"), .scalar("f")])),
                            ]),
                        ])
                    )
                ])
        )
    }

    @Test("Plain nulls become empty scalars while a quoted null stays text")
    func nulls() throws {
        let node = try YAMLDocument.parse("a: ~\nb: null\nc:\nd: \"null\"\ne: 'NULL'\nf: Null\n")
        #expect(node["a"] == .scalar(""))
        #expect(node["b"] == .scalar(""))
        #expect(node["c"] == .scalar(""))
        #expect(node["d"] == .scalar("null"))
        #expect(node["e"] == .scalar("NULL"))
        #expect(node["f"]?.isNull == true)
    }

    @Test("Quoted and block scalars arrive unescaped")
    func scalarStyles() throws {
        let text = """
            double: "tab\\there \\u00e9"
            single: 'it''s'
            literal: |
              -----BEGIN CERTIFICATE-----
              MIIB
              -----END CERTIFICATE-----
            folded: >
              one
              two
            """
        let node = try YAMLDocument.parse(text)
        #expect(node["double"] == .scalar("tab\there é"))
        #expect(node["single"] == .scalar("it's"))
        #expect(
            node["literal"]
                == .scalar("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
        )
        // The text ends without a line break, so clipping leaves none.
        #expect(node["folded"] == .scalar("one two"))
    }

    @Test("An empty stream, or one of only comments, is a null document")
    func emptyStream() throws {
        #expect(try YAMLDocument.parse("") == .scalar(""))
        #expect(try YAMLDocument.parse("# nothing here\n") == .scalar(""))
        #expect(try YAMLDocument.parse("---\n...\n") == .scalar(""))
    }

    @Test("Only the first document of a stream is read")
    func firstDocumentOnly() throws {
        let node = try YAMLDocument.parse("a: 1\n---\nb: [unclosed\n")
        #expect(node == .mapping([("a", .scalar("1"))]))
    }

    // MARK: - Anchors and merges

    @Test("Aliases stand for the scalar, list or mapping their anchor names")
    func aliases() throws {
        let text = """
            server: &url https://10.0.0.1:6443
            list: &names [a, b]
            base: &base {cluster: kind, user: admin}
            copies: [*url, *names, *base]
            """
        let node = try YAMLDocument.parse(text)
        #expect(
            node["copies"]
                == .sequence([
                    .scalar("https://10.0.0.1:6443"),
                    .sequence([.scalar("a"), .scalar("b")]),
                    .mapping([("cluster", .scalar("kind")), ("user", .scalar("admin"))]),
                ])
        )
    }

    @Test("A merge key adds the named mapping's keys; keys written in place win")
    func mergeKey() throws {
        let text = """
            base: &base {cluster: kind, user: admin, namespace: default}
            derived:
              <<: *base
              namespace: shop
            """
        let derived = try YAMLDocument.parse(text)["derived"]
        #expect(derived?["namespace"] == .scalar("shop"))
        #expect(derived?["cluster"] == .scalar("kind"))
        #expect(derived?["user"] == .scalar("admin"))
        #expect(derived?.entries?.map(\.key) == ["namespace", "cluster", "user"])
    }

    @Test("Merging a list of mappings lets earlier mappings win")
    func mergeList() throws {
        let text = """
            one: &one {a: 1, b: 1}
            two: &two {b: 2, c: 2}
            merged: {<<: [*one, *two]}
            """
        let merged = try YAMLDocument.parse(text)["merged"]
        #expect(merged == .mapping([("a", .scalar("1")), ("b", .scalar("1")), ("c", .scalar("2"))]))
    }

    @Test("A quoted << is an ordinary key")
    func quotedMergeKey() throws {
        let node = try YAMLDocument.parse("\"<<\": text\n")
        #expect(node["<<"] == .scalar("text"))
    }

    @Test("A merge of a scalar is refused with its position")
    func mergeOfScalar() throws {
        let error = try #require(self.yamlError("a: &x 1\nb:\n  <<: *x\n"))
        #expect(error.line == 3)
        #expect(error.problem.contains("merge"))
    }

    @Test("An alias to an undefined anchor is refused with its position")
    func undefinedAlias() throws {
        let error = try #require(self.yamlError("a: 1\nb: *nowhere\n"))
        #expect(error.line == 2)
        #expect(error.column == 4)
        #expect(error.problem.contains("*nowhere"))
    }

    @Test("An alias inside its own anchor's collection is refused, so no cycle can form")
    func selfReference() throws {
        let error = try #require(self.yamlError("a: &loop [1, *loop]\n"))
        #expect(error.problem.contains("*loop"))
    }

    @Test("Nested aliases that would expand to a billion nodes are refused quickly")
    func billionLaughs() throws {
        var text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        let letters = Array("bcdefghij")
        for (index, letter) in letters.enumerated() {
            let previous = index == 0 ? "a" : String(letters[index - 1])
            let refs = Array(repeating: "*\(previous)", count: 10).joined(separator: ", ")
            text += "\(letter): &\(letter) [\(refs)]\n"
        }
        let error = try #require(self.yamlError(text))
        #expect(error.problem.contains("aliases are expanded"))
        #expect(error.line > 1)
    }

    @Test("Aliases that expand to fewer nodes than the cap are accepted")
    func aliasesUnderCap() throws {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        text += "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        text += "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        let node = try YAMLDocument.parse(text)
        #expect(node["c"]?.items?.count == 10)
        #expect(node["c"]?.items?.first?.items?.first?.items?.count == 10)
    }

    // MARK: - Caps and errors

    @Test("Nesting up to the depth cap parses and one level more is refused")
    func depthCap() throws {
        let depth = YAMLDocument.maxDepth
        let deepest = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: Never.self) { try YAMLDocument.parse(deepest) }

        let tooDeep = "[" + deepest + "]"
        let error = try #require(self.yamlError(tooDeep))
        #expect(error.line == 1)
        #expect(error.column == depth + 1)
        #expect(error.problem.contains("nesting deeper than \(depth)"))
    }

    @Test("Text over four mebibytes is refused before parsing")
    func sizeCap() throws {
        let text = "a: " + String(repeating: "x", count: YAMLDocument.maxInputBytes)
        #expect(throws: KubeConfigError.fileTooLarge(
            path: nil,
            bytes: text.utf8.count,
            limit: 4 * 1024 * 1024
        )) {
            try YAMLDocument.parse(text)
        }
    }

    @Test("A syntax error carries libyaml's line and column, counted from 1")
    func syntaxErrorPosition() throws {
        let error = try #require(self.yamlError("a: 1\nb: [2, 3\nc: 4\n"))
        #expect(error.line >= 2)
        #expect(error.problem.contains("flow sequence"))

        let indentation = try #require(self.yamlError("a:\n  b: 1\n c: 2\n"))
        #expect(indentation.line == 3)
        #expect(indentation.column == 2)
        #expect(indentation.problem.contains("did not find expected key"))
    }

    @Test("A tab used for indentation is refused at its position")
    func tabIndentation() throws {
        let error = try #require(self.yamlError("a:\n\tb: 1\n"))
        #expect(error.line == 2)
        #expect(error.column == 1)
    }

    @Test("A duplicate key is refused at the second occurrence")
    func duplicateKey() throws {
        let error = try #require(self.yamlError("users: []\nclusters: []\nusers: []\n"))
        #expect(error.line == 3)
        #expect(error.column == 1)
        #expect(error.problem == "duplicate key 'users'")
    }

    @Test("A list or mapping used as a key is refused")
    func complexKey() throws {
        let error = try #require(self.yamlError("? [a, b]\n: c\n"))
        #expect(error.line == 1)
        #expect(error.problem.contains("as a mapping key"))

        let alias = try #require(self.yamlError("x: &k [a]\n*k : c\n"))
        #expect(alias.line == 2)
    }

    @Test("Bytes that are not UTF-8 are refused with the line they sit on")
    func invalidEncoding() throws {
        let bytes = Array("a: 1\nb: ".utf8) + [0xFF, 0xFE, 0x41] + Array("\n".utf8)
        do {
            _ = try YAMLDocument.parse(bytes: bytes)
            Issue.record("invalid UTF-8 parsed")
        } catch {
            guard case .invalidYAML(_, let line, let column, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(line == 2)
            #expect(column == 4)
        }
    }

    @Test("Random byte changes to a kubeconfig never crash or hang")
    func randomMutations() throws {
        let text = """
            apiVersion: v1
            clusters:
            - name: &n a
              cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}
            contexts: [{name: x, context: &c {cluster: *n, user: u}}, {name: y, context: *c}]
            users:
            - name: u
              user:
                token: 'abc'
            current-context: x
            """
        let original = Array(text.utf8)
        let alphabet = Array("[]{}:-&*<>!|'\"#,?\n\t %@`~".utf8) + [0x00, 0xC3, 0xFF]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0...(next() % 4) {
                let index = next() % bytes.count
                bytes[index] = alphabet[next() % alphabet.count]
            }
            if let node = try? YAMLDocument.parse(bytes: bytes) {
                _ = try? KubeconfigDecoder(path: "/k").decode(node)
            }
        }
    }

    @Test("Truncating a kubeconfig at every byte never crashes")
    func truncation() throws {
        let text = """
            apiVersion: v1
            clusters:
            - &c {name: a, cluster: {server: "https://h:1"}}
            contexts: [{name: x, context: {<<: *c, user: 'u'}}]
            users: [{name: u, user: {token: |
                abc
              }}]
            """
        let bytes = Array(text.utf8)
        for end in 0...bytes.count {
            _ = try? YAMLDocument.parse(bytes: Array(bytes[0..<end]))
        }
    }
}
