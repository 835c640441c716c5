#!/usr/bin/env python3
"""A fake Kubernetes API server for earshot's tests: real TLS on loopback.

It answers list and watch requests for pods, services and nodes (core v1) as a scenario file
says, checks the bearer token, and appends every request to a log, one JSON object a line.

    fake-kube-api.py --cert server.crt --key server.key --scenario scenario.json \
        --requests requests.jsonl --port-file port [--port N] [--client-ca ca.crt]

The scenario is read again at every request, so a test may rewrite it while the server runs:

    {
      "token": "secret",              accepted bearer token (or "token_file": a path read at
                                      each request); no key: no token check
      "routes": {                     key: "list <resource>" or "watch <resource>"
        "list pods": [RESPONSE, ...], the n-th request of a route gets the n-th entry;
        "watch pods": [RESPONSE, ...] the last entry answers every later request
      }
    }

RESPONSE is one of:

    {"items": [OBJECT, ...], "resourceVersion": "10", "continue": ""}     a List (200)
    {"status": 410, "reason": "Expired", "message": "too old"}           an error Status
    {"events": [EVENT, ...], "end": "close" | "abort" | "hang"}          a watch stream

EVENT is {"type": "ADDED", "object": OBJECT, "delay": 0.1} (delay in seconds before it is
sent), {"raw": "text"} for a line sent as it is, or {"wait_for": "path", "timeout": 30}, which
sends nothing and holds the stream until the file at path exists (a test's cue to go on), at
most timeout seconds (default 60); a client that leaves meanwhile ends the stream. The stream
then ends with the last chunk ("close"), is cut without it ("abort"), or stays open until the
request's timeoutSeconds passes or the client leaves ("hang", the default). Unknown routes
answer 404.

Listens on 127.0.0.1 only. Writes the port to --port-file once it is listening.
"""

import argparse
import json
import os
import signal
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

RESOURCES = {"pods": "PodList", "services": "ServiceList", "nodes": "NodeList"}
MAX_HANG_SECONDS = 600
MAX_LIFETIME_SECONDS = 600


