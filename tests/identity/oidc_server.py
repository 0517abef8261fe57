"""A real OpenID Connect provider for the tests, built on Authlib, on a free localhost port.

Discovery document, JWKS, an authorization endpoint that approves at once as the person the
test chose (`server.person`), a token endpoint that requires and verifies PKCE (S256) and
signs ID tokens with RS256 carrying the request's nonce, and userinfo. Knobs, reset before
each test (`reset()`): `issuer` / `audience` put into the ID token (wrong issuer or audience),
`expired` (an ID token that expired an hour ago), `nonce` (another sign-in's),
`sign_with_stranger_key`.
"""

import json
import os
import secrets
import threading
import time
from collections import defaultdict
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain HTTP on localhost only

from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import AuthorizationServer, ClientMixin, OAuth2Payload, OAuth2Request
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from joserfc.jwk import RSAKey

CLIENT_ID = "lodestar-test-client"
CLIENT_SECRET = "s3cret-never-shown-9f2c"


class Client(ClientMixin):
    def __init__(self, client_id, client_secret):
        self.client_id = client_id
        self.client_secret = client_secret

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return None

    def get_allowed_scope(self, scope):
        return " ".join(s for s in scope.split() if s in ("openid", "profile", "email"))

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri.startswith("http://") and "/accounts/oidc/" in redirect_uri

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


class Code:
    def __init__(self, **fields):
        self.__dict__.update(fields)

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return None

    def get_amr(self):
        return None


class Payload(OAuth2Payload):
    def __init__(self, values: dict):
        self._values = values

    @property
    def data(self):
        return {key: values[0] for key, values in self._values.items()}

    @property
    def datalist(self):
        return defaultdict(list, self._values)


