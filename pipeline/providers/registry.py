"""Pick the backend for each stage from settings, so stages never name a concrete provider.

With `fallback_to_offline` on, an OpenAI provider is wrapped so that a `StageError` (after its
retries) hands the work to the offline provider instead; every such use is logged as a warning,
kept on the wrapper (`used_fallback`) and, given `fallback_log`, appended to a JSON-lines file in
the run's folder that the manifest reads back with `read_fallbacks`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from pipeline.checks import no_check
from pipeline.errors import StageError
from pipeline.fallbacks import FALLBACK_LOG, FallbackUse, read_fallbacks  # noqa: F401
from pipeline.outputs import Scenes, Script
from pipeline.providers.images import SlideArtist, SlideRequest
from pipeline.providers.images.openai_images import OpenAIImages
from pipeline.providers.images.pillow_slides import PillowSlides
from pipeline.providers.openai_client import OpenAIEndpoint
from pipeline.providers.speech import Speaker, Speech
from pipeline.providers.speech.espeak import EspeakSpeaker
from pipeline.providers.speech.gtts_speaker import GttsSpeaker
from pipeline.providers.speech.openai_speech import OpenAISpeaker
from pipeline.providers.writer import Writer
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.providers.writer.openai_writer import OpenAIWriter
from pipeline.revision import Revision
from pipeline.settings import SecretLoader, Settings
from pipeline.video_types import Brief

log = logging.getLogger("reelflow.providers")


def writer_for(
    settings: Settings,
    *,
    secret_loader: SecretLoader | None = None,
    fallback_log: Path | None = None,
) -> Writer:
    """The scenes/script writer the settings choose."""
    if settings.writer == "offline":
        return OfflineWriter()
    try:
        endpoint = OpenAIEndpoint.from_settings(
            settings, stage="scenes", secret_loader=secret_loader
        )
        writer: Writer | StageError = OpenAIWriter(
            endpoint,
            settings.openai_text_model,
            api=settings.openai_text_api,
            repair_attempts=settings.openai_repair_attempts,
        )
    except StageError as error:
        if not settings.fallback_to_offline:
            raise
        writer = error
    if not settings.fallback_to_offline:
        return writer  # type: ignore[return-value]
    return FallbackWriter(writer, OfflineWriter(), log_path=fallback_log)


def artist_for(
    settings: Settings,
    *,
    secret_loader: SecretLoader | None = None,
    fallback_log: Path | None = None,
) -> SlideArtist:
    """The slide artist the settings choose."""
    if settings.images == "pillow":
        return PillowSlides()
    try:
        endpoint = OpenAIEndpoint.from_settings(
            settings, stage="visuals", secret_loader=secret_loader
        )
        artist: SlideArtist | StageError = OpenAIImages(endpoint, settings.openai_image_model)
    except StageError as error:
        if not settings.fallback_to_offline:
            raise
        artist = error
    if not settings.fallback_to_offline:
        return artist  # type: ignore[return-value]
    return FallbackArtist(artist, PillowSlides(), log_path=fallback_log)


def speaker_for(
    settings: Settings,
    *,
    secret_loader: SecretLoader | None = None,
    fallback_log: Path | None = None,
) -> Speaker:
    """The speech backend the settings choose."""
    if settings.speech == "espeak":
        return EspeakSpeaker(voice=settings.voice, rate_wpm=settings.speech_rate_wpm)
    if settings.speech == "gtts":
        # gTTS has no voice names; REELFLOW_VOICE picks its Google domain (accent), e.g. "co.uk"
        return GttsSpeaker(timeout_s=settings.gtts_timeout_s, tld=settings.voice or "com")
    voice = settings.voice or settings.openai_voice
    try:
        endpoint = OpenAIEndpoint.from_settings(settings, stage="tts", secret_loader=secret_loader)
        speaker: Speaker | StageError = OpenAISpeaker(endpoint, settings.openai_tts_model, voice)
    except StageError as error:
        if not settings.fallback_to_offline:
            raise
        speaker = error
    if not settings.fallback_to_offline:
        return speaker  # type: ignore[return-value]
    offline = EspeakSpeaker(rate_wpm=settings.speech_rate_wpm)
    return FallbackSpeaker(speaker, offline, voice=voice, log_path=fallback_log)


class _Fallback:
    """Shared bookkeeping: remember, log and (optionally) append each fallback to a file."""

    def __init__(self, stage: str, primary_name: str, log_path: Path | None) -> None:
        self.used_fallback: list[FallbackUse] = []
        self._stage, self._primary_name, self._log_path = stage, primary_name, log_path

    def _record(self, error: StageError, fallback: str, item: str, stage: str = "") -> None:
        use = FallbackUse(
            stage=stage or error.stage or self._stage,
            provider=self._primary_name,
            fallback=fallback,
            item=item,
            cause=str(error),
        )
        self.used_fallback.append(use)
        log.warning(
            "%s: %s failed; the offline %s provider stands in for %s (%s)",
            use.stage,
            use.provider,
            fallback,
            item,
            error,
        )
        if self._log_path is not None:
            self._log_path.parent.mkdir(parents=True, exist_ok=True)
            with self._log_path.open("a", encoding="utf-8") as handle:
                handle.write(use.model_dump_json() + "\n")


class FallbackWriter(_Fallback):
    """A writer that hands a failed draft to the offline writer and records that it did."""

    def __init__(
        self, primary: Writer | StageError, fallback: Writer, *, log_path: Path | None = None
    ) -> None:
        super().__init__("scenes", "openai", log_path)
        self.primary, self.fallback = primary, fallback
        self.name = "openai" if isinstance(primary, StageError) else primary.name

    def write_scenes(
        self,
        brief: Brief,
        revision: Revision,
        *,
        previous: Scenes | None = None,
        check: Callable[[Scenes], None] = no_check,
    ) -> Scenes:
        """The primary's storyboard, or the offline one if the primary fails."""
        try:
            if isinstance(self.primary, StageError):
                raise self.primary
            return self.primary.write_scenes(brief, revision, previous=previous, check=check)  # type: ignore[call-arg]
        except StageError as error:
            self._record(error, self.fallback.name, f"scenes v{revision.version}", "scenes")
            return self.fallback.write_scenes(brief, revision, check=check)

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
        try:
            if isinstance(self.primary, StageError):
                raise self.primary
            return self.primary.write_script(
                brief, scenes, revision, previous=previous, check=check
            )  # type: ignore[call-arg]
        except StageError as error:
            self._record(error, self.fallback.name, f"script v{revision.version}", "script")
            return self.fallback.write_script(brief, scenes, revision, check=check)


