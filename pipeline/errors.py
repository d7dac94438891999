"""Typed errors that say which stage and provider failed, and what the user can do."""

from __future__ import annotations


class StageError(RuntimeError):
    """A stage could not produce its output; the message names stage, provider and cause."""

    def __init__(self, stage: str, provider: str, cause: str, hint: str = "") -> None:
        self.stage, self.provider, self.cause, self.hint = stage, provider, cause, hint
        text = f"{stage} stage failed in provider {provider!r}: {cause}"
        super().__init__(f"{text}. {hint}" if hint else text)


class ProviderUnavailable(StageError):
    """A provider that cannot work here (no network, missing library, no key)."""
