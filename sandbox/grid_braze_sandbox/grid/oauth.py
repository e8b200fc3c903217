"""OAuth2 tokens for the emulated API, modelled on OpenText Developer Cloud (reference §2.5):
client credentials (or a tenant service account's password grant) at `{api_url}/oauth2/token`.

Tokens live on the wall clock, because clients measure `expires_in` in real time.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import threading
import time
from dataclasses import dataclass

from werkzeug.wrappers import Request

from grid_braze_sandbox.grid.config import GridConfig
from grid_braze_sandbox.grid.problems import GatewayFaultError, GridError

INVALID_TOKEN = GatewayFaultError(
    "Invalid Access Token", "keymanagement.service.invalid_access_token"
)
EXPIRED_TOKEN = GatewayFaultError(
    "Access Token expired", "keymanagement.service.access_token_expired"
)
# The real string seen on OpenText's forums for an unknown client.
INVALID_CLIENT = GatewayFaultError("Invalid ApiKey", "oauth.v2.InvalidApiKey")


@dataclass
class Token:
    client_id: str
    expires_at: float


class TokenIssuer:
    def __init__(self, config: GridConfig) -> None:
        self.config = config
        self._tokens: dict[str, Token] = {}
        self._lock = threading.Lock()

    def issue(self, request: Request) -> dict[str, object]:
        form = request.form
        grant = form.get("grant_type")
        client_id, client_secret = self._client(request)
        if grant not in ("client_credentials", "password"):
            raise GridError(
                400, "unsupported_grant_type", "grant_type must be client_credentials or password"
            )
        if client_id != self.config.client_id or client_secret != self.config.client_secret:
            raise INVALID_CLIENT
        if grant == "password" and (
            form.get("username") != self.config.service_user
            or form.get("password") != self.config.service_password
        ):
            raise GridError(400, "invalid_grant", "unknown user or wrong password")
        token = secrets.token_urlsafe(32)
        lifetime = self.config.token_lifetime_seconds
        with self._lock:
            self._tokens[token] = Token(client_id, time.time() + lifetime)
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": lifetime,
            "scope": "tg.read tg.write ac.read ac.write",
        }

    @staticmethod
    def _client(request: Request) -> tuple[str | None, str | None]:
        header = request.headers.get("Authorization", "")
        if header.startswith("Basic "):
            try:
                decoded = base64.b64decode(header[6:].strip()).decode()
            except (binascii.Error, UnicodeDecodeError):
                return None, None
            client_id, _, secret = decoded.partition(":")
            return client_id, secret
        return request.form.get("client_id"), request.form.get("client_secret")

    def check(self, request: Request) -> str:
        """The client id behind the request's Bearer token."""
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            raise INVALID_TOKEN
        with self._lock:
            token = self._tokens.get(header[7:].strip())
        if token is None:
            raise INVALID_TOKEN
        if token.expires_at <= time.time():
            raise EXPIRED_TOKEN
        return token.client_id

    def expire_all(self) -> None:
        with self._lock:
            for token in self._tokens.values():
                token.expires_at = 0.0
