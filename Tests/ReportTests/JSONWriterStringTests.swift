import Foundation
import Report
import Testing

@Suite struct JSONWriterStringTests {
    @Test("Every control byte is escaped and parses back to itself", arguments: 0..<0x20)
    func controlBytes(byte: Int) throws {
        var writer = JSONWriter()
        writer.appendString(utf8: [UInt8(ascii: "a"), UInt8(byte), UInt8(ascii: "b")])

        #expect(!writer.bytes.contains { $0 < 0x20 })
        let parsed = try Fixtures.parse(writer.bytes) as? String
        #expect(parsed == "a" + String(UnicodeScalar(UInt8(byte))) + "b")
    }

    @Test(
        "Control bytes use the short escapes where RFC 8259 has them",
        arguments: [
            (0x08, #""\b""#), (0x09, #""\t""#), (0x0A, #""\n""#), (0x0C, #""\f""#),
            (0x0D, #""\r""#), (0x00, #""\u0000""#), (0x1B, #""\u001b""#), (0x1F, #""\u001f""#),
        ]
    )
    func shortEscapes(byte: Int, expected: String) {
        #expect(Fixtures.jsonString(String(UnicodeScalar(UInt8(byte)))) == expected)
    }

    @Test("Quotes and backslashes are escaped; DEL and slash are not")
    func quotesAndBackslash() throws {
        let text = #"say "hi" \ C:\path / \u0041"# + "\u{7F}"
        let json = Fixtures.jsonString(text)

        #expect(json == #""say \"hi\" \\ C:\\path / \\u0041"# + "\u{7F}\"")
        #expect(try Fixtures.parse(Array(json.utf8)) as? String == text)
    }

    @Test("Non-ASCII text is copied as UTF-8 and parses back")
    func nonASCII() throws {
        let text = "café ☕ 東京 𝄞 \u{2028} ﻿"
        let json = Fixtures.jsonString(text)

        #expect(json == "\"" + text + "\"")
        #expect(try Fixtures.parse(Array(json.utf8)) as? String == text)
    }

    @Test(
        "Ill-formed UTF-8 becomes U+FFFD, one per maximal ill-formed subpart",
        arguments: [
            ([0x61, 0xFF, 0x62], "a\u{FFFD}b"),
            ([0xC0, 0xAF], "\u{FFFD}\u{FFFD}"),  // overlong '/'
            ([0xE0, 0x80, 0xAF], "\u{FFFD}\u{FFFD}\u{FFFD}"),  // overlong
            ([0xED, 0xA0, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}"),  // surrogate D800
            ([0xF4, 0x90, 0x80, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),  // past U+10FFFF
            ([0xE2, 0x82], "\u{FFFD}"),  // truncated euro sign at the end
            ([0xE2, 0x82, 0x41], "\u{FFFD}A"),  // truncated euro sign before ASCII
            ([0xF0, 0x9F, 0x98], "\u{FFFD}"),  // truncated emoji
            ([0x80, 0xBF], "\u{FFFD}\u{FFFD}"),  // lone continuation bytes
            ([0xE2, 0x82, 0xAC], "€"),  // well-formed, for contrast
        ] as [([UInt8], String)]
    )
    func invalidUTF8(bytes: [UInt8], expected: String) throws {
        var writer = JSONWriter()
        writer.appendString(utf8: bytes)

        #expect(String(validating: writer.bytes, as: UTF8.self) != nil)
        #expect(try Fixtures.parse(writer.bytes) as? String == expected)
    }

    @Test("Byte strings print exactly like the String Swift repairs from them")
    func matchesSwiftRepair() {
        var generator = SystemRandomNumberGenerator()
        // Bytes biased towards lead and continuation bytes so that many sequences are close
        // to valid.
        let alphabet: [UInt8] = [0x00, 0x0A, 0x22, 0x41, 0x5C, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                                 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0,
                                 0xF3, 0xF4, 0xF5, 0xFF]
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...12, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            var writer = JSONWriter()
            writer.appendString(utf8: bytes)

            let expected = Fixtures.jsonString(String(decoding: bytes, as: UTF8.self))
            #expect(String(decoding: writer.bytes, as: UTF8.self) == expected, "\(bytes)")
        }
    }

    @Test("A raw buffer of bytes is read the same as an array")
    func rawBuffer() {
        let bytes: [UInt8] = [0x68, 0x69, 0xFE, 0x22]
        var fromArray = JSONWriter()
        fromArray.appendString(utf8: bytes)
        var fromBuffer = JSONWriter()
        bytes.withUnsafeBytes { fromBuffer.appendString(utf8: $0) }

        #expect(fromBuffer.bytes == fromArray.bytes)
        #expect(String(decoding: fromArray.bytes, as: UTF8.self) == "\"hi\u{FFFD}\\\"\"")
    }

    @Test("A substring prints only its own characters")
    func substring() {
        let text = "/path?query"
        var writer = JSONWriter()
        writer.appendString(text[..<text.firstIndex(of: "?")!])

        #expect(String(decoding: writer.bytes, as: UTF8.self) == "\"/path\"")
    }

    @Test(
        "Integers print in plain decimal",
        arguments: [
            (0, "0"), (7, "7"), (-7, "-7"), (1_000, "1000"), (Int64.max, "9223372036854775807"),
            (Int64.min, "-9223372036854775808"),
        ] as [(Int64, String)]
    )
    func integers(value: Int64, expected: String) throws {
        var writer = JSONWriter()
        writer.appendInteger(value)

        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
        #expect((try Fixtures.parse(writer.bytes) as? NSNumber)?.int64Value == value)
    }

    @Test("Literals, booleans and null append as written; removeAll keeps nothing")
    func literals() {
        var writer = JSONWriter()
        writer.appendRaw("[")
        writer.appendBool(true)
        writer.appendByte(UInt8(ascii: ","))
        writer.appendBool(false)
        writer.appendByte(UInt8(ascii: ","))
        writer.appendNull()
        writer.appendRaw("]")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "[true,false,null]")

        writer.removeAll()
        #expect(writer.bytes.isEmpty)
    }
}
