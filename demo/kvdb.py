#!/usr/bin/env python3
"""A small HTTP key-value "database" for the earshot demo (Python 3 standard library only).

It stands for the database service the demo's client calls; it is a demo app, not part of
earshot. Every connection is served on its own thread, HTTP/1.1 keep-alive.

    GET  /healthz              200 "ok" once the warm-up is over, 503 before (readiness)
    GET  /kv/KEY               200 with the stored value, or 404
    PUT  /kv/KEY               stores the body (Content-Length required): 201 new, 204 replaced
    GET  /query/NAME?PARAMS    a JSON result after the query's delay (see QUERIES); 404 else

Two queries are slow on purpose (report 800 ms, orders 600 ms) so that earshot has slow
exchanges to report. Values, keys and the number of keys are capped, so no client can make
it grow without bound.
"""

import argparse
import json
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The queries: name -> (delay in milliseconds, rows in the result).
QUERIES = {
    "report": (800, 40),
    "orders": (600, 12),
    "stock": (4, 1),
    "count": (1, 1),
    "sessions": (10, 3),
}

# What the store holds when it starts.
SEED = {
    "product:sku-1042": b'{"sku":"1042","name":"trail shoe","price":89.5,"stock":12}',
    "config:feature-flags": b'{"new-checkout":true,"dark-mode":false}',
}

MAX_KEY_BYTES = 256
MAX_VALUE_BYTES = 1 << 20
MAX_KEYS = 10_000
IDLE_TIMEOUT_SECONDS = 30


class Store:
    """The key-value data, shared by every connection's thread."""

    def __init__(self, seed, max_keys):
        self.data = dict(seed)
        self.max_keys = max_keys
        self.lock = threading.Lock()

    def get(self, key):
        """The value stored under `key`, or None."""
        with self.lock:
            return self.data.get(key)

    def put(self, key, value):
        """Stores `value`; returns "created", "replaced", or "full" when the key is new and
        the store already holds `max_keys` keys."""
        with self.lock:
            if key in self.data:
                self.data[key] = value
                return "replaced"
            if len(self.data) >= self.max_keys:
                return "full"
            self.data[key] = value
            return "created"


class Handler(BaseHTTPRequestHandler):
    """Answers one connection's requests, in order, on keep-alive."""

    protocol_version = "HTTP/1.1"
    # A buffered writer: the head and body leave in one send, at the flush that ends each
    # request, instead of a small head segment held back by Nagle's algorithm.
    wbufsize = -1
    disable_nagle_algorithm = True
    # Idle keep-alive connections are closed after this long, so threads do not pile up.
    timeout = IDLE_TIMEOUT_SECONDS

    def do_GET(self):
        path, _, query = self.path.partition("?")
        if path == "/healthz":
            if time.monotonic() < self.server.ready_at:
                self.reply(503, b"warming up\n", "text/plain")
            else:
                self.reply(200, b"ok\n", "text/plain")
        elif path.startswith("/kv/"):
            key = self.key(path)
            if key is None:
                return
            value = self.server.store.get(key)
            if value is None:
                self.reply_json(404, {"error": "no such key", "key": key})
            else:
                self.reply(200, value, "application/octet-stream")
        elif path.startswith("/query/") and path[len("/query/"):] in QUERIES:
            self.run_query(path[len("/query/"):], query)
        else:
            self.reply_json(404, {"error": "no such resource"})

    def do_PUT(self):
        path = self.path.partition("?")[0]
        if not path.startswith("/kv/"):
            self.reply_json(405, {"error": "method not allowed"}, [("Allow", "GET")])
            return
        key = self.key(path)
        if key is None:
            return
        body = self.body()
        if body is None:
            return
        outcome = self.server.store.put(key, body)
        if outcome == "created":
            self.reply_json(201, {"created": key}, [("Location", path)])
        elif outcome == "replaced":
            self.reply(204, b"", None)
        else:
            self.reply_json(507, {"error": "store full", "max_keys": self.server.store.max_keys})

    def do_POST(self):
        self.reply_json(405, {"error": "method not allowed"}, [("Allow", "GET, PUT")])

    do_DELETE = do_POST
    do_PATCH = do_POST

    # MARK: - Helpers

    def run_query(self, name, params):
        """Answers query `name` after its delay."""
        delay_ms, rows = QUERIES[name]
        time.sleep(delay_ms / 1000)
        result = {
            "query": name,
            "params": params,
            "rows": [{"id": i, "value": "%s-%04d" % (name, i * 37 % 1000)} for i in range(rows)],
        }
        self.reply_json(200, result)

    def key(self, path):
        """The key in /kv/KEY, or None after answering 400 when it is empty or too long."""
        key = path[len("/kv/"):]
        if not key or len(key.encode()) > MAX_KEY_BYTES:
            self.reply_json(400, {"error": "key must be 1 to %d bytes" % MAX_KEY_BYTES})
            return None
        return key

    def body(self):
        """The request body, or None after answering 411 or 413 (and closing)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            self.reply_json(411, {"error": "send Content-Length, not chunked"})
            return None
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self.close_connection = True
            self.reply_json(411, {"error": "Content-Length required"})
            return None
        if length < 0 or length > MAX_VALUE_BYTES:
            # The body is not read, so the connection cannot carry another request.
            self.close_connection = True
            self.reply_json(413, {"error": "value over %d bytes" % MAX_VALUE_BYTES})
            return None
        return self.rfile.read(length)

    def reply_json(self, status, value, headers=()):
        """Answers `status` with `value` as compact JSON."""
        body = json.dumps(value, separators=(",", ":")).encode()
        self.reply(status, body, "application/json", headers)

    def reply(self, status, body, content_type, headers=()):
        """Answers `status` with `body` in one write (no body and no length for 204)."""
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        if status != 204:
            self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if status != 204:
            self.wfile.write(body)

    def version_string(self):
        return "kvdb/1.0"

    def log_message(self, format, *args):
        if self.server.verbose:
            sys.stderr.write("kvdb: %s %s\n" % (self.address_string(), format % args))


class Server(ThreadingHTTPServer):
    """The listening socket; each connection gets a daemon thread."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, store, warmup_seconds, verbose):
        super().__init__(address, Handler)
        self.store = store
        self.ready_at = time.monotonic() + warmup_seconds
        self.verbose = verbose


def main():
    parser = argparse.ArgumentParser(description="A small HTTP key-value database (demo).")
    parser.add_argument("--address", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=6380, help="port to listen on")
    parser.add_argument("--warmup", type=float, default=0.0, metavar="SECONDS",
                        help="answer /healthz with 503 for this long after starting")
    parser.add_argument("--max-keys", type=int, default=MAX_KEYS, help="keys stored at most")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    arguments = parser.parse_args()

    # SIGTERM (docker stop, kubelet) ends the process as quietly as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))
    store = Store(SEED, arguments.max_keys)
    try:
        server = Server((arguments.address, arguments.port), store, arguments.warmup,
                        arguments.verbose)
    except OSError as error:
        sys.stderr.write("kvdb: cannot listen on %s:%d: %s\n"
                         % (arguments.address, arguments.port, error.strerror))
        return 1
    sys.stderr.write("kvdb: listening on %s:%d\n" % (arguments.address, arguments.port))
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