class State:
    """What the server shares between request threads."""

    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.counts = {}

    def scenario(self):
        with open(self.args.scenario, "r", encoding="utf-8") as handle:
            return json.load(handle)

    def next_response(self, scenario, route):
        responses = scenario.get("routes", {}).get(route)
        if not responses:
            return None
        with self.lock:
            index = self.counts.get(route, 0)
            self.counts[route] = index + 1
        return responses[min(index, len(responses) - 1)]

    def record(self, entry):
        line = json.dumps(entry, sort_keys=True) + "\n"
        with self.lock:
            with open(self.args.requests, "a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()


def expected_token(scenario):
    if "token_file" in scenario:
        try:
            with open(scenario["token_file"], "r", encoding="utf-8") as handle:
                return handle.read().strip()
        except OSError:
            return None
    return scenario.get("token")


def parse_route(path, query):
    """("list" or "watch", resource, namespace) for a core v1 collection path, else None."""
    parts = [part for part in path.split("/") if part]
    if parts[:2] != ["api", "v1"]:
        return None
    rest = parts[2:]
    namespace = None
    if len(rest) == 3 and rest[0] == "namespaces":
        namespace = rest[1]
        rest = rest[2:]
    if len(rest) != 1 or rest[0] not in RESOURCES:
        return None
    watch = query.get("watch", [""])[0] in ("1", "true")
    return ("watch" if watch else "list", rest[0], namespace)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-kube-api"

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server's naming
        state = self.server.state
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        authorization = self.headers.get("Authorization", "")
        token = authorization[7:] if authorization.startswith("Bearer ") else None
        route = parse_route(url.path, query)
        state.record({
            "method": self.command,
            "path": url.path,
            "query": {key: values[0] for key, values in query.items()},
            "verb": route[0] if route else None,
            "resource": route[1] if route else None,
            "namespace": route[2] if route else None,
            "token": token,
            "accept": self.headers.get("Accept"),
            "user_agent": self.headers.get("User-Agent"),
            "http_version": self.request_version,
            "time": time.time(),
        })
        scenario = state.scenario()
        wanted = expected_token(scenario)
        if ("token" in scenario or "token_file" in scenario) and token != wanted:
            self.send_status(401, "Unauthorized", "Unauthorized")
            return
        if route is None:
            self.send_status(404, "NotFound", "the server could not find the requested resource")
            return
        verb, resource, _ = route
        response = state.next_response(scenario, f"{verb} {resource}")
        if response is None:
            self.send_status(404, "NotFound", f"no scenario for {verb} {resource}")
            return
        status = response.get("status", 200)
        if status != 200:
            self.send_status(status, response.get("reason", ""), response.get("message", ""))
        elif "events" in response or verb == "watch":
            self.send_watch(response, query)
        else:
            self.send_list(resource, response)

    def send_json(self, status, body):
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_status(self, code, reason, message):
        self.send_json(code, {
            "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason, "code": code,
        })

    def send_list(self, resource, response):
        metadata = {"resourceVersion": str(response.get("resourceVersion", "1"))}
        if response.get("continue"):
            metadata["continue"] = response["continue"]
        self.send_json(200, {
            "kind": RESOURCES[resource], "apiVersion": "v1", "metadata": metadata,
            "items": response.get("items", []),
        })

    def send_chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def send_watch(self, response, query):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for event in response.get("events", []):
                time.sleep(float(event.get("delay", 0)))
                if "wait_for" in event:
                    if not self.wait_for(event["wait_for"], float(event.get("timeout", 60))):
                        self.close_connection = True
                        return
                    continue
                if "raw" in event:
                    line = event["raw"]
                else:
                    line = json.dumps({"type": event["type"], "object": event["object"]})
                self.send_chunk(line.encode("utf-8") + b"\n")
            end = response.get("end", "hang")
            if end == "hang":
                self.hang(float(query.get("timeoutSeconds", ["60"])[0]))
                end = "close"
            if end == "close":
                self.wfile.write(b"0\r\n\r\n")
        except (OSError, ssl.SSLError):
            pass
        self.close_connection = True

    def wait_for(self, path, seconds):
        """Waits until `path` exists, at most `seconds`; False when the client left first."""
        deadline = time.monotonic() + min(seconds, MAX_HANG_SECONDS)
        self.connection.settimeout(0.05)
        while not os.path.exists(path) and time.monotonic() < deadline:
            try:
                if not self.connection.recv(1):
                    return False
            except (socket.timeout, ssl.SSLWantReadError):
                continue
            except (OSError, ssl.SSLError):
                return False
        self.connection.settimeout(None)
        return True

    def hang(self, seconds):
        """Keeps the stream open for `seconds`, or until the client closes it."""
        deadline = time.monotonic() + min(seconds, MAX_HANG_SECONDS)
        self.connection.settimeout(0.05)
        while time.monotonic() < deadline:
            try:
                if not self.connection.recv(1):
                    return
            except (socket.timeout, ssl.SSLWantReadError):
                continue
            except (OSError, ssl.SSLError):
                return


class Server(ThreadingHTTPServer):
    allow_reuse_address = True
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that fails the TLS handshake (a test of a wrong CA) is expected here.
        pass


def guard_lifetime():
    """Exits when the test that started the server is gone, or after MAX_LIFETIME_SECONDS.

    Test runners start processes from threads that block signals, and the child inherits the
    mask: SIGTERM is unblocked here, and a dead parent ends the server even without a signal.
    """
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    parent = os.getppid()
    deadline = time.monotonic() + MAX_LIFETIME_SECONDS

    def watch():
        while os.getppid() == parent and time.monotonic() < deadline:
            time.sleep(0.2)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def main():
    guard_lifetime()
    parser = argparse.ArgumentParser(description="fake Kubernetes API server for tests")
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--client-ca")
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--requests", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    if args.client_ca:
        context.load_verify_locations(args.client_ca)
        context.verify_mode = ssl.CERT_REQUIRED

    server = Server(("127.0.0.1", args.port), Handler)
    server.socket = context.wrap_socket(
        server.socket, server_side=True, do_handshake_on_connect=False
    )
    server.state = State(args)

    temporary = args.port_file + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(str(server.server_address[1]))
    os.replace(temporary, args.port_file)
    try:
        server.serve_forever(poll_interval=0.05)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
