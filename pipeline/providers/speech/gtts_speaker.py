"""Google Translate's voice through gTTS: natural-sounding, but online and without word timings.

gTTS posts the text to translate.google.<tld> and returns MP3. Without a network it must fail
fast and say what to do, never hang a flow: requests gets a connect/read timeout, and a deadline
thread covers what that timeout does not (DNS lookups, slow proxies). The MP3 is decoded to WAV
with imageio-ffmpeg's ffmpeg, its real length measured, and word timings estimated from the text.
"""

from __future__ import annotations

import subprocess
import tempfile
import threading
from pathlib import Path

import imageio_ffmpeg
from gtts import gTTS, gTTSError
from gtts.lang import tts_langs

from pipeline.errors import ProviderUnavailable, StageError
from pipeline.providers.speech import Speech
from pipeline.providers.speech.timing import (
    estimate_word_timings,
    read_wav,
    speech_bounds,
    validate_timings,
    wav_duration,
)

HINT = "Set REELFLOW_SPEECH=espeak for offline speech, or check the network / proxy settings"
DEADLINE_MARGIN_S = 1.0  # extra time the deadline thread allows beyond the requests timeout
DECODE_TIMEOUT_S = 60.0
# Regional accents gTTS serves from a local Google domain rather than a language code.
ACCENT_TLD = {
    "en-gb": "co.uk",
    "en-au": "com.au",
    "en-in": "co.in",
    "en-ca": "ca",
    "fr-ca": "ca",
    "pt-br": "com.br",
    "es-mx": "com.mx",
    "es-es": "es",
    "fr-fr": "fr",
    "pt-pt": "pt",
}


class GttsSpeaker:
    """Online speech from gTTS; `tld` picks the Google domain (and so the accent)."""

    name = "gtts"

    def __init__(self, timeout_s: float = 5.0, tld: str = "com") -> None:
        self.timeout_s = timeout_s
        self.tld = tld
        self.voice = tld

    def synthesize(self, text: str, language: str, out: Path) -> Speech:
        """Speak `text` into a 16-bit mono WAV at `out`, within about `timeout_s` or not at all."""
        if not text.strip():
            raise StageError("tts", self.name, "there is no text to speak")
        lang, tld = self._language(language)
        mp3 = self._fetch_mp3(
            gTTS(text, tld=tld, lang=lang, lang_check=False, timeout=self.timeout_s)
        )
        _decode_mp3(mp3, out)
        duration = wav_duration(out)
        samples, rate = read_wav(out)
        start_s, end_s = speech_bounds(samples, rate)
        words = estimate_word_timings(text, duration, speech_start_s=start_s, speech_end_s=end_s)
        validate_timings(words, duration, provider=self.name)
        return Speech(duration_s=duration, words=words, timing_source="estimated")

    def _language(self, language: str) -> tuple[str, str]:
        """Map a BCP-47 tag to gTTS's language code and domain ("en-GB" -> "en" at co.uk)."""
        known = {code.lower(): code for code in tts_langs()}
        tag = language.strip().replace("_", "-").lower()
        tld = ACCENT_TLD.get(tag, self.tld) if self.tld == "com" else self.tld
        for key in (tag, tag.split("-")[0]):
            if key in known:
                return known[key], tld
        raise StageError(
            "tts",
            self.name,
            f"gTTS has no voice for language {language!r}",
            f"Use one of {', '.join(sorted(known)[:12])}, … or REELFLOW_SPEECH=espeak",
        )

    def _fetch_mp3(self, tts: gTTS) -> bytes:
        """Run the HTTP call in a daemon thread and give up at the deadline, whatever blocks."""
        result: dict[str, bytes | Exception] = {}

        def fetch() -> None:
            try:
                result["mp3"] = b"".join(tts.stream())
            except Exception as error:  # handed to the caller's thread, re-raised there
                result["error"] = error

        worker = threading.Thread(target=fetch, name="gtts-fetch", daemon=True)
        worker.start()
        worker.join(self.timeout_s + DEADLINE_MARGIN_S)
        if worker.is_alive():
            raise ProviderUnavailable(
                "tts",
                self.name,
                f"no answer from translate.google.{tts.tld} "
                f"within {self.timeout_s + DEADLINE_MARGIN_S:.1f}s",
                HINT,
            )
        error = result.get("error")
        if isinstance(error, gTTSError):
            raise ProviderUnavailable("tts", self.name, _describe(error), HINT) from error
        if isinstance(error, Exception):
            cause = f"{type(error).__name__}: {error}"
            raise ProviderUnavailable("tts", self.name, cause, HINT) from error
        mp3 = result.get("mp3", b"")
        if not isinstance(mp3, bytes) or not mp3:
            raise ProviderUnavailable("tts", self.name, "the service returned no audio", HINT)
        return mp3


def _describe(error: gTTSError) -> str:
    """Add the network error underneath a gTTSError to its message (gTTS says 'Unknown')."""
    underlying = error.__context__
    if underlying is None:
        return str(error)
    detail = str(underlying)
    detail = detail if len(detail) <= 240 else f"{detail[:240]}…"
    return f"{error} ({type(underlying).__name__}: {detail})"


def _decode_mp3(mp3: bytes, out: Path) -> None:
    """Decode MP3 bytes to a 16-bit mono PCM WAV at `out` with the bundled ffmpeg."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".mp3", dir=out.parent) as source:
        source.write(mp3)
        source.flush()
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-y",
            "-loglevel",
            "error",
            "-i",
            source.name,
            "-ac",
            "1",
            "-c:a",
            "pcm_s16le",
            "-f",
            "wav",
            str(out),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=DECODE_TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise StageError("tts", "gtts", "decoding the MP3 took too long") from error
    if done.returncode != 0 or not out.exists():
        detail = done.stderr.decode(errors="replace").strip()[-300:]
        raise StageError("tts", "gtts", f"ffmpeg could not decode gTTS's MP3: {detail}")
