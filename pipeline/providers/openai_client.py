"""One OpenAI (or OpenAI-compatible) client per provider, and the one retry layer its calls get.

The SDK's own `max_retries` is turned off: it does not retry a malformed or truncated body and
cannot keep a total time budget, so every call goes through `OpenAIEndpoint.call` instead. That
layer retries timeouts, 408/409/429 (honouring Retry-After), 5xx, refused or dropped
connections and bodies that do not decode, with exponential backoff, and gives every attempt a
timeout so nothing waits past the budget. What it raises is a `StageError` naming the stage, the
provider and the cause, with every secret scrubbed from the text.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import httpx2
import openai
from pydantic import ValidationError

from pipeline.errors import ProviderUnavailable, StageError
from pipeline.settings import SecretLoader, Settings, resolve_api_key
from pipeline.urls import endpoint_label

log = logging.getLogger("reelflow.openai")

T = TypeVar("T")
REDACTED = "[redacted]"
NO_KEY_PLACEHOLDER = "no-key"  # local servers (Ollama, vLLM) take any key; the SDK wants one
RETRY_STATUSES = frozenset({408, 409, 429})
INITIAL_DELAY_S = 0.5
MAX_DELAY_S = 8.0
MIN_SECRET_CHARS = 4  # shorter "secrets" would redact ordinary words
STATUS_HINTS = {
    401: "check the API key (REELFLOW_OPENAI_API_KEY / OPENAI_API_KEY)",
    403: "the key may not have access to this model",
    404: "check the model name and REELFLOW_OPENAI_BASE_URL",
}


class MalformedResponse(Exception):
    """The server answered, but with something that cannot be decoded; worth asking again."""


def redact(text: str, secrets: list[str] | tuple[str, ...]) -> str:
    """`text` with each secret (and its `Bearer` form) replaced by a marker."""
    for secret in secrets:
        if secret and len(secret) >= MIN_SECRET_CHARS:
            text = text.replace(secret, REDACTED)
    return text


@dataclass(frozen=True)
class RetryPolicy:
    """How long one attempt may take, how often to retry, and the total time for a call."""

    timeout_s: float = 60.0
    max_retries: int = 4
    budget_s: float = 180.0

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        """The policy the settings ask for."""
        return cls(settings.openai_timeout_s, settings.openai_max_retries, settings.openai_budget_s)


@dataclass
class OpenAIEndpoint:
    """A configured client plus the policy, secrets and labels every call of a provider shares."""

    client: openai.OpenAI
    policy: RetryPolicy
    label: str
    secrets: tuple[str, ...] = field(default=(), repr=False)

    @classmethod
    def from_settings(
        cls, settings: Settings, *, stage: str, secret_loader: SecretLoader | None = None
    ) -> OpenAIEndpoint:
        """Build the client the settings describe, or say what is missing."""
        key = resolve_api_key(settings, secret_loader).value
        if key is None and not settings.openai_base_url:
            raise ProviderUnavailable(
                stage,
                "openai",
                "no API key is configured",
                "set OPENAI_API_KEY (or REELFLOW_OPENAI_API_KEY, or a Prefect Secret block named "
                "by REELFLOW_OPENAI_KEY_SECRET_BLOCK), point OPENAI_BASE_URL at a local "
                "OpenAI-compatible server, or choose the offline provider",
            )
        secret = key.get_secret_value() if key is not None else NO_KEY_PLACEHOLDER
        policy = RetryPolicy.from_settings(settings)
        client = openai.OpenAI(
            api_key=secret,
            base_url=settings.openai_base_url,
            max_retries=0,  # this module is the one retry layer
            timeout=_timeout(policy.timeout_s),
        )
        return cls(client, policy, endpoint_label(settings.openai_base_url), (secret,))

    def call(self, stage: str, provider: str, what: str, request: Callable[[float], T]) -> T:
        """Run `request(timeout_s)` until it succeeds, retrying transient faults within budget.

        `what` names the request in messages ("scenes from gpt-4o-mini"). Errors that asking
        again cannot fix (401, 400, a model's invalid answer) are not retried here.
        """
        start = time.monotonic()
        deadline = start + self.policy.budget_s
        attempts = 0
        while True:
            attempts += 1
            remaining = deadline - time.monotonic()
            try:
                return request(max(0.1, min(self.policy.timeout_s, remaining)))
            except (ValidationError, openai.LengthFinishReasonError):
                raise  # the model's answer, not the transport: the caller repairs it
            except openai.ContentFilterFinishReasonError as exc:
                raise self.error(stage, provider, f"{what}: the content filter stopped it") from exc
            except Exception as exc:
                cause, retry, wait = self._classify(exc)
                if not retry:
                    raise self.error(stage, provider, f"{what}: {cause}", _hint(exc)) from None
            delay = wait if wait is not None else _backoff(attempts)
            elapsed = time.monotonic() - start
            if time.monotonic() + delay >= deadline and wait is not None:
                cause += f"; it asked to wait {wait:g}s, beyond the time budget"
            if attempts > self.policy.max_retries or time.monotonic() + delay >= deadline:
                raise self.error(
                    stage,
                    provider,
                    f"{what}: {cause} (gave up after {attempts} attempt(s) in {elapsed:.1f}s)",
                    f"the endpoint {self.label} is failing; try again later, raise "
                    "REELFLOW_OPENAI_BUDGET_S, or set REELFLOW_FALLBACK_TO_OFFLINE=true",
                ) from None
            log.warning(
                "%s stage: %s failed (%s); retry %d/%d in %.1fs",
                stage,
                what,
                self.scrub(cause),
                attempts,
                self.policy.max_retries,
                delay,
            )
            time.sleep(delay)

    def error(self, stage: str, provider: str, cause: str, hint: str = "") -> StageError:
        """A `StageError` whose text holds no secret."""
        return StageError(stage, provider, self.scrub(cause), self.scrub(hint))

    def scrub(self, text: str) -> str:
        """`text` without this endpoint's secrets."""
        return redact(text, self.secrets)

    def _classify(self, exc: Exception) -> tuple[str, bool, float | None]:
        """(cause, worth retrying, server-requested wait) for a failed attempt."""
        if isinstance(exc, openai.APITimeoutError):
            return f"no answer from {self.label} within the request timeout", True, None
        if isinstance(exc, openai.APIConnectionError):
            underneath = exc.__cause__ or exc.__context__
            name = type(underneath).__name__ if underneath is not None else "no detail"
            if isinstance(underneath, httpx2.ConnectError | httpx2.ConnectTimeout):
                return f"could not connect to {self.label} ({name})", True, None
            return f"the connection to {self.label} broke before a full answer ({name})", True, None
        if isinstance(exc, openai.APIStatusError):
            status = exc.status_code
            retry = status in RETRY_STATUSES or status >= 500
            text = f"HTTP {status} from {self.label}: {_short(exc.message)}"
            return text, retry, _retry_after(exc.response.headers) if retry else None
        if isinstance(exc, openai.APIResponseValidationError | json.JSONDecodeError):
            return f"a malformed response body from {self.label}", True, None
        if isinstance(exc, MalformedResponse):
            return f"an unusable response from {self.label}: {exc}", True, None
        if isinstance(exc, httpx2.HTTPError):
            return f"{type(exc).__name__} talking to {self.label}", True, None
        return f"{type(exc).__name__}: {_short(str(exc))}", False, None


def _timeout(seconds: float) -> httpx2.Timeout:
    """Every phase of a request bounded; connecting gets less, since a refusal is quick."""
    return httpx2.Timeout(seconds, connect=min(seconds, 10.0))


def _backoff(attempt: int) -> float:
    """Exponential backoff with jitter: 0.5 s, 1 s, 2 s … up to 8 s."""
    return min(INITIAL_DELAY_S * 2 ** (attempt - 1), MAX_DELAY_S) * (1 - 0.25 * random.random())


def _retry_after(headers: httpx2.Headers) -> float | None:
    """The wait a 429/503 asks for, in seconds (Retry-After-Ms or Retry-After)."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) / scale
        except ValueError:
            continue
        if seconds >= 0:
            return seconds
    return None


def _hint(exc: Exception) -> str:
    if isinstance(exc, openai.APIStatusError):
        return STATUS_HINTS.get(exc.status_code, "")
    return ""


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else f"{text[:limit]}…"
