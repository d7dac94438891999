"""Typed errors that say which stage and provider failed, and what the user can do."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path


class StageError(RuntimeError):
    """A stage could not produce its output; the message names stage, provider and cause."""

    def __init__(self, stage: str, provider: str, cause: str, hint: str = "") -> None:
        self.stage, self.provider, self.cause, self.hint = stage, provider, cause, hint
        text = f"{stage} stage failed in provider {provider!r}: {cause}"
        super().__init__(f"{text}. {hint}" if hint else text)


class ProviderUnavailable(StageError):
    """A provider that cannot work here (no network, missing library, no key)."""


class StageTimedOut(StageError):
    """A stage ran past its configured limit and was stopped."""

    def __init__(self, stage: str, limit_s: float) -> None:
        self.stage, self.provider, self.limit_s = stage, "time limit", limit_s
        self.cause = f"ran longer than its limit of {limit_s:g} s and was stopped"
        self.hint = (
            f"Regenerate to try again, or raise the limit with "
            f"REELFLOW_STAGE_TIMEOUT_S__{stage.upper()}=<seconds>."
        )
        RuntimeError.__init__(self, f"Stage {stage!r} {self.cause}. {self.hint}")


def explained(stage: str, folder: Path, error: BaseException) -> BaseException:
    """`error` as the user should read it: a full disk becomes a `StageError` saying so.

    The raw `OSError(28)` names neither the stage nor the folder nor what to do about it.
    """
    full = isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)
    # ffmpeg reports a full disk in its own words; its StageError carries them
    full = full or (isinstance(error, StageError) and "No space left on device" in str(error))
    if full:
        try:
            free = f"{shutil.disk_usage(folder).free / 1e6:.0f} MB free"
        except OSError:
            free = "free space unknown"
        return StageError(
            stage,
            "disk",
            f"No space left on device writing under {folder} ({free})",
            "Free space on that disk, or set REELFLOW_OUTPUT_DIR to a larger one, then run the "
            "same brief again: every accepted stage is reused from cache.",
        )
    return error
