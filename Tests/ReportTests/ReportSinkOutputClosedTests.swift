import Foundation
import Glibc
import Report
import Testing

/// How the sink tells a reader that went away from other write failures, and what it counts.
@Suite struct ReportSinkOutputClosedTests {
    /// `F_SETPIPE_SZ` from <fcntl.h> on Linux, which the Glibc module does not export.
    private static let setPipeSize: Int32 = 1_031

    @Test("Lines written before the reader left count as reported (earshot ... | head -1)")
    func readerLeavesAfterALine() throws {
        signal(SIGPIPE, SIG_IGN)
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[1]) }
        let sink = try ReportSink(output: .fileDescriptor(ends[1], name: "pipe"), format: .json)
        let line = ExchangeRecord.line(for: Fixtures.fullExchange())

        sink.report(Fixtures.fullExchange())
        sink.flush()
        var buffer = [UInt8](repeating: 0, count: 4_096)
        let count = read(ends[0], &buffer, buffer.count)
        close(ends[0])
        #expect(!sink.isOutputClosed)
        sink.report(Fixtures.fullExchange())
        sink.report(Fixtures.fullExchange())
        sink.close()

        #expect(String(decoding: buffer.prefix(max(0, count)), as: UTF8.self) == line)
        #expect(sink.isOutputClosed)
        #expect(sink.failure == .outputClosed(name: "pipe"))
        #expect(sink.reported == 1)
        #expect(sink.unwritten == 2)
    }

    @Test("Lines that went out in the same write as the broken pipe count as reported")
    func readerLeavesMidWrite() throws {
        signal(SIGPIPE, SIG_IGN)
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[1]) }
        let capacity = Int(fcntl(ends[1], Self.setPipeSize, Int32(4_096)))
        try #require(capacity > 0 && capacity < ReportSink.flushThreshold / 2)
        let sink = try ReportSink(output: .fileDescriptor(ends[1], name: "pipe"), format: .json)
        let lineLength = ExchangeRecord.line(for: Fixtures.fullExchange()).utf8.count
        let total = capacity / lineLength + 3
        for _ in 0..<total { sink.report(Fixtures.fullExchange()) }

        // The reader reads nothing, waits until the pipe is full, then leaves: the write in
        // flush() has put `capacity` bytes out by then and learns of the close while blocked.
        let readEnd = ends[0]
        let reader = Thread {
            var waiting: Int32 = 0
            for _ in 0..<5_000 {
                guard ioctl(readEnd, UInt(FIONREAD), &waiting) == 0,
                    Int(waiting) < capacity
                else { break }
                usleep(1_000)
            }
            close(readEnd)
        }
        reader.start()
        sink.flush()

        #expect(sink.isOutputClosed)
        #expect(sink.reported == capacity / lineLength)
        #expect(sink.unwritten == total - capacity / lineLength)
        #expect(sink.reported > 0)
    }

    @Test("Another write failure is not a closed output")
    func otherFailure() throws {
        let sink = try ReportSink(output: .file(path: "/dev/full"), format: .json)
        sink.report(Fixtures.fullExchange())
        sink.flush()
        sink.report(Fixtures.fullExchange())
        sink.close()

        #expect(!sink.isOutputClosed)
        #expect(sink.failure
            == .writeFailed(name: "'/dev/full'", reason: "no space left on device"))
        #expect(sink.reported == 0)
        #expect(sink.unwritten == 2)
    }
}
