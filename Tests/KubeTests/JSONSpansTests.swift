import Foundation
@testable import Kube
import Testing

/// The JSON span scanner, against Foundation's parser and against hostile input.
@Suite struct JSONSpansTests {
    static let document = Array("""
        { "kind" : "PodList", "metadata": {"resourceVersion":"42", "continue": ""},
          "items": [ {"metadata": {"name": "a\\"b", "labels": {"x": "}]"}}, "n": -1.5e3},
                     {"metadata": {"name": "\\u00e9t\\u00e9"}, "spec": [true, false, null]} ] }
        """.utf8)

    @Test("Members, elements and strings match what Foundation parses")
    func matchesFoundation() throws {
        let spans = JSONSpans(Self.document)
        let root = try #require(spans.root)
        let items = try #require(spans.member("items", ofObject: root))
        let elements = try #require(spans.elements(ofArray: items))
        let parsed = try JSONSerialization.jsonObject(with: Data(Self.document)) as? [String: Any]
        let expected = try #require(parsed?["items"] as? [[String: Any]])

        #expect(elements.count == 2)
        for (element, object) in zip(elements, expected) {
            let mine = try JSONSerialization.jsonObject(with: Data(Self.document[element]))
            #expect((mine as? NSDictionary) == (object as NSDictionary))
        }
        let names = elements.map { spans.member(path: ["metadata", "name"], from: $0) }
            .map { $0.flatMap { spans.string(at: $0) } }
        #expect(names == ["a\"b", "été"])
        let version = spans.member(path: ["metadata", "resourceVersion"], from: root)
        #expect(version.flatMap { spans.string(at: $0) } == "42")
        #expect(spans.members(ofObject: root)?.count == 3)
    }

    @Test("Every truncation of a document is refused, never a crash")
    func truncations() {
        for length in 0..<Self.document.count {
            let spans = JSONSpans(Array(Self.document[..<length]))
            #expect(spans.root == nil, "prefix of \(length) bytes")
        }
    }

    @Test(
        "Malformed documents are refused",
        arguments: [
            "", "{", "}", "[1,]", "{\"a\":}", "{\"a\" 1}", "{\"a\":1,}", "{,}", "[1 2]",
            "{\"a\":1}}", "{\"a\":[1}", "\"unterminated", "{\"a\":\"x\ny\"}", "{1:2}",
        ]
    )
    func malformed(text: String) {
        let spans = JSONSpans(Array(text.utf8))
        let refused = spans.root.map { root in
            spans.members(ofObject: root) == nil && spans.elements(ofArray: root) == nil
        } ?? true
        #expect(refused)
    }

    @Test("Nesting past the depth cap is refused without recursion")
    func deepNesting() {
        let deep = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
            + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
        let shallow = [UInt8](repeating: UInt8(ascii: "["), count: 100)
            + [UInt8](repeating: UInt8(ascii: "]"), count: 100)

        #expect(JSONSpans(deep).root == nil)
        #expect(JSONSpans(shallow).root == 0..<200)
    }

    @Test("Integers parse only when plain and in range")
    func integers() {
        let spans = JSONSpans(Array("[410, -3, 1.5, 99999999999999999999, x]".utf8))
        let elements = spans.elements(ofArray: spans.root ?? 0..<0) ?? []

        #expect(elements.map { spans.integer(at: $0) } == [410, -3, nil, nil, nil])
    }
}
