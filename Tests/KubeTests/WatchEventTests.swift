@testable import Kube
import Testing

/// Reading one watch line, and the Status an ERROR event or error body carries.
@Suite struct WatchEventTests {
    @Test("An event keeps its object's bytes and reads the object's resourceVersion")
    func readsEvent() throws {
        let object = #"{"kind":"Pod","metadata":{"name":"a","resourceVersion":"77"},"spec":{}}"#
        let line = Array(#"{"type":"MODIFIED","object":\#(object)}"#.utf8)

        let event = try #require(WatchEvent(line: line))

        #expect(event.type == .modified)
        #expect(event.object == Array(object.utf8))
        #expect(event.resourceVersion == "77")
        #expect(event.status == nil)
    }

    @Test("An ERROR event's Status gives its code, reason and one-line message")
    func readsErrorStatus() throws {
        let line = Array(("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"code\":410,"
            + "\"reason\":\"Expired\",\"message\":\"too old\\nresource version\"}}").utf8)

        let status = try #require(WatchEvent(line: line)?.status)

        #expect(status == APIStatus(json: Array(
            #"{"code":410,"reason":"Expired","message":"too old resource version"}"#.utf8
        )))
        #expect(status.code == 410)
        #expect(status.message == "too old resource version")
    }

    @Test(
        "Lines that are not events are refused",
        arguments: [
            "", "null", "[]", #"{"type":"ADDED"}"#, #"{"type":"SOMETHING","object":{}}"#,
            #"{"type":"ADDED","object":"text"}"#, #"{"type":7,"object":{}}"#,
            #"{"type":"ADDED","object":{"#,
        ]
    )
    func refusesJunk(text: String) {
        #expect(WatchEvent(line: Array(text.utf8)) == nil)
    }

    @Test("A Status message is cut to a bounded length")
    func longMessageIsCut() throws {
        let message = String(repeating: "x", count: 5000)
        let status = try #require(APIStatus(json: Array(#"{"message":"\#(message)"}"#.utf8)))

        #expect(status.message.utf8.count <= APIStatus.maxMessageBytes + 3)
        #expect(status.code == nil)
    }
}
