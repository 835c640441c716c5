import Capture
import Decode
import HTTP
import Matching
import Testing

/// Who is the client: the handshake when seen, otherwise the content; never the port numbers.
@Suite struct RoleTests {
    @Test("The side that sent the bare SYN is the client, even when it uses port 80")
    func handshakeDecides() {
        let talk = Conversation(
            client: Conversation.endpoint(1, port: 80),
            server: Conversation.endpoint(2, port: 51_000)
        )
        talk.handshake()
        talk.send(.client, Messages.request("/a"), at: 10)
        talk.send(.server, Messages.response(body: "ok"), at: 20)

        #expect(talk.exchanges.count == 1)
        let exchange = talk.exchanges[0]
        #expect(exchange.client == talk.client)
        #expect(exchange.server == talk.server)
        #expect(exchange.request?.target == "/a")
        #expect(exchange.response?.status == 200)
        #expect(exchange.outcome == .complete)
        #expect(exchange.flags.isEmpty)
    }

    @Test("A SYN-ACK seen without its SYN still makes its receiver the client")
    func synAckAlone() {
        let talk = Conversation(
            client: Conversation.endpoint(1, port: 8080),
            server: Conversation.endpoint(2, port: 1024)
        )
        talk.clientSeq += 1
        talk.control(.server, flags: [.syn, .ack], at: 1)
        talk.send(.client, Messages.request("/b"), at: 10)
        talk.send(.server, Messages.response(body: "x"), at: 20)

        #expect(talk.exchanges.count == 1)
        #expect(talk.exchanges.first?.client == talk.client)
        #expect(talk.exchanges.first?.request?.target == "/b")
        #expect(talk.exchanges.first?.response?.status == 200)
    }

    @Test("Without a handshake, the side that sends a request line is the client, whatever ports")
    func requestLineDecides() {
        let talk = Conversation(
            client: Conversation.endpoint(1, port: 80),
            server: Conversation.endpoint(2, port: 60_000)
        )
        talk.send(.client, Messages.request("/c"), at: 10)
        talk.send(.server, Messages.response(body: "hello"), at: 20)

        #expect(talk.exchanges.count == 1)
        let exchange = talk.exchanges[0]
        #expect(exchange.client == talk.client)
        #expect(exchange.server == talk.server)
        #expect(exchange.request?.target == "/c")
        #expect(exchange.response?.status == 200)
        #expect(exchange.responseBodyBytes == 5)
        #expect(exchange.flags == .midstream)
    }

    @Test("Without a handshake, a response seen first does not make the server the client")
    func responseDirectionFirst() {
        let talk = Conversation(
            client: Conversation.endpoint(1, port: 80),
            server: Conversation.endpoint(2, port: 60_000)
        )
        // The tail of an earlier response, then a whole one answering a request not captured.
        talk.send(.server, "tail of an older body", at: 1)
        talk.send(.server, Messages.response(404, body: "gone"), at: 2)
        talk.send(.client, Messages.request("/d"), at: 10)
        talk.send(.server, Messages.response(body: "found"), at: 20)

        let lines = talk.exchanges.map(\.line)
        #expect(lines == ["- - → 404 response_only", "GET /d → 200 complete"])
        for exchange in talk.exchanges {
            #expect(exchange.client == talk.client)
            #expect(exchange.server == talk.server)
        }
        #expect(talk.exchanges.last?.responseBodyBytes == 5)
        #expect(talk.wire.counter("responses_without_request") == 1)
        #expect(talk.wire.counter("undetermined_bytes") == "tail of an older body".utf8.count)
    }

    @Test("Without a handshake, bytes that start no message from either side decide nothing")
    func undecidedUntilARequest() {
        let talk = Conversation(
            client: Conversation.endpoint(1, port: 443),
            server: Conversation.endpoint(2, port: 12_345)
        )
        talk.send(.server, "xyz body bytes", at: 1)
        talk.send(.client, "more unrelated bytes\r\n", at: 2)
        #expect(talk.exchanges.isEmpty)

        talk.send(.client, Messages.request("/e"), at: 10)
        talk.send(.server, Messages.response(body: ""), at: 20)

        #expect(talk.exchanges.map(\.line) == ["GET /e → 200 complete"])
        #expect(talk.exchanges.first?.client == talk.client)
    }
}
