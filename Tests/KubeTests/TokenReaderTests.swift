import Foundation
@testable import Kube
import Testing

/// Reading the bearer token, and noticing when the file rotates.
@Suite struct TokenReaderTests {
    @Test("A rewritten token file is read again, even within the same second")
    func rereadsRotatedFile() throws {
        let directory = try TemporaryFolder.make(prefix: "kubeclient-token")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/token"
        try write("one\n", to: path)
        let reader = TokenReader(source: .file(path: path))

        let first = try reader.current()
        try write("two\n", to: path)
        let second = try reader.current()

        #expect(first == "one")
        #expect(second == "two")
    }

    @Test("A token file that vanishes after a read keeps the last token")
    func keepsLastTokenDuringSwap() throws {
        let directory = try TemporaryFolder.make(prefix: "kubeclient-token")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/token"
        try write("kept", to: path)
        let reader = TokenReader(source: .file(path: path))
        _ = try reader.current()

        try FileManager.default.removeItem(atPath: path)

        #expect(try reader.current() == "kept")
    }

    @Test("An empty or multi-line token file is refused", arguments: ["", "\n \n", "a\nb"])
    func refusesBadFiles(text: String) throws {
        let directory = try TemporaryFolder.make(prefix: "kubeclient-token")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/token"
        try write(text, to: path)

        #expect(throws: APIClientError.self) {
            try TokenReader(source: .file(path: path)).current()
        }
    }

    @Test("A literal token is used as given")
    func literal() throws {
        #expect(try TokenReader(source: .literal("abc")).current() == "abc")
    }
}
