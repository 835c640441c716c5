import TestSupport
import Foundation

/// A small HTTP/1.1 server (Python 3 standard library) on a loopback address (127.0.0.1 unless
/// told otherwise) and a free port, for live-capture tests: `GET /sleep/MS/...` answers after
/// MS milliseconds, any other path at once; every answer is 200 with a short body, and
/// connections are kept alive.
final class LoopbackHTTPServer {
    /// The address it listens on.
    let host: String
    /// The port it listens on.
    let port: Int
    private let process: ChildProcess

    /// Writes the server script into `directory`, starts it and waits until it listens.
    ///
    /// - Parameter host: The address to bind: 127.0.0.1, or another of 127.0.0.0/8, which
    ///   Linux answers on `lo` without configuration.
    /// - Throws: `ChildProcess.Failure` when python3 is missing or the server does not say its
    ///   port within ten seconds.
    init(in directory: ScratchDirectory, host: String = "127.0.0.1") throws {
        let script = directory.file("loopback_server.py")
        try Self.script.write(toFile: script, atomically: true, encoding: .utf8)
        let process = try ChildProcess(
            command: "python3",
            arguments: ["-u", script, host],
            directory: directory
        )
        try process.waitUntil("port number", timeoutSeconds: 10) {
            process.standardOutputLines.first.flatMap { Int($0) } != nil
        }
        // Safe: waitUntil returned only because the first line parsed as a port.
        self.port = Int(process.standardOutputLines[0])!
        self.host = host
        self.process = process
    }

    deinit {
        self.stop()
    }

    /// `http://HOST:PORT/path`.
    func url(_ path: String) -> String {
        "http://\(self.host):\(self.port)\(path)"
    }

    /// Kills the server. Safe to call more than once.
    func stop() {
        self.process.stop()
    }

    /// The server: binds port 0 on the address in its first argument only and prints the port
    /// it got.
    private static let script = """
        import http.server
        import socketserver
        import sys
        import time

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                parts = self.path.split("?")[0].split("/")
                if len(parts) > 2 and parts[1] == "sleep" and parts[2].isdigit():
                    time.sleep(min(int(parts[2]), 10000) / 1000)
                body = b"ok " + self.path.encode() + b"\\n"
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):
                pass

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True

        server = Server((sys.argv[1], 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """
}
