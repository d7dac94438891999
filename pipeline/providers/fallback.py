"""Hand a failing provider's work to an offline one, and record every time that happens.

With `fallback_to_offline` on, an OpenAI provider is wrapped so that a `StageError` (after its
own retries, or because it could not be built at all, e.g. no key) hands the work to the offline
provider instead. Every such use is logged as a warning, kept on the wrapper (`used_fallback`)
and, given a log path, appended to the run's fallback log that the manifest reads back.

The bookkeeping is written once (`Fallback.attempt`); each provider kind adds only the methods of
its protocol, each one line naming the stage and the item the fallback stood in for.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from pipeline.checks import no_check
from pipeline.errors import StageError
from pipeline.fallbacks import FallbackUse, record_fallback
from pipeline.outputs import Scenes, Script
from pipeline.providers.images import SlideArtist, SlideRequest
from pipeline.providers.speech import Speaker, Speech
from pipeline.providers.writer import Writer
from pipeline.revision import Revision
from pipeline.video_types import Brief

log = logging.getLogger("reelflow.providers")


class _Named(Protocol):
    name: str


P = TypeVar("P", bound=_Named)
R = TypeVar("R")


def with_fallback(
    make_primary: Callable[[], P], wrap: Callable[[P | StageError], P], *, enabled: bool
) -> P:
    """The provider `make_primary` builds; when `enabled`, wrapped by `wrap` to fall back.

    A primary that cannot even be built (no key, bad settings) is handed to `wrap` as its error,
    so each call falls back and records why, instead of the run failing before it starts.
    """
    if not enabled:
        return make_primary()
    try:
        primary: P | StageError = make_primary()
    except StageError as error:
        primary = error
    return wrap(primary)


class Fallback(Generic[P]):
    """A primary provider (or the error building it) and the offline provider standing by."""

    def __init__(self, primary: P | StageError, fallback: P, *, log_path: Path | None = None):
        self.primary, self.fallback = primary, fallback
        self.name = "openai" if isinstance(primary, StageError) else primary.name
        self.used_fallback: list[FallbackUse] = []
        self._log_path = log_path

    def attempt(self, stage: str, item: str, work: Callable[[P], R]) -> R:
        """`work` done by the primary, or by the fallback if the primary raises a `StageError`."""
        try:
            if isinstance(self.primary, StageError):
                raise self.primary
            return work(self.primary)
        except StageError as error:
            self._record(stage, item, error)
            return work(self.fallback)

    def _record(self, stage: str, item: str, error: StageError) -> None:
        use = FallbackUse(
            stage=stage,
            provider=self.name,
            fallback=self.fallback.name,
            item=item,
            cause=str(error),
        )
        self.used_fallback.append(use)
        log.warning(
            "%s: %s failed; the offline %s provider stands in for %s (%s)",
            use.stage,
            use.provider,
            use.fallback,
            item,
            error,
        )
        if self._log_path is not None:
            record_fallback(self._log_path, use)


class FallbackWriter(Fallback[Writer]):
    """A writer that hands a failed draft to the offline writer and records that it did."""

    def write_scenes(
        self,
        brief: Brief,
        revision: Revision,
        *,
        previous: Scenes | None = None,
        check: Callable[[Scenes], None] = no_check,
    ) -> Scenes:
        """The primary's storyboard, or the offline one if the primary fails."""
        return self.attempt(
            "scenes",
            f"scenes v{revision.version}",
            lambda writer: writer.write_scenes(brief, revision, previous=previous, check=check),
        )

    def write_script(
        self,
        brief: Brief,
        scenes: Scenes,
        revision: Revision,
        *,
        previous: Script | None = None,
        check: Callable[[Script], None] = no_check,
    ) -> Script:
        """The primary's narration, or the offline one if the primary fails."""
        return self.attempt(
            "script",
            f"script v{revision.version}",
            lambda writer: writer.write_script(
                brief, scenes, revision, previous=previous, check=check
            ),
        )


class FallbackArtist(Fallback[SlideArtist]):
    """A slide artist that draws with Pillow when the generative one fails, and records it."""

    def draw(self, request: SlideRequest, out: Path) -> None:
        """Draw with the primary artist, or with the fallback if it fails."""
        self.attempt("visuals", out.name, lambda artist: artist.draw(request, out))


class FallbackSpeaker(Fallback[Speaker]):
    """A speaker that uses offline speech when the online one fails, and records it.

    `voice` is the primary's voice: what the narration is meant to be spoken in.
    """

    def __init__(
        self,
        primary: Speaker | StageError,
        fallback: Speaker,
        *,
        voice: str,
        log_path: Path | None = None,
    ) -> None:
        super().__init__(primary, fallback, log_path=log_path)
        self.voice = voice

    def synthesize(self, text: str, language: str, out: Path) -> Speech:
        """Speak with the primary speaker, or with the fallback if it fails."""
        item = out.name.lstrip(".").replace(".partial", "")  # the clip's final name
        return self.attempt("tts", item, lambda speaker: speaker.synthesize(text, language, out))
