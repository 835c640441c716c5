@testable import Kube
import Testing

/// Reading a List response body.
@Suite struct ResourceListTests {
    @Test("Items keep their bytes; version and continue token are read")
    func readsList() throws {
        let pod = #"{"metadata":{"name":"a"},"spec":{"containers":[]}}"#
        let body = Array(("{\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"9\","
            + "\"continue\":\"abc\"},\"items\":[\(pod), \(pod)]}").utf8)

        let list = try #require(ResourceList(json: body))

        #expect(list.items == [Array(pod.utf8), Array(pod.utf8)])
        #expect(list.resourceVersion == "9")
        #expect(list.continueToken == "abc")
    }

    @Test("Empty, null and missing items are an empty list; an empty continue is none")
    func emptyLists() throws {
        for items in [#","items":[]"#, #","items":null"#, ""] {
            let body = Array(#"{"metadata":{"resourceVersion":"3","continue":""}\#(items)}"#.utf8)
            let list = try #require(ResourceList(json: body))
            #expect(list.items.isEmpty && list.continueToken == nil)
        }
    }

    @Test(
        "Bodies that are not Lists are refused",
        arguments: [
            "", "[]", #"{"items":[]}"#, #"{"metadata":{},"items":[]}"#,
            #"{"metadata":{"resourceVersion":"1"},"items":[1]}"#,
            #"{"metadata":{"resourceVersion":"1"},"items":{}}"#,
            #"{"metadata":{"resourceVersion":"1"},"items":[{}"#,
        ]
    )
    func refusesJunk(text: String) {
        #expect(ResourceList(json: Array(text.utf8)) == nil)
    }
}
