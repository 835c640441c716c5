import Capture
import Decode
import HTTP
import Matching
import Testing

/// Responses pair with requests in order, however the bytes are cut into segments.
@Suite struct PairingTests {
    static let requests = Messages.request("/one") + Messages.request("/two", method: "HEAD")
        + Messages.postHead("/three", length: 4) + "data"
    static let responses = Messages.response(body: "first")
        + Messages.responseHead(length: 99)
        + "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
    static let responseOffsets = Array(0...Self.responses.utf8.count)
    static let requestOffsets = Array(0...Self.requests.utf8.count)

    @Test("Keep-alive requests pair with their responses in order")
    func keepAlive() {
        let talk = Conversation()
        talk.handshake()
        for (index, target) in ["/a", "/b", "/c"].enumerated() {
            let time = Int64(10 + index * 100)
            talk.send(.client, Messages.request(target), at: time)
            talk.send(.server, Messages.response(body: String(repeating: "x", count: index + 1)),
                      at: time + 50)
        }

        #expect(talk.exchanges.map(\.line) == [
            "GET /a → 200 complete", "GET /b → 200 complete", "GET /c → 200 complete",
        ])
        #expect(talk.exchanges.map(\.sequenceInConnection) == [1, 2, 3])
        #expect(talk.exchanges.map(\.responseBodyBytes) == [1, 2, 3])
        #expect(talk.exchanges.map(\.requestStart) == [10, 110, 210].map { .milliseconds($0) })
        #expect(talk.exchanges.map(\.responseEnd) == [60, 160, 260].map { .milliseconds($0) })
    }

    @Test("Pipelined requests in one segment pair with responses in one segment")
    func pipelined() {
        let exchanges = Self.pipelinedExchanges(responseSplit: nil, requestSplit: nil)

        #expect(exchanges.map(\.line) == [
            "GET /one → 200 complete",
            "HEAD /two → 200 complete",
            "POST /three → 201 complete",
        ])
        #expect(exchanges.map(\.requestBodyBytes) == [0, 0, 4])
        #expect(exchanges.map(\.responseBodyBytes) == [5, 0, 3])
        #expect(exchanges.allSatisfy { $0.flags.isEmpty })
    }

    @Test("Responses split at any byte give the same exchanges", arguments: Self.responseOffsets)
    func responseSplit(offset: Int) {
        let whole = Self.pipelinedExchanges(responseSplit: nil, requestSplit: nil)
        let split = Self.pipelinedExchanges(responseSplit: offset, requestSplit: nil)
        #expect(split.map(Snapshot.init) == whole.map(Snapshot.init))
    }

    @Test("Requests split at any byte give the same exchanges", arguments: Self.requestOffsets)
    func requestSplit(offset: Int) {
        let whole = Self.pipelinedExchanges(responseSplit: nil, requestSplit: nil)
        let split = Self.pipelinedExchanges(responseSplit: nil, requestSplit: offset)
        #expect(split.map(Snapshot.init) == whole.map(Snapshot.init))
    }

    @Test("A connection's exchanges are numbered from 1 and connections are told apart")
    func twoConnections() {
        let wire = Wire()
        let first = Conversation(wire: wire, client: Conversation.endpoint(1, port: 40_001))
        let second = Conversation(wire: wire, client: Conversation.endpoint(1, port: 40_002))
        first.handshake(at: 0)
        second.handshake(at: 0)
        first.send(.client, Messages.request("/first"), at: 10)
        second.send(.client, Messages.request("/second"), at: 11)
        second.send(.server, Messages.response(404), at: 12)
        first.send(.server, Messages.response(200), at: 13)

        #expect(wire.exchanges.map(\.line) == ["GET /second → 404 complete",
                                               "GET /first → 200 complete"])
        #expect(wire.exchanges.map(\.sequenceInConnection) == [1, 1])
        #expect(wire.exchanges.map(\.client) == [second.client, first.client])
        #expect(wire.tracker.connectionCount == 2)
    }

    // MARK: - Helpers

    /// The pipelined conversation, with the requests and responses each sent whole in one
    /// segment or split in two segments at an offset; both halves share a timestamp.
    static func pipelinedExchanges(responseSplit: Int?, requestSplit: Int?) -> [Exchange] {
        let talk = Conversation()
        talk.handshake()
        Self.sendSplit(talk, .client, Self.requests, at: 10, offset: requestSplit)
        Self.sendSplit(talk, .server, Self.responses, at: 30, offset: responseSplit)
        talk.fin(.client, at: 40)
        talk.fin(.server, at: 41)
        return talk.exchanges
    }

    private static func sendSplit(
        _ talk: Conversation,
        _ side: Side,
        _ text: String,
        at time: Int64,
        offset: Int?
    ) {
        let bytes = Array(text.utf8)
        guard let offset else {
            talk.send(side, bytes: bytes, at: time)
            return
        }
        talk.send(side, bytes: Array(bytes[..<offset]), at: time)
        talk.send(side, bytes: Array(bytes[offset...]), at: time)
    }

    @Test("A response that is not HTTP still answers its request; the next pair stays right",
          arguments: [
              "ICY 200 OK\r\n\r\n", "http/1.1 200 OK\r\n\r\n", "HTTP/1.1 20000 OK\r\n\r\n",
          ])
    func malformedResponseTakesItsRequest(statusLine: String) {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/one"), at: 10)
        talk.send(.client, Messages.request("/two"), at: 11)
        talk.send(.server, statusLine, at: 100)
        talk.send(.server, Messages.response(202), at: 200)
        talk.wire.finishAll()

        #expect(talk.exchanges.map(\.line) == [
            "GET /one → - abandoned",
            "GET /two → 202 complete",
        ])
        #expect(talk.exchanges.first?.flags == .malformedResponse)
    }

    @Test("A response head past the size cap answers its request; the next pair stays right")
    func oversizedResponseHeadTakesItsRequest() {
        let talk = Conversation()
        talk.handshake()
        talk.send(.client, Messages.request("/one"), at: 10)
        talk.send(.client, Messages.request("/two"), at: 11)
        let cookie = "Set-Cookie: " + String(repeating: "c", count: 70_000) + "\r\n"
        talk.send(.server, "HTTP/1.1 200 OK\r\n" + cookie + "Content-Length: 0\r\n\r\n", at: 100)
        talk.send(.server, Messages.response(202), at: 200)
        talk.wire.finishAll()

        #expect(talk.exchanges.map(\.line) == [
            "GET /one → - abandoned",
            "GET /two → 202 complete",
        ])
        #expect(talk.exchanges.first?.flags == .malformedResponse)
    }
}
