# SPDX-License-Identifier: MIT
"""HTTP front of the service (standard library only): /health, /ready and
POST /quote. `python3 -m service --port 0` picks a free port and prints it."""

import argparse
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import __version__
from .pricing import QuoteError, parse_items, quote

MAX_BODY = 64 * 1024


class QuoteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address):
        super().__init__(address, Handler)
        # Ready once bound; cleared while shutting down so a load balancer
        # stops sending traffic before the socket closes.
        self.ready = threading.Event()


class Handler(BaseHTTPRequestHandler):
    server_version = f"python-service/{__version__}"

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    def _send(self, status, payload):
        body = json.dumps(payload, sort_keys=True).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/health":
            self._send(200, {"status": "ok", "version": __version__})
        elif self.path == "/ready":
            if self.server.ready.is_set():
                self._send(200, {"ready": True})
            else:
                self._send(503, {"ready": False})
        elif self.path == "/quote":
            self._send(405, {"error": "use POST"})
        else:
            self._send(404, {"error": f"no such path: {self.path}"})

    def do_POST(self):
        if self.path != "/quote":
            self._send(404, {"error": f"no such path: {self.path}"})
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._send(411, {"error": "Content-Length required"})
            return
        if length > MAX_BODY:
            self._send(413, {"error": f"body larger than {MAX_BODY} bytes"})
            return
        try:
            body = json.loads(self.rfile.read(length) or b"null")
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            self._send(400, {"error": f"invalid JSON: {e}"})
            return
        if not isinstance(body, dict):
            self._send(400, {"error": "expected a JSON object"})
            return
        try:
            vat = body.get("vat_percent", 20)
            if not isinstance(vat, int) or isinstance(vat, bool):
                raise QuoteError("vat_percent: expected an integer")
            result = quote(parse_items(body.get("items")), body.get("code"), vat)
        except QuoteError as e:
            self._send(400, {"error": str(e)})
            return
        self._send(200, result)


def make_server(host="127.0.0.1", port=0):
    server = QuoteServer((host, port))
    server.ready.set()
    return server


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python-service", description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    args = ap.parse_args(argv)
    server = make_server(args.host, args.port)

    def stop(signum, frame):
        server.ready.clear()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    host, port = server.server_address[:2]
    print(f"listening on http://{host}:{port}", flush=True)
    server.serve_forever()
    server.server_close()
    return 0
