"""A OneRoster REST provider on localhost for the tests: an OAuth 2.0 client-credentials
token endpoint and `orgs` / `users` served page by page (`limit`/`offset`), answering
`X-Total-Count` for orgs and a `Link: <...>; rel="next"` header for users, as providers do.
`STATE` says what it serves and where it fails."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

CLIENT_ID, CLIENT_SECRET = "lodestar-client", "provider-secret"
TOKEN = "token-abc"
STATE: dict = {"orgs": [], "users": [], "fail": None, "requests": []}
PREFIXES = ("/ims/oneroster/v1p1/", "/ims/oneroster/rostering/v1p2/")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if self.path != "/oauth/token" or form.get("grant_type") != ["client_credentials"]:
            return self._send(400, {"error": "unsupported_grant_type"})
        if self.headers.get("Authorization") != expected:
            return self._send(401, {"error": "invalid_client"})
        return self._send(200, {"access_token": TOKEN, "token_type": "bearer", "expires_in": 3600})

    def do_GET(self):
        url = urlparse(self.path)
        STATE["requests"].append(self.path)
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._send(401, {"error": "invalid_token"})
        prefix = next((p for p in PREFIXES if url.path.startswith(p)), None)
        kind = url.path[len(prefix) :] if prefix else ""
        if kind not in ("orgs", "users"):
            return self._send(404, {"error": "not found"})
        query = parse_qs(url.query)
        limit, offset = int(query["limit"][0]), int(query["offset"][0])
        if STATE["fail"] == (kind, offset):
            return self._send(500, {"error": "database unavailable"})
        rows = STATE[kind][offset : offset + limit]
        headers = {}
        if kind == "orgs":
            headers["X-Total-Count"] = str(len(STATE[kind]))
        elif offset + limit < len(STATE[kind]):
            headers["Link"] = f'<{url.path}?limit={limit}&offset={offset + limit}>; rel="next"'
        return self._send(200, {kind: rows}, headers)


def start() -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
