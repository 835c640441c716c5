import Testing

@testable import Kube

@Suite struct ConfigBase64Tests {
    @Test("The RFC 4648 test vectors decode", arguments: [
        ("", ""),
        ("Zg==", "f"),
        ("Zm8=", "fo"),
        ("Zm9v", "foo"),
        ("Zm9vYg==", "foob"),
        ("Zm9vYmE=", "fooba"),
        ("Zm9vYmFy", "foobar"),
    ])
    func vectors(encoded: String, decoded: String) {
        #expect(ConfigBase64.decode(encoded) == Array(decoded.utf8))
    }

    @Test("Padding may be left off")
    func unpadded() {
        #expect(ConfigBase64.decode("Zg") == Array("f".utf8))
        #expect(ConfigBase64.decode("Zm8") == Array("fo".utf8))
    }

    @Test("Line breaks and spaces between characters are skipped")
    func whitespace() {
        #expect(ConfigBase64.decode("Zm9v\nYmFy\r\n") == Array("foobar".utf8))
        #expect(ConfigBase64.decode(" Zm9v YmFy\t") == Array("foobar".utf8))
    }

    @Test("All 256 byte values survive the alphabet's + and /")
    func allBytes() {
        let bytes = (0...255).map { UInt8($0) }
        let encoded = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4"
            + "OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3Bx"
            + "cnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmq"
            + "q6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj"
            + "5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w=="
        #expect(ConfigBase64.decode(encoded) == bytes)
    }

    @Test("Text that is not base64 is refused", arguments: [
        "Zm9v!",
        "Zm-v",
        "Zm_v",
        "Z",
        "Zm9vY",
        "Zg=x",
        "Zg==Zg==",
        "Zm8==",
        "Zg=",
        "é",
    ])
    func invalid(text: String) {
        #expect(ConfigBase64.decode(text) == nil)
    }
}