class Request(OAuth2Request):
    def __init__(self, environ):
        query = parse_qs(environ.get("QUERY_STRING", ""))
        form = {}
        if environ["REQUEST_METHOD"] == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = parse_qs(environ["wsgi.input"].read(length).decode())
        headers = {
            key[5:].replace("_", "-").title(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        uri = f"http://{environ['HTTP_HOST']}{environ['PATH_INFO']}"
        if environ.get("QUERY_STRING"):
            uri += "?" + environ["QUERY_STRING"]
        super().__init__(environ["REQUEST_METHOD"], uri, headers=headers)
        self._args = {k: v[0] for k, v in query.items()}
        self._form = {k: v[0] for k, v in form.items()}
        self.payload = Payload({**query, **form})

    @property
    def args(self):
        return self._args

    @property
    def form(self):
        return self._form


class LocalProvider:
    """The provider and its knobs; `base_url` is its issuer."""

    def __init__(self):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "alg": "RS256", "use": "sig"})
        self.stranger_key = RSAKey.generate_key(
            2048, parameters={"kid": "test-key", "alg": "RS256", "use": "sig"}
        )
        self.codes: dict[str, Code] = {}
        self.tokens: dict[str, dict] = {}
        self.base_url = ""
        self.reset()
        self.server = self._authorization_server()

    def reset(self, **person):
        self.person = person or {
            "sub": "p-1",
            "email": "nobody@riverside.example.org",
            "email_verified": True,
        }
        self.issuer = None
        self.audience = None
        self.expired = False
        self.nonce = None
        self.sign_with_stranger_key = False
        self.client = Client(CLIENT_ID, CLIENT_SECRET)
        self.authorization_requests: list[dict] = []
        self.token_requests: list[dict] = []

    # Authlib's framework-agnostic server, adapted to WSGI below.
    def _authorization_server(self):
        provider = self

        class Server(AuthorizationServer):
            def query_client(self, client_id):
                return provider.client if client_id == provider.client.client_id else None

            def save_token(self, token, request):
                provider.tokens[token["access_token"]] = dict(request.user)

            def create_oauth2_request(self, request):
                return request

            def create_json_request(self, request):
                return request

            def handle_response(self, status, body, headers):
                return status, body, headers

            def send_signal(self, name, *args, **kwargs):
                pass

        class Grant(AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code, request):
                provider.codes[code] = Code(
                    code=code,
                    client_id=request.client.client_id,
                    redirect_uri=request.payload.redirect_uri,
                    scope=request.payload.scope,
                    user=dict(request.user),
                    nonce=request.payload.data.get("nonce"),
                    code_challenge=request.payload.data.get("code_challenge"),
                    code_challenge_method=request.payload.data.get("code_challenge_method"),
                    auth_time=int(time.time()),
                )

            def query_authorization_code(self, code, client):
                found = provider.codes.get(code)
                return found if found and found.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code):
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code):
                return authorization_code.user

        class IdToken(OpenIDCode):
            def resolve_client_private_key(self, client):
                return provider.stranger_key if provider.sign_with_stranger_key else provider.key

            def get_client_algorithm(self, client):
                return "RS256"

            def get_encode_header(self, client):
                return {"alg": "RS256", "kid": "test-key"}

            def get_client_claims(self, client):
                now = int(time.time())
                claims = {
                    "iss": provider.issuer or provider.base_url,
                    "aud": [provider.audience or client.client_id],
                }
                if provider.expired:
                    claims.update(iat=now - 7200, exp=now - 3600, auth_time=now - 7200)
                return claims

            def get_authorization_code_claims(self, authorization_code):
                claims = super().get_authorization_code_claims(authorization_code)
                if provider.nonce is not None:
                    claims["nonce"] = provider.nonce
                return claims

            def exists_nonce(self, nonce, request):
                return False

            def generate_user_info(self, user, scope):
                return UserInfo(user)

        server = Server(scopes_supported=["openid", "profile", "email"])
        server.register_grant(Grant, [CodeChallenge(required=True), IdToken(require_nonce=True)])
        server.register_token_generator(
            "default",
            BearerTokenGenerator(
                access_token_generator=lambda **kwargs: secrets.token_urlsafe(24),
                expires_generator=lambda client, grant_type: 300,
            ),
        )
        return server

    # The WSGI application.
    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        if path == "/.well-known/openid-configuration":
            return self._json(start_response, 200, self.discovery())
        if path == "/jwks":
            return self._json(start_response, 200, {"keys": [self.key.as_dict(private=False)]})
        request = Request(environ)
        if path == "/authorize":
            self.authorization_requests.append(dict(request.args))
            try:
                grant = self.server.get_consent_grant(request=request, end_user=self.person)
            except OAuth2Error as error:
                return self._json(start_response, 400, dict(error.get_body()))
            status, body, headers = self.server.create_authorization_response(
                request, grant_user=self.person, grant=grant
            )
            return self._respond(start_response, status, body, headers)
        if path == "/token":
            self.token_requests.append(dict(request.form))
            status, body, headers = self.server.create_token_response(request)
            return self._respond(start_response, status, body, headers)
        if path == "/userinfo":
            token = environ.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ")
            if token not in self.tokens:
                return self._json(start_response, 401, {"error": "invalid_token"})
            return self._json(start_response, 200, self.tokens[token])
        return self._json(start_response, 404, {"error": "not_found"})

    def discovery(self):
        return {
            "issuer": self.base_url,
            "authorization_endpoint": f"{self.base_url}/authorize",
            "token_endpoint": f"{self.base_url}/token",
            "userinfo_endpoint": f"{self.base_url}/userinfo",
            "jwks_uri": f"{self.base_url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "profile", "email"],
        }

    def _json(self, start_response, status, data):
        return self._respond(start_response, status, json.dumps(data), [("Content-Type", "application/json")])

    def _respond(self, start_response, status, body, headers):
        reasons = {200: "OK", 302: "Found", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found"}
        if isinstance(body, dict):
            body = json.dumps(body)
        payload = (body or "").encode()
        start_response(f"{status} {reasons.get(status, 'Error')}", [(str(k), str(v)) for k, v in headers])
        return [payload]

    def authorize_url_for(self, query: str) -> str:
        return f"{self.base_url}/authorize?{query}"


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def start() -> tuple[LocalProvider, WSGIServer]:
    provider = LocalProvider()
    httpd = make_server("127.0.0.1", 0, provider, server_class=_ThreadingServer, handler_class=_Quiet)
    provider.base_url = f"http://127.0.0.1:{httpd.server_port}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return provider, httpd


__all__ = ["CLIENT_ID", "CLIENT_SECRET", "LocalProvider", "start", "urlencode"]
