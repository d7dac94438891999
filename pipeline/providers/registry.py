"""Pick the backend for each stage from settings, so stages never name a concrete provider.

With `fallback_to_offline` on, an OpenAI provider comes wrapped (`providers.fallback`) so that
the offline provider stands in when it fails, and `fallback_log` records each time it does.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ProviderUnavailable, StageError
from pipeline.providers.fallback import (
    FallbackArtist,
    FallbackSpeaker,
    FallbackWriter,
    with_fallback,
)
from pipeline.providers.images import SlideArtist
from pipeline.providers.images.openai_images import OpenAIImages
from pipeline.providers.images.pillow_slides import PillowSlides
from pipeline.providers.openai_client import OpenAIEndpoint
from pipeline.providers.speech import Speaker
from pipeline.providers.speech.espeak import EspeakSpeaker
from pipeline.providers.speech.gtts_speaker import GttsSpeaker
from pipeline.providers.speech.openai_speech import OpenAISpeaker
from pipeline.providers.writer import Writer
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.providers.writer.openai_writer import OpenAIWriter
from pipeline.settings import SecretLoader, Settings


def writer_for(
    settings: Settings,
    *,
    secret_loader: SecretLoader | None = None,
    fallback_log: Path | None = None,
) -> Writer:
    """The scenes/script writer the settings choose."""
    if settings.writer == "offline":
        return OfflineWriter()

    def openai_writer() -> Writer:
        endpoint = OpenAIEndpoint.from_settings(
            settings, stage="scenes", secret_loader=secret_loader
        )
        return OpenAIWriter(
            endpoint,
            settings.openai_text_model,
            api=settings.openai_text_api,
            repair_attempts=settings.openai_repair_attempts,
        )

    return with_fallback(
        openai_writer,
        lambda primary: FallbackWriter(primary, OfflineWriter(), log_path=fallback_log),
        enabled=settings.fallback_to_offline,
    )


def translator_for(
    settings: Settings, *, secret_loader: SecretLoader | None = None
) -> OpenAIWriter:
    """The model that translates a master for a localized version: the configured writer's.

    There is no offline translator (and so no fallback to one): without a model, a version
    needs translations supplied in the brief.
    """
    if settings.writer == "offline":
        raise ProviderUnavailable(
            "translation",
            "offline",
            "the offline writer cannot translate",
            TRANSLATION_NEEDS_A_MODEL,
        )
    endpoint = OpenAIEndpoint.from_settings(
        settings, stage="translation", secret_loader=secret_loader
    )
    return OpenAIWriter(
        endpoint,
        settings.openai_text_model,
        api=settings.openai_text_api,
        repair_attempts=settings.openai_repair_attempts,
    )


TRANSLATION_NEEDS_A_MODEL = (
    "configure an OpenAI-compatible model (OPENAI_API_KEY, or OPENAI_BASE_URL for a local "
    "server, with REELFLOW_WRITER=openai or auto), or supply the translation in the master "
    "brief's `translations` (or `reelflow localize --translations FILE`)"
)


def artist_for(
    settings: Settings,
    *,
    secret_loader: SecretLoader | None = None,
    fallback_log: Path | None = None,
) -> SlideArtist:
    """The slide artist the settings choose."""
    if settings.images == "pillow":
        return PillowSlides()

    def openai_artist() -> SlideArtist:
        endpoint = OpenAIEndpoint.from_settings(
            settings, stage="visuals", secret_loader=secret_loader
        )
        return OpenAIImages(endpoint, settings.openai_image_model)

    return with_fallback(
        openai_artist,
        lambda primary: FallbackArtist(primary, PillowSlides(), log_path=fallback_log),
        enabled=settings.fallback_to_offline,
    )


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

    def openai_speaker() -> Speaker:
        endpoint = OpenAIEndpoint.from_settings(settings, stage="tts", secret_loader=secret_loader)
        return OpenAISpeaker(endpoint, settings.openai_tts_model, voice)

    def offline_standing_by(primary: Speaker | StageError) -> Speaker:
        offline = EspeakSpeaker(rate_wpm=settings.speech_rate_wpm)
        return FallbackSpeaker(primary, offline, voice=voice, log_path=fallback_log)

    return with_fallback(openai_speaker, offline_standing_by, enabled=settings.fallback_to_offline)
