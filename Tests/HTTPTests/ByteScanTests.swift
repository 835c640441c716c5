@testable import HTTP
import Testing

@Suite struct ByteScanTests {
    @Test("A NUL or CR is found at every position of lines of every short length")
    func findsNULAndCR() {
        for length in 0...40 {
            // Bytes next to NUL and CR in value, and with the high bit set, must not match.
            let filler: [UInt8] = [0x01, 0x0C, 0x0E, 0x8D, 0x80, 0xFF, 0x41]
            let clean = (0..<length).map { filler[$0 % filler.count] }
            #expect(!clean.withUnsafeBytes(ByteScan.containsNULOrBareCR), "length \(length)")
            for position in 0..<length {
                for bad: UInt8 in [0x00, 0x0D] {
                    var line = clean
                    line[position] = bad
                    #expect(line.withUnsafeBytes(ByteScan.containsNULOrBareCR),
                            "length \(length) position \(position) byte \(bad)")
                }
            }
        }
    }

    @Test("Token characters are exactly RFC 9110's tchar")
    func tokenCharacters() {
        let letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
        let tchar = Set(("!#$%&'*+-.^_`|~0123456789" + letters).utf8)
        for byte in UInt8.min...UInt8.max {
            #expect(ByteScan.isTokenCharacter(byte) == tchar.contains(byte), "byte \(byte)")
        }
    }
}
