"""Who may use the console: credentials, a session cookie, the Origin allowlist, a rate limit.

A browser cannot set headers on `new WebSocket()`, and a token in the query string lands in
uvicorn's access log, so the page logs in with a POST that sets an HttpOnly, SameSite=Strict
cookie, which the browser then sends with the WebSocket handshake. Scripts may instead send
HTTP basic auth on the handshake or an `auth` message first. Cookies make cross-site WebSocket
hijacking possible, and Starlette's CORS middleware does not cover WebSockets, so the handshake's
`Origin` is checked here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

COOKIE = "reelflow_console"
SESSION_S = 12 * 3600


@dataclass
class Access:
    """The console's access rules: `auth` is `user:password` (None = open, for loopback use)."""

    auth: str | None = None
    origins: tuple[str, ...] = ()
    messages_per_s: float = 20.0
    burst: int = 40
    key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    @property
    def required(self) -> bool:
        """Whether requests must carry credentials."""
        return bool(self.auth)

    def check_password(self, user: str, password: str) -> bool:
        """Constant-time comparison with the configured `user:password`."""
        if not self.auth:
            return True
        return hmac.compare_digest(f"{user}:{password}".encode(), self.auth.encode())

    def check_token(self, token: str) -> bool:
        """A `user:password` token (from an `auth` message)."""
        user, _, password = token.partition(":")
        return self.check_password(user, password)

    def session_cookie(self, user: str, now: float | None = None) -> str:
        """A signed `user.expiry.signature` value; holds no password."""
        expiry = int((now or time.time()) + SESSION_S)
        body = f"{base64.urlsafe_b64encode(user.encode()).decode()}.{expiry}"
        return f"{body}.{self._sign(body)}"

    def user_from_cookie(self, value: str | None, now: float | None = None) -> str | None:
        """The user a valid, unexpired session cookie names, else None."""
        if not value or value.count(".") != 2:
            return None
        body, _, signature = value.rpartition(".")
        if not hmac.compare_digest(signature, self._sign(body)):
            return None
        user, _, expiry = body.partition(".")
        if not expiry.isdigit() or int(expiry) < (now or time.time()):
            return None
        return base64.urlsafe_b64decode(user.encode()).decode(errors="replace")

    def user_from_headers(self, headers: Mapping[str, str], cookies: Mapping[str, str]) -> str:
        """The user a request authenticates as ('' when auth is off), or raises PermissionError."""
        if not self.required:
            return ""
        user = self.user_from_cookie(cookies.get(COOKIE))
        if user is not None:
            return user
        scheme, _, value = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "basic":
            try:
                token = base64.b64decode(value).decode()
            except (ValueError, UnicodeDecodeError):
                token = ""
            if token and self.check_token(token):
                return token.partition(":")[0]
        raise PermissionError("log in first")

    def origin_allowed(self, origin: str | None, host: str | None) -> bool:
        """Same-origin and allowlisted origins pass; so do non-browser clients (no Origin)."""
        if not origin:
            return True
        if origin in self.origins:
            return True
        return bool(host) and urlsplit(origin).netloc.lower() == host.lower()

    def limiter(self) -> RateLimit:
        """A fresh per-connection rate limit."""
        return RateLimit(self.messages_per_s, self.burst)

    def _sign(self, body: str) -> str:
        return hmac.new(self.key, body.encode(), hashlib.sha256).hexdigest()


@dataclass
class RateLimit:
    """A token bucket: `rate` messages a second on average, bursts up to `burst`."""

    rate: float
    burst: int
    tokens: float = -1
    at: float = 0.0

    def allow(self, now: float | None = None) -> bool:
        """Whether one more message may be handled now."""
        now = time.monotonic() if now is None else now
        if self.tokens < 0:
            self.tokens, self.at = float(self.burst), now
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def parse_origins(values: Iterable[str]) -> tuple[str, ...]:
    """Origins as `scheme://host[:port]`, without trailing slashes."""
    return tuple(v.strip().rstrip("/") for v in values if v.strip())
