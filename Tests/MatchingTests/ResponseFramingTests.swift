import Capture
import Decode
import HTTP
import Matching
import Testing

/// Whether a response has a body, and whether HTTP goes on after it, depends on the request.
@Suite struct ResponseFramingTests {
    @Test("A HEAD response's Content-Length announces no body; the next response still pairs")
    func headResponse() {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/big", method: "HEAD") + Messages.request("/small"),
                  at: 10)
        talk.send(.server, Messages.responseHead(length: 5_000), at: 20)
        talk.send(.server, Messages.response(body: "tiny"), at: 30)

        #expect(talk.exchanges.map(\.line) == ["HEAD /big → 200 complete",
                                               "GET /small → 200 complete"])
        #expect(talk.exchanges.map(\.responseBodyBytes) == [0, 4])
        #expect(talk.exchanges.map(\.responseEnd) == [.milliseconds(20), .milliseconds(30)])
    }

    @Test("A 204 or 304 has no body whatever its headers say", arguments: [204, 304])
    func noBodyStatus(status: Int) {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/a") + Messages.request("/b"), at: 10)
        talk.send(.server, Messages.responseHead(status, length: 321), at: 20)
        talk.send(.server, Messages.response(body: "after"), at: 30)

        #expect(talk.exchanges.map(\.line) == ["GET /a → \(status) complete",
                                               "GET /b → 200 complete"])
        #expect(talk.exchanges.map(\.responseBodyBytes) == [0, 5])
    }

    @Test("A 100 Continue belongs to the exchange; wait runs to the final response")
    func interimResponse() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.postHead("/up", length: 5, expectsContinue: true), at: 100)
        talk.send(.server, "HTTP/1.1 100 Continue\r\n\r\n", at: 110)
        talk.send(.client, "hello", at: 150)
        talk.send(.server, Messages.response(201, body: "done"), at: 190)
        talk.send(.client, Messages.request("/next"), at: 300)
        talk.send(.server, Messages.response(body: ""), at: 310)

        #expect(talk.exchanges.map(\.line) == ["POST /up → 201 complete",
                                               "GET /next → 200 complete"])
        let exchange = try #require(talk.exchanges.first)
        #expect(exchange.interimStatus == 100)
        #expect(exchange.requestEnd == .milliseconds(150))
        #expect(exchange.responseStart == .milliseconds(190))
        #expect(exchange.responseEnd == .milliseconds(190))
        #expect(Exchange.milliseconds(exchange.waitNanoseconds) == 40)
        #expect(Exchange.milliseconds(exchange.durationNanoseconds) == 90)
        #expect(exchange.requestBodyBytes == 5)
        #expect(exchange.responseBodyBytes == 4)
        #expect(exchange.flags.isEmpty)
        #expect(talk.exchanges.last?.interimStatus == nil)
    }

    @Test("An interim response cut off by a reset is kept, but times no response")
    func interimThenReset() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.postHead("/up", length: 5, expectsContinue: true), at: 100)
        talk.send(.server, "HTTP/1.1 100 Continue\r\n\r\n", at: 110)
        talk.send(.client, "hello", at: 150)
        talk.reset(.server, at: 900)

        let exchange = try #require(talk.exchanges.first)
        #expect(talk.exchanges.map(\.line) == ["POST /up → - reset"])
        #expect(exchange.interimStatus == 100)
        #expect(exchange.responseStart == nil)
        #expect(exchange.waitNanoseconds == nil)
        #expect(exchange.endedAt == .milliseconds(900))
        #expect(Exchange.milliseconds(exchange.durationNanoseconds) == 800)
    }

    @Test("After a 101, bytes that look like HTTP invent no exchanges")
    func upgrade() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, "GET /chat HTTP/1.1\r\nHost: example.test\r\nConnection: Upgrade\r\n"
                  + "Upgrade: websocket\r\n\r\n", at: 10)
        talk.send(.server, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                  + "Upgrade: websocket\r\n\r\n", at: 20)
        let fakeRequest = Messages.request("/inside")
        let fakeResponse = Messages.response(body: "inside")
        talk.send(.client, bytes: [0x81, UInt8(fakeRequest.utf8.count)] + Array(fakeRequest.utf8),
                  at: 30)
        talk.send(.server, fakeResponse, at: 40)
        talk.send(.client, fakeRequest, at: 50)
        talk.fin(.client, at: 60)
        talk.fin(.server, at: 61)
        talk.wire.finishAll()

        #expect(talk.exchanges.map(\.line) == ["GET /chat → 101 complete"])
        let exchange = try #require(talk.exchanges.first)
        #expect(exchange.flags == .upgraded)
        #expect(exchange.responseEnd == .milliseconds(20))
        #expect(talk.wire.counter("exchanges") == 1)
        #expect((talk.wire.counter("opaque_bytes") ?? 0) > 0)
    }

    @Test("Plain HTTP inside a CONNECT tunnel is reported as tunneled exchanges")
    func tunnelWithHTTP() {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, "CONNECT origin.test:80 HTTP/1.1\r\nHost: origin.test:80\r\n\r\n",
                  at: 10)
        talk.send(.server, "HTTP/1.1 200 Connection Established\r\n\r\n", at: 20)
        talk.send(.client, Messages.request("/inner"), at: 30)
        talk.send(.server, Messages.response(body: "inner body"), at: 40)
        talk.send(.client, Messages.request("/second"), at: 50)
        talk.send(.server, Messages.response(404), at: 60)

        #expect(talk.exchanges.map(\.line) == [
            "CONNECT origin.test:80 → 200 complete",
            "GET /inner → 200 complete",
            "GET /second → 404 complete",
        ])
        #expect(talk.exchanges.map(\.flags) == [.upgraded, .tunneled, .tunneled])
        #expect(talk.exchanges.map(\.sequenceInConnection) == [1, 2, 3])
        #expect(talk.exchanges.map(\.responseBodyBytes) == [0, 10, 0])
    }

    @Test("TLS inside a CONNECT tunnel ends the reporting with the CONNECT")
    func tunnelWithTLS() {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, "CONNECT origin.test:443 HTTP/1.1\r\nHost: origin.test:443\r\n\r\n",
                  at: 10)
        talk.send(.server, "HTTP/1.1 200 Connection Established\r\n\r\n", at: 20)
        talk.send(.client, bytes: NonHTTPBytes.clientHello, at: 30)
        talk.send(.server, bytes: NonHTTPBytes.serverHello, at: 40)
        talk.send(.client, bytes: NonHTTPBytes.applicationData(Messages.request("/x")), at: 50)
        talk.send(.server, bytes: NonHTTPBytes.applicationData(Messages.response()), at: 60)
        talk.fin(.client, at: 70)
        talk.fin(.server, at: 71)
        talk.wire.finishAll()

        #expect(talk.exchanges.map(\.line) == ["CONNECT origin.test:443 → 200 complete"])
        #expect(talk.exchanges.first?.flags == .upgraded)
        #expect(talk.wire.counter("exchanges") == 1)
        #expect(talk.wire.counter("parse_errors") == 0)
    }

    @Test("A CONNECT refused by the proxy leaves the connection plain HTTP")
    func connectRefused() {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, "CONNECT origin.test:443 HTTP/1.1\r\nHost: origin.test:443\r\n\r\n",
                  at: 10)
        talk.send(.server, Messages.response(407, body: "auth"), at: 20)
        talk.send(.client, Messages.request("/after"), at: 30)
        talk.send(.server, Messages.response(body: ""), at: 40)

        #expect(talk.exchanges.map(\.line) == ["CONNECT origin.test:443 → 407 complete",
                                               "GET /after → 200 complete"])
        #expect(talk.exchanges.allSatisfy { $0.flags.isEmpty })
    }

    @Test("A response without length or chunking runs to the server's FIN and is complete")
    func closeDelimited() throws {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/stream"), at: 10)
        talk.send(.server, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nsome", at: 20)
        talk.send(.server, " more", at: 30)
        talk.fin(.server, at: 40)

        let exchange = try #require(talk.exchanges.first)
        #expect(exchange.line == "GET /stream → 200 complete")
        #expect(exchange.responseBodyBytes == 9)
        #expect(exchange.responseEnd == .milliseconds(30))
    }
}