class FallbackArtist(_Fallback):
    """A slide artist that draws with Pillow when the generative one fails, and records it."""

    def __init__(
        self,
        primary: SlideArtist | StageError,
        fallback: SlideArtist,
        *,
        log_path: Path | None = None,
    ) -> None:
        super().__init__("visuals", "openai", log_path)
        self.primary, self.fallback = primary, fallback
        self.name = "openai" if isinstance(primary, StageError) else primary.name

    def draw(self, request: SlideRequest, out: Path) -> None:
        """Draw with the primary artist, or with the fallback if it fails."""
        try:
            if isinstance(self.primary, StageError):
                raise self.primary
            self.primary.draw(request, out)
        except StageError as error:
            self._record(error, self.fallback.name, out.name, "visuals")
            self.fallback.draw(request, out)


class FallbackSpeaker(_Fallback):
    """A speaker that uses offline speech when the online one fails, and records it."""

    def __init__(
        self,
        primary: Speaker | StageError,
        fallback: Speaker,
        *,
        voice: str,
        log_path: Path | None = None,
    ) -> None:
        super().__init__("tts", "openai", log_path)
        self.primary, self.fallback = primary, fallback
        self.name = "openai" if isinstance(primary, StageError) else primary.name
        self.voice = voice

    def synthesize(self, text: str, language: str, out: Path) -> Speech:
        """Speak with the primary speaker, or with the fallback if it fails."""
        try:
            if isinstance(self.primary, StageError):
                raise self.primary
            return self.primary.synthesize(text, language, out)
        except StageError as error:
            item = out.name.lstrip(".").replace(".partial", "")
            self._record(error, self.fallback.name, item, "tts")
            return self.fallback.synthesize(text, language, out)
