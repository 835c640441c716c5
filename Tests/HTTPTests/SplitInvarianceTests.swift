import HTTP
import Testing

@Suite struct SplitInvarianceTests {
    @Test("Every two-way split of a stream gives the same events", arguments: SplitFixture.allCases)
    func everySplit(fixture: SplitFixture) {
        let bytes = fixture.bytes
        let whole = Feed.run(fixture.role, [.bytes(bytes), .finish()]).events
        #expect(!whole.isEmpty)
        for offset in 0...bytes.count {
            let split = Feed.run(fixture.role, [
                .bytes(Array(bytes[..<offset])), .bytes(Array(bytes[offset...])), .finish(),
            ]).events
            #expect(split == whole, "split at \(offset)")
        }
    }

    @Test("Feeding a byte at a time gives the same events", arguments: SplitFixture.allCases)
    func byteAtATime(fixture: SplitFixture) {
        let bytes = fixture.bytes
        let whole = Feed.run(fixture.role, [.bytes(bytes), .finish()])
        let pieces = Feed.slices(bytes, size: 1) + [.finish()]
        let trickled = Feed.run(fixture.role, pieces)
        #expect(trickled.events == whole.events)
        #expect(trickled.parser.counters == whole.parser.counters)
    }

    @Test("Every three-way split of a chunked message gives the same events")
    func threeWaySplits() {
        let bytes = SplitFixture.chunkedWithExtensionsAndTrailers.bytes
        let whole = Feed.run(.client, [.bytes(bytes)]).events
        for first in stride(from: 0, through: bytes.count, by: 3) {
            for second in first...bytes.count {
                let events = Feed.run(.client, [
                    .bytes(Array(bytes[..<first])),
                    .bytes(Array(bytes[first..<second])),
                    .bytes(Array(bytes[second...])),
                ]).events
                #expect(events == whole, "split at \(first) and \(second)")
            }
        }
    }

    @Test("Timestamps follow the packets that carried the first and last bytes")
    func timestampsPerPacket() {
        let bytes = SplitFixture.postWithBody.bytes
        for offset in 1..<bytes.count {
            let events = Feed.run(.client, [
                .bytes(Array(bytes[..<offset]), at: 100), .bytes(Array(bytes[offset...]), at: 200),
            ]).events
            #expect(events.first == .started(at: 100))
            #expect(events.last == ended(13, at: 200))
        }
    }
}
