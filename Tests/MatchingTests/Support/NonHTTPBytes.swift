/// Bytes of protocols other than HTTP, as they open a connection.
enum NonHTTPBytes {
    /// The start of a TLS 1.2 ClientHello record (RFC 5246, section 6.2.1).
    static let clientHello: [UInt8] = [
        0x16, 0x03, 0x01, 0x00, 0x2f, 0x01, 0x00, 0x00, 0x2b, 0x03, 0x03,
    ] + Array(repeating: 0x42, count: 32) + [0x00, 0x00, 0x02, 0x13, 0x01, 0x01, 0x00]

    /// The start of a TLS ServerHello record.
    static let serverHello: [UInt8] = [
        0x16, 0x03, 0x03, 0x00, 0x2a, 0x02, 0x00, 0x00, 0x26, 0x03, 0x03,
    ] + Array(repeating: 0x24, count: 32) + [0x00, 0x13, 0x01, 0x00]

    /// A TLS application-data record whose (pretend) ciphertext is `text`, so that it holds
    /// bytes that look like HTTP.
    static func applicationData(_ text: String) -> [UInt8] {
        let body = Array(text.utf8)
        return [0x17, 0x03, 0x03, UInt8(body.count >> 8), UInt8(body.count & 0xff)] + body
    }

    /// An SSH server's identification line (RFC 4253, section 4.2).
    static let sshBanner = "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"
}
