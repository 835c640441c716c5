#!/usr/bin/env python3
"""The earshot demo's client: a shop frontend calling the key-value database (demo/kvdb.py).

It stands for the client service; it is a demo app, not part of earshot. It waits until the
database answers GET /healthz with 200 (a bounded wait), then sends a fixed script of requests
on two keep-alive connections, fast key reads and writes mixed with slow queries, and prints
one line per request: method, path, status and the time it took as the client saw it.

    python3 demo/client.py --url http://10.244.2.7:6380 \\
        --host kv-db.data.svc.cluster.local:6380

With --wait-only it stops once the database is ready (the Kubernetes demo's init container);
with --rounds 0 it repeats the script every --pause seconds until stopped (its Deployment).

Exit status: 0 when every request was answered, 1 when one failed, 2 when the database never
became ready.
"""

import argparse
import http.client
import json
import signal
import sys
import time
import urllib.parse

USER_AGENT = "shop-frontend/2.4.1 kv-client"


def session_value(size, seed):
    """A JSON value of about `size` bytes, the same for the same seed."""
    filler = "".join(chr(ord("a") + (seed * 7 + i) % 26) for i in range(size))
    return json.dumps({"seed": seed, "data": filler}, separators=(",", ":")).encode()


# The requests, one list per keep-alive connection: (method, path, body or None).
SCRIPT = [
    [
        ("GET", "/kv/session:7f3c9a", None),
        ("PUT", "/kv/session:7f3c9a", session_value(96, 22)),
        ("GET", "/kv/session:7f3c9a", None),
        ("GET", "/kv/product:sku-1042", None),
        ("GET", "/query/orders?customer=1042&status=open", None),
        ("PUT", "/kv/cart:1042", session_value(140, 23)),
        ("GET", "/query/stock?sku=1042", None),
        ("PUT", "/kv/cart:1042", session_value(180, 24)),
        ("GET", "/query/report?period=2024-06&group=region", None),
        ("GET", "/kv/cart:1042", None),
        ("GET", "/query/count?table=orders", None),
        ("GET", "/kv/coupon:SUMMER", None),
    ],
    [
        ("GET", "/query/report?period=daily", None),
        ("PUT", "/kv/session:7f3c9a", session_value(100, 25)),
        ("GET", "/query/sessions?active=1", None),
    ],
]


def log(text):
    """Prints one line at once (the demo script interleaves it with earshot's output)."""
    print(text, flush=True)


def connect(target, timeout):
    """A new connection to the database (nothing is sent until the first request)."""
    return http.client.HTTPConnection(target.hostname, target.port or 80, timeout=timeout)


def wait_until_ready(target, host, wait_seconds):
    """Asks GET /healthz every 250 ms until it answers 200; returns whether it did in time."""
    started = time.monotonic()
    deadline = started + wait_seconds
    attempts = 0
    last = "no answer yet"
    while time.monotonic() < deadline:
        attempts += 1
        connection = connect(target, timeout=1.0)
        try:
            connection.request("GET", "/healthz", headers={"Host": host,
                                                           "User-Agent": USER_AGENT})
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                log("client: database ready after %.1f s (%d health checks)"
                    % (time.monotonic() - started, attempts))
                return True
            last = "status %d" % response.status
        except (OSError, http.client.HTTPException) as error:
            last = str(error) or type(error).__name__
        finally:
            connection.close()
        time.sleep(0.25)
    log("client: database not ready after %.1f s (%s)" % (wait_seconds, last))
    return False


def run_connection(target, host, requests, timeout):
    """Sends `requests` in order on one keep-alive connection; returns the failures."""
    failures = 0
    connection = connect(target, timeout)
    try:
        for method, path, body in requests:
            headers = {"Host": host, "User-Agent": USER_AGENT}
            if body is not None:
                headers["Content-Type"] = "application/octet-stream"
            started = time.monotonic()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                size = len(response.read())
            except (OSError, http.client.HTTPException) as error:
                failures += 1
                log("client: %-4s %-45s failed: %s" % (method, path, error))
                # A broken connection cannot carry the next request: start a new one.
                connection.close()
                connection = connect(target, timeout)
                continue
            elapsed_ms = (time.monotonic() - started) * 1000
            log("client: %-4s %-45s %d %6d bytes %8.1f ms"
                % (method, path, response.status, size, elapsed_ms))
    finally:
        connection.close()
    return failures


def main():
    parser = argparse.ArgumentParser(description="The demo's client of the key-value database.")
    parser.add_argument("--url", default="http://127.0.0.1:6380",
                        help="where the database listens (address and port to connect to)")
    parser.add_argument("--host", help="Host header to send (default: the URL's host:port)")
    parser.add_argument("--wait", type=float, default=20.0, metavar="SECONDS",
                        help="longest wait for the database to become ready")
    parser.add_argument("--wait-only", action="store_true",
                        help="only wait for the database to become ready (an init container)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="times to run the script of requests (0: until stopped)")
    parser.add_argument("--pause", type=float, default=5.0, metavar="SECONDS",
                        help="pause between rounds")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="longest wait for one answer")
    arguments = parser.parse_args()

    target = urllib.parse.urlsplit(arguments.url)
    if target.scheme != "http" or not target.hostname:
        sys.stderr.write("client: --url must look like http://ADDRESS:PORT, got %r\n"
                         % arguments.url)
        return 64
    host = arguments.host or target.netloc
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))

    try:
        if not wait_until_ready(target, host, arguments.wait):
            return 2
        if arguments.wait_only:
            return 0
        failures = 0
        round_number = 0
        while arguments.rounds == 0 or round_number < arguments.rounds:
            if round_number > 0:
                time.sleep(arguments.pause)
            round_number += 1
            for requests in SCRIPT:
                failures += run_connection(target, host, requests, arguments.timeout)
    except KeyboardInterrupt:
        return 130
    sent = round_number * sum(len(requests) for requests in SCRIPT)
    log("client: done, %d requests on %d connections, %d failed"
        % (sent, round_number * len(SCRIPT), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
