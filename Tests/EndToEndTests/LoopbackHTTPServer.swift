import Foundation

/// A small HTTP/1.1 server (Python 3 standard library) on 127.0.0.1 and a free port, for
/// live-capture tests: `GET /sleep/MS/...` answers after MS milliseconds, any other path at
/// once; every answer is 200 with a short body, and connections are kept alive.
final class LoopbackHTTPServer {
    /// The port it listens on.
    let port: Int
    private let process: ChildProcess

    /// Writes the server script into `directory`, starts it and waits until it listens.
    ///
    /// - Throws: `ChildProcess.Failure` when python3 is missing or the server does not say its
    ///   port within ten seconds.
    init(in directory: ScratchDirectory) throws {
        let script = directory.file("loopback_server.py")
        try Self.script.write(toFile: script, atomically: true, encoding: .utf8)
        let process = try ChildProcess(
            command: "python3",
            arguments: ["-u", script],
            directory: directory
        )
        try process.waitUntil("port number", timeoutSeconds: 10) {
            process.standardOutputLines.first.flatMap { Int($0) } != nil
        }
        // Safe: waitUntil returned only because the first line parsed as a port.
        self.port = Int(process.standardOutputLines[0])!
        self.process = process
    }

    deinit {
        self.stop()
    }

    /// `http://127.0.0.1:PORT/path`.
    func url(_ path: String) -> String {
        "http://127.0.0.1:\(self.port)\(path)"
    }

    /// Kills the server. Safe to call more than once.
    func stop() {
        self.process.stop()
    }

    /// The server: binds port 0 on 127.0.0.1 only and prints the port it got.
    private static let script = """
        import http.server
        import socketserver
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

        server = Server(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """
}
