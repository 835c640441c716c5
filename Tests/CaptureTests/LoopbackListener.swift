import Glibc

/// A TCP listener on 127.0.0.1 with a kernel-chosen port, to make loopback traffic for live
/// capture tests. Nothing leaves the host.
final class LoopbackListener {
    /// The port the kernel assigned.
    let port: UInt16
    private let descriptor: Int32

    /// Binds and listens on 127.0.0.1, port chosen by the kernel.
    init?() {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else {
            return nil
        }
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let isBound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0
                    && listen(descriptor, 8) == 0
                    && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard isBound else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        self.port = UInt16(bigEndian: address.sin_port)
    }

    deinit {
        close(self.descriptor)
    }

    /// Opens a connection to the listener (the kernel completes the handshake without an
    /// `accept`), sends `payload`, and closes it. Returns whether every step succeeded.
    func connectAndSend(_ payload: [UInt8]) -> Bool {
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard client >= 0 else {
            return false
        }
        defer { close(client) }
        var address = Self.loopback(port: self.port)
        let isConnected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                connect(client, generic, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard isConnected else {
            return false
        }
        let sent = payload.withUnsafeBytes { send(client, $0.baseAddress, $0.count, 0) }
        return sent == payload.count
    }

    /// 127.0.0.1 at `port`.
    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
