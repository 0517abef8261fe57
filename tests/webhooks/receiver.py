"""A real webhook receiver for the tests: an HTTP server on 127.0.0.1 in a thread.

The path says how it behaves: `/ok/<name>` verifies the signature with the standardwebhooks
library (the secret registered for that path) and answers 204, or 401 when it does not
verify; `/fail/<name>` answers 500 with a long body; `/hang/<name>` answers only after
`hang_seconds` (longer than the tests' read timeout), or at once, as `/ok/`
does, once its path is in `recovered`; `/redirect/<name>` answers 302 to
`/ok/<name>-target` on 127.0.0.1. Every request is recorded, verified or not.
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    payload: dict | None  # parsed when the signature verified


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    secrets: dict[str, str] = field(default_factory=dict)
    requests: list[Received] = field(default_factory=list)
    hang_seconds: float = 3.0
    # Paths of /hang/ receivers that have recovered: they now answer as /ok/ does.
    recovered: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, kind: str, name: str) -> str:
        return f"{self.base}/{kind}/{name}"

    def at(self, kind: str, name: str) -> list[Received]:
        path = f"/{kind}/{name}"
        with self.lock:
            return [r for r in self.requests if r.path == path]


def start_receiver() -> Receiver:
    receiver: Receiver

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            kind = self.path.split("/")[1]
            payload = None
            secret = receiver.secrets.get(self.path)
            if secret:
                try:
                    payload = Webhook(secret).verify(body, headers)
                except WebhookVerificationError:
                    payload = None
            with receiver.lock:
                receiver.requests.append(Received(self.path, headers, body, payload))
            if kind == "ok" or self.path in receiver.recovered:
                self.send_response(204 if payload is not None else 401)
                self.end_headers()
            elif kind == "fail":
                self._answer(500, b"receiver broke: " + b"x" * 20000)
            elif kind == "hang":
                time.sleep(receiver.hang_seconds)
                self._answer(200, b"too late")
            elif kind == "redirect":
                self.send_response(302)
                self.send_header(
                    "Location", f"{receiver.base}/ok{self.path.removeprefix('/redirect')}-target"
                )
                self.end_headers()
            else:
                self._answer(404, b"no such receiver")

        def _answer(self, status: int, body: bytes) -> None:
            try:
                self.send_response(status)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the sender gave up waiting (a timeout under test)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver = Receiver(server=server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver
