import TestSupport
import Capture
import Foundation
import Testing

@Suite struct PacketFileErrorTests {
    /// Bytes of one record in the files `writeCapture` makes: 16-byte header, 100-byte frame.
    static let recordSize = 116
    /// Bytes of the pcap file header.
    static let fileHeaderSize = 24

    /// Writes `count` 100-byte frames, one microsecond apart, and returns the path.
    static func writeCapture(count: Int, in directory: ScratchDirectory) throws -> String {
        let path = directory.file("five.pcap")
        let writer = try PcapWriter(path: path, linkType: .ethernet)
        for index in 0..<count {
            let frame = [UInt8](repeating: UInt8(index), count: 100)
            frame.withUnsafeBytes { bytes in
                let time = Timestamp(seconds: 1_700_000_000, nanoseconds: Int64(index) * 1_000)
                writer.write(timestamp: time, bytes: bytes, wireLength: 100)
            }
        }
        writer.close()
        return path
    }

    /// Opens `path` expecting failure and returns the error.
    static func openError(_ path: String) -> CaptureError? {
        do {
            _ = try PacketFile(path: path)
            return nil
        } catch {
            return error
        }
    }

    /// Checks the STYLE rules for an operator message, and that it names `path`.
    static func expectClearMessage(_ error: CaptureError?, naming path: String) {
        let message = error?.description ?? ""
        #expect(message.contains("'\(path)'"))
        #expect(message.first?.isLowercase == true)
        #expect(!message.contains("\n"))
        #expect(!message.hasSuffix("."))
        // What to do follows what went wrong.
        #expect(message.contains("; "))
    }

    @Test("A missing file is reported as not found")
    func missingFile() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("absent.pcap")

        let error = Self.openError(path)
        #expect(error == .fileNotFound(path: path))
        Self.expectClearMessage(error, naming: path)
    }

    @Test("A path through a regular file is reported as not found")
    func pathThroughFile() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let file = try Self.writeCapture(count: 1, in: directory)
        let path = file + "/inner.pcap"

        #expect(Self.openError(path) == .fileNotFound(path: path))
    }

    @Test("A directory is reported as a directory")
    func directory() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }

        let error = Self.openError(directory.path)
        #expect(error == .isDirectory(path: directory.path))
        Self.expectClearMessage(error, naming: directory.path)
    }

    @Test("An empty file is reported as empty")
    func emptyFile() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("empty.pcap")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))

        let error = Self.openError(path)
        #expect(error == .emptyFile(path: path))
        Self.expectClearMessage(error, naming: path)
    }

    @Test("A file that is not a capture is reported as such, with libpcap's reason")
    func garbage() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("notes.txt")
        let text = String(repeating: "GET / HTTP/1.1\r\nHost: example\r\n\r\n", count: 20)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))

        let error = Self.openError(path)
        guard case .notACapture(path, let reason) = error else {
            Issue.record("expected notACapture, got \(error.debugText)")
            return
        }
        #expect(reason.contains("unknown file format"))
        Self.expectClearMessage(error, naming: path)
    }

    @Test("An unreadable file is reported with the system's reason", .enabled(if: getuid() != 0))
    func unreadable() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = try Self.writeCapture(count: 1, in: directory)
        #expect(chmod(path, 0) == 0)

        let error = Self.openError(path)
        #expect(error == .unreadableFile(path: path, reason: "permission denied"))
        Self.expectClearMessage(error, naming: path)
    }

    @Test("A file cut inside a record delivers the packets before the cut, then fails")
    func truncatedMidRecord() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = try Self.writeCapture(count: 5, in: directory)
        let cut = Self.fileHeaderSize + 3 * Self.recordSize + 16 + 50
        #expect(truncate(path, off_t(cut)) == 0)

        let file = try PacketFile(path: path)
        let outcome = file.readAll()

        #expect(outcome.packets.map { $0.bytes.first } == [0, 1, 2])
        #expect(file.packetsRead == 3)
        guard case .corruptFile(path, let reason, packetsRead: 3) = outcome.error else {
            Issue.record("expected corruptFile after 3, got \(outcome.error.debugText)")
            return
        }
        #expect(reason.contains("truncated"))
        Self.expectClearMessage(outcome.error, naming: path)
        #expect(outcome.error?.description.contains("after 3 packets") == true)

        guard case .end = try file.readPacket({ _ in () }) else {
            Issue.record("a read after the error should return end")
            return
        }
    }

    @Test("A cut at any byte either opens and reads whole records, or fails cleanly")
    func truncatedAtEveryByte() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = try Self.writeCapture(count: 5, in: directory)
        let size = Self.fileHeaderSize + 5 * Self.recordSize

        // Cut the same file shorter and shorter, from one byte short down to nothing.
        for cut in stride(from: size - 1, through: 0, by: -1) {
            #expect(truncate(path, off_t(cut)) == 0)
            let error = Self.openError(path)

            if cut == 0 {
                #expect(error == .emptyFile(path: path))
            } else if cut < Self.fileHeaderSize {
                guard case .notACapture(path, _) = error else {
                    Issue.record("cut \(cut): expected notACapture, got \(error.debugText)")
                    continue
                }
            } else {
                try Self.expectWholeRecords(path: path, cut: cut)
            }
        }
    }

    /// Reads a capture cut at `cut` bytes and checks it gives exactly the complete records.
    static func expectWholeRecords(path: String, cut: Int) throws {
        let file = try PacketFile(path: path)
        let outcome = file.readAll()
        let (whole, partial) = (cut - Self.fileHeaderSize).quotientAndRemainder(
            dividingBy: Self.recordSize
        )

        #expect(outcome.packets.count == whole, "cut \(cut)")
        if partial == 0 {
            #expect(outcome.error == nil, "cut \(cut)")
        } else {
            guard case .corruptFile(path, _, packetsRead: whole) = outcome.error else {
                Issue.record("cut \(cut): expected corruptFile, got \(outcome.error.debugText)")
                return
            }
        }
    }

    @Test("The pcapng trace cut anywhere never delivers more than it holds or hangs")
    func pcapngTruncatedEverywhere() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("cut.pcapng")
        let trace = PacketFileTests.traces + "zeek_cooper-grill-dvwa.pcapng"
        let original = try #require(readFile(trace))
        #expect(FileManager.default.createFile(atPath: path, contents: Data(original)))

        var previousCount = 64
        for cut in stride(from: original.count - 1, through: 1, by: -1) {
            #expect(truncate(path, off_t(cut)) == 0)
            guard let file = try? PacketFile(path: path) else {
                continue
            }
            let count = file.readAll(limit: 100).packets.count
            #expect(count <= previousCount, "cut \(cut)")
            previousCount = min(previousCount, count)
        }
    }
}
