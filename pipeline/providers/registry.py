"""Pick the backend for each stage from settings, so stages never name a concrete provider."""

from __future__ import annotations

from pipeline.errors import ProviderUnavailable
from pipeline.providers.images import SlideArtist
from pipeline.providers.images.pillow_slides import PillowSlides
from pipeline.providers.speech import Speaker
from pipeline.providers.speech.espeak import EspeakSpeaker
from pipeline.providers.speech.gtts_speaker import GttsSpeaker
from pipeline.providers.writer import Writer
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.settings import Settings


def writer_for(settings: Settings) -> Writer:
    """The scenes/script writer the settings choose."""
    if settings.writer == "offline":
        return OfflineWriter()
    raise ProviderUnavailable(
        "scenes",
        settings.writer,
        "this provider is not available yet",
        "set REELFLOW_WRITER=offline",
    )


def artist_for(settings: Settings) -> SlideArtist:
    """The slide artist the settings choose."""
    if settings.images == "pillow":
        return PillowSlides()
    raise ProviderUnavailable(
        "visuals",
        settings.images,
        "this provider is not available yet",
        "set REELFLOW_IMAGES=pillow",
    )


def speaker_for(settings: Settings) -> Speaker:
    """The speech backend the settings choose."""
    if settings.speech == "espeak":
        return EspeakSpeaker(voice=settings.voice, rate_wpm=settings.speech_rate_wpm)
    if settings.speech == "gtts":
        return GttsSpeaker(timeout_s=settings.gtts_timeout_s)
    raise ProviderUnavailable(
        "tts",
        settings.speech,
        "this provider is not available yet",
        "set REELFLOW_SPEECH=espeak or gtts",
    )
