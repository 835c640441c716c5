import Kube
import Testing

@Suite struct LabelSelectorTests {
    typealias R = LabelSelector.Requirement

    @Test(
        "Selector text parses to its requirements",
        arguments: [
            ("", [R]()),
            ("   ", []),
            ("app=web", [R(key: "app", operation: .equals, values: ["web"])]),
            ("app==web", [R(key: "app", operation: .equals, values: ["web"])]),
            ("app != web", [R(key: "app", operation: .notEquals, values: ["web"])]),
            ("app=", [R(key: "app", operation: .equals, values: [""])]),
            ("tier in (api, db)", [R(key: "tier", operation: .in, values: ["api", "db"])]),
            ("tier notin (cache)", [R(key: "tier", operation: .notIn, values: ["cache"])]),
            ("canary", [R(key: "canary", operation: .exists)]),
            ("!canary", [R(key: "canary", operation: .doesNotExist)]),
            ("! canary", [R(key: "canary", operation: .doesNotExist)]),
            (
                "app.kubernetes.io/name=web,!canary,tier in (a,b)",
                [
                    R(key: "app.kubernetes.io/name", operation: .equals, values: ["web"]),
                    R(key: "canary", operation: .doesNotExist),
                    R(key: "tier", operation: .in, values: ["a", "b"]),
                ]
            ),
            ("in=notin", [R(key: "in", operation: .equals, values: ["notin"])]),
            ("x in (a,)", [R(key: "x", operation: .in, values: ["a", ""])]),
            ("version=1.4_rc-2", [R(key: "version", operation: .equals, values: ["1.4_rc-2"])]),
        ]
    )
    func parses(text: String, requirements: [R]) throws {
        let selector = try LabelSelector(parsing: text)
        #expect(selector.requirements == requirements)
        #expect(try LabelSelector(parsing: selector.description) == selector)
    }

    @Test(
        "Bad selectors fail naming the problem",
        arguments: [
            ("app=web,", "expected a label key, found the end"),
            (",app", "expected a label key, found ','"),
            ("app web", "expected '=', '==', '!=', 'in' or 'notin' after 'app', found 'web'"),
            ("app=web=x", "expected ',' or the end after a requirement, found '='"),
            ("tier in api", "expected '(' and values after 'tier' in or notin, found 'api'"),
            ("tier in (a b)", "expected ',' or ')' in the values for 'tier', found 'b'"),
            ("tier in (a", "expected ',' or ')' in the values for 'tier', found the end"),
            ("tier in ()", "the set of values for 'tier' is empty"),
            ("-app=x", "label key '-app' must start and end with a letter or digit"),
            ("a/b/c=x", "label key 'a/b/c' has more than one '/'"),
            ("/x=y", "label key '/x' has an empty prefix before '/'"),
            ("Example.com/x=y", "has a prefix that is not a lower-case DNS subdomain"),
            ("example.com/=y", "label key 'example.com/' has an empty name"),
            ("app=we b", "expected ',' or the end after a requirement, found 'b'"),
            ("app=wéb", "label value 'wéb' may hold only letters, digits, '-', '_' and '.'"),
            ("app=(x)", "expected a label value, found '('"),
            ("!app=x", "expected ',' or the end after a requirement, found '='"),
            (String(repeating: "k", count: 64), "is longer than 63 characters"),
            ("a>1", "label key 'a>1' may hold only letters"),
        ]
    )
    func refuses(text: String, fragment: String) {
        let error = #expect(throws: LabelSelectorError.self) {
            try LabelSelector(parsing: text)
        }
        let message = error?.description ?? ""
        #expect(message.hasPrefix("invalid label selector '\(text)': "), "\(message)")
        #expect(message.contains(fragment), "\(message)")
        #expect(!message.contains("\n"))
    }

    @Test(
        "Selectors match labels as Kubernetes does",
        arguments: [
            ("", true),
            ("app=web", true),
            ("app=api", false),
            ("app!=api", true),
            ("missing!=x", true),
            ("missing=x", false),
            ("missing=", false),
            ("empty=", true),
            ("tier in (api,db)", true),
            ("tier in (cache)", false),
            ("tier notin (cache)", true),
            ("tier notin (db)", false),
            ("missing notin (x)", true),
            ("missing in (x)", false),
            ("app", true),
            ("missing", false),
            ("!missing", true),
            ("!app", false),
            ("app=web,tier=db,!canary", true),
            ("app=web,tier=api", false),
        ]
    )
    func matches(text: String, expected: Bool) throws {
        let selector = try LabelSelector(parsing: text)
        let labels = [
            Label(key: "app", value: "web"),
            Label(key: "empty", value: ""),
            Label(key: "tier", value: "db"),
        ]
        #expect(selector.matches(labels) == expected)
        let dictionary = Dictionary(uniqueKeysWithValues: labels.map { ($0.key, $0.value) })
        #expect(selector.matches(dictionary) == expected)
    }

    @Test("The empty selector selects everything")
    func everything() throws {
        #expect(try LabelSelector(parsing: "").selectsEverything)
        #expect(LabelSelector.everything.matches([Label]()))
    }
}
