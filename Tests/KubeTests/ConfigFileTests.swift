import TestSupport
import Glibc
import Testing

@testable import Kube

@Suite struct ConfigFileTests {
    @Test("A file is read whole, up to the cap")
    func readWhole() throws {
        let scratch = try ScratchDirectory()
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0) }
        let path = try scratch.write("data", bytes: bytes)
        #expect(ConfigFile.read(path, maxBytes: 200_000) == .bytes(bytes))
        #expect(ConfigFile.read(path, maxBytes: 199_999) == .tooLarge(bytes: 200_000))
        let empty = try scratch.write("empty", "")
        #expect(ConfigFile.read(empty, maxBytes: 10) == .bytes([]))
    }

    @Test("A missing file, a directory and a FIFO are refused without blocking")
    func refused() throws {
        let scratch = try ScratchDirectory()
        #expect(
            ConfigFile.read(scratch.path + "/absent", maxBytes: 10)
                == .unreadable(reason: "no such file or directory")
        )
        #expect(
            ConfigFile.read(scratch.path, maxBytes: 10) == .unreadable(reason: "is a directory")
        )

        let fifo = scratch.path + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(ConfigFile.read(fifo, maxBytes: 10) == .unreadable(reason: "not a regular file"))
        #expect(ConfigFile.unreadableReason(fifo) == "not a regular file")
        #expect(!ConfigFile.exists(fifo))
    }

    @Test("Existence means a regular file, reached through a link if need be")
    func exists() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("..data/token", "t")
        let link = scratch.path + "/token"
        #expect(symlink(file, link) == 0)
        #expect(ConfigFile.exists(file))
        #expect(ConfigFile.exists(link))
        #expect(ConfigFile.unreadableReason(link) == nil)
        #expect(!ConfigFile.exists(scratch.path))
        #expect(!ConfigFile.exists(""))
    }

    @Test("Relative paths join the directory; absolute ones stay", arguments: [
        ("ca.crt", "/etc/kube", "/etc/kube/ca.crt"),
        ("ca.crt", "/etc/kube/", "/etc/kube/ca.crt"),
        ("pki/ca.crt", ".", "./pki/ca.crt"),
        ("/abs/ca.crt", "/etc/kube", "/abs/ca.crt"),
        ("", "/etc/kube", ""),
    ])
    func resolve(path: String, directory: String, expected: String) {
        #expect(ConfigFile.resolve(path, against: directory) == expected)
    }

    @Test("The directory of a path", arguments: [
        ("/home/u/.kube/config", "/home/u/.kube"),
        ("/config", "/"),
        ("config", "."),
        ("conf/config", "conf"),
    ])
    func directory(path: String, expected: String) {
        #expect(ConfigFile.directory(of: path) == expected)
    }
}
