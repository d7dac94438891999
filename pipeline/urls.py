"""URLs as messages, logs and manifests may show them: never a password or a query string.

Endpoints and storage URLs can carry credentials (`https://user:key@host/v1`,
`s3://bucket?key=...`); everything that names one to a person goes through `safe_url`.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def safe_url(url: str, *, user: bool = True) -> str:
    """`url` with scheme, (user name,) host, port and path only."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    if parts.port:
        host = f"{host}:{parts.port}"
    if user and parts.username:
        host = f"{parts.username}@{host}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def endpoint_label(base_url: str | None) -> str:
    """Where model requests go, for messages ("api.openai.com" when no endpoint is set)."""
    return safe_url(base_url, user=False).rstrip("/") if base_url else "api.openai.com"
