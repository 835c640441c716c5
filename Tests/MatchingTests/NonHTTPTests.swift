import Capture
import Decode
import HTTP
import Matching
import Testing

/// Connections that do not carry HTTP are ignored and counted, never reported as exchanges.
@Suite struct NonHTTPTests {
    @Test("A TLS connection produces no exchange and counts as non_http_connections")
    func tls() {
        let talk = Conversation(server: Conversation.endpoint(2, port: 80))
        talk.handshake()
        talk.send(.client, bytes: NonHTTPBytes.clientHello, at: 10)
        talk.send(.server, bytes: NonHTTPBytes.serverHello, at: 20)
        talk.send(.client, bytes: NonHTTPBytes.applicationData(Messages.request("/x")), at: 30)
        talk.send(.server, bytes: NonHTTPBytes.applicationData(Messages.response()), at: 40)
        talk.wire.finishAll()

        #expect(talk.exchanges.isEmpty)
        #expect(talk.wire.counter("non_http_connections") == 1)
        #expect(talk.wire.counter("parse_errors") == 0)
        #expect(talk.wire.counter("exchanges") == 0)
    }

    @Test("An SSH server that speaks first produces no exchange")
    func sshServerFirst() {
        let talk = Conversation(server: Conversation.endpoint(2, port: 8080))
        talk.handshake()
        talk.send(.server, NonHTTPBytes.sshBanner, at: 10)
        talk.send(.client, "SSH-2.0-OpenSSH_9.6\r\n", at: 11)
        talk.send(.client, bytes: [0, 0, 1, 0x14, 0x0a, 0x14] + Array(repeating: 7, count: 40),
                  at: 12)
        talk.fin(.client, at: 20)
        talk.fin(.server, at: 21)
        talk.wire.finishAll()

        #expect(talk.exchanges.isEmpty)
        #expect(talk.wire.counter("non_http_connections") == 1)
        #expect(talk.wire.counter("parse_errors") == 0)
    }

    @Test("A GET answered by an SSH banner is one exchange without a status, malformed response")
    func getAnsweredBySSH() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/"), at: 10)
        talk.send(.server, NonHTTPBytes.sshBanner, at: 20)
        talk.send(.server, "Invalid SSH identification string.\r\n", at: 21)
        talk.reset(.server, at: 30)
        talk.wire.finishAll()

        let exchange = try #require(talk.exchanges.first)
        #expect(talk.exchanges.map(\.line) == ["GET / → - abandoned"])
        #expect(exchange.response == nil)
        #expect(exchange.flags == .malformedResponse)
        #expect(exchange.endedAt == .milliseconds(20))
        #expect(exchange.responseStart == .milliseconds(20))
        #expect(talk.wire.counter("non_http_connections") == 0)
    }

    @Test("TLS picked up mid-stream decides no roles and produces no exchange")
    func midstreamTLS() {
        let talk = Conversation()
        talk.send(.client, bytes: NonHTTPBytes.applicationData(Messages.request("/x")), at: 10)
        talk.send(.server, bytes: NonHTTPBytes.applicationData(Messages.response()), at: 20)
        talk.wire.finishAll()

        #expect(talk.exchanges.isEmpty)
        #expect(talk.wire.counter("parse_errors") == 0)
    }
}
