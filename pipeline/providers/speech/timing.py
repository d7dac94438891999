"""WAV and word-timing helpers every speaker shares.

Captions follow the voice, so every backend must hand back word timings that sit inside the real
audio. Engines that report timings (espeak) get them cleaned here; those that do not (gTTS) get
them estimated from the text across the speech actually found in the WAV.
"""

from __future__ import annotations

import re
import wave
from pathlib import Path

import numpy as np

from pipeline.errors import StageError
from pipeline.outputs import WordTiming

FRAME_S = 0.01  # energy is judged per 10 ms frame: short enough for word edges
SILENCE_RATIO = 0.02  # a frame quieter than 2% of the loudest frame counts as silence
_VOWEL_GROUPS = re.compile(r"[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœ]+", re.IGNORECASE)
_EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")
_SENTENCE_END = (".", "!", "?", "…")
_CLAUSE_END = (",", ";", ":", "—", "–", ")")
SENTENCE_PAUSE_UNITS = 2.5  # pause after a sentence, in syllable-lengths
CLAUSE_PAUSE_UNITS = 1.2  # pause after a comma-like mark


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Read the int16 mono samples and sample rate of a 16-bit PCM WAV."""
    with wave.open(str(path), "rb") as handle:
        if handle.getsampwidth() != 2 or handle.getnchannels() != 1:
            raise ValueError(f"{path} is not 16-bit mono PCM")
        frames = handle.readframes(handle.getnframes())
        return np.frombuffer(frames, dtype="<i2").copy(), handle.getframerate()


def write_wav(path: Path, samples: np.ndarray, sample_rate: int) -> None:
    """Write int16 mono `samples` as a PCM WAV (the format every later stage expects)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(sample_rate)
        handle.writeframes(np.asarray(samples, dtype="<i2").tobytes())


def wav_duration(path: Path) -> float:
    """Measure a WAV's real length in seconds from its header (never trusted from a plan)."""
    with wave.open(str(path), "rb") as handle:
        return handle.getnframes() / handle.getframerate()


def pad_wav(path: Path, silence_s: float) -> float:
    """Append `silence_s` of digital silence so a scene breathes; returns the new duration."""
    samples, rate = read_wav(path)
    silence = np.zeros(round(max(silence_s, 0.0) * rate), dtype="<i2")
    write_wav(path, np.concatenate([samples, silence]), rate)
    return wav_duration(path)


def voiced_frames(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """Mark each 10 ms frame that holds sound rather than silence."""
    size = max(1, round(FRAME_S * sample_rate))
    count = len(samples) // size
    if count == 0:
        return np.zeros(0, dtype=bool)
    frames = samples[: count * size].astype(np.float64).reshape(count, size)
    rms = np.sqrt((frames**2).mean(axis=1))
    peak = rms.max()
    return rms > peak * SILENCE_RATIO if peak > 0 else np.zeros(count, dtype=bool)


def speech_bounds(samples: np.ndarray, sample_rate: int) -> tuple[float, float]:
    """Where sound starts and stops in `samples`, in seconds (whole span if all silent)."""
    voiced = np.flatnonzero(voiced_frames(samples, sample_rate))
    if voiced.size == 0:
        return 0.0, len(samples) / sample_rate
    return float(voiced[0] * FRAME_S), float(
        min((voiced[-1] + 1) * FRAME_S, len(samples) / sample_rate)
    )


def clean_word(token: str) -> str:
    """Strip the punctuation around a token ('"Hello,"' -> 'Hello'); '' if nothing is said."""
    return _EDGE_PUNCTUATION.sub("", token)


def spoken_words(text: str) -> list[str]:
    """List the words a voice will say, in order: tokens that hold a letter or digit."""
    return [word for token in text.split() if (word := clean_word(token))]


def syllables(word: str) -> int:
    """Count syllables roughly (vowel groups; one per digit) to share time between words."""
    digits = sum(char.isdigit() for char in word)
    return max(1, len(_VOWEL_GROUPS.findall(word)) + digits)


def _pause_after(token: str) -> float:
    """How long a listener hears silence after `token`, in syllable-lengths."""
    stripped = token.rstrip("\"'”’»")
    if stripped.endswith(_SENTENCE_END):
        return SENTENCE_PAUSE_UNITS
    if stripped.endswith(_CLAUSE_END):
        return CLAUSE_PAUSE_UNITS
    return 0.0


def estimate_word_timings(
    text: str,
    duration_s: float,
    *,
    speech_start_s: float = 0.0,
    speech_end_s: float | None = None,
) -> list[WordTiming]:
    """Spread the spoken words of `text` over the speech span by syllables, pausing at punctuation.

    Used when a backend gives no timings: captions then follow the rhythm of the sentence rather
    than a flat words-per-second guess. The span defaults to the whole clip.
    """
    end_s = duration_s if speech_end_s is None else min(speech_end_s, duration_s)
    start_s = min(max(speech_start_s, 0.0), end_s)
    tokens = [(word, token) for token in text.split() if (word := clean_word(token))]
    if not tokens or end_s <= start_s:
        return []
    weights = [float(syllables(word)) for word, _ in tokens]
    pauses = [_pause_after(token) for _, token in tokens[:-1]] + [0.0]
    unit = (end_s - start_s) / (sum(weights) + sum(pauses))
    timings: list[WordTiming] = []
    cursor = start_s
    for (word, _), weight, pause in zip(tokens, weights, pauses, strict=True):
        word_end = min(cursor + weight * unit, end_s)
        timings.append(WordTiming(word=word, start=round(cursor, 3), end=round(word_end, 3)))
        cursor = word_end + pause * unit
    return timings


def validate_timings(words: list[WordTiming], duration_s: float, *, provider: str) -> None:
    """Refuse timings that would put captions out of step: unordered or outside the audio."""
    previous_start = 0.0
    for timing in words:
        if not (0.0 <= timing.start <= timing.end <= duration_s + 1e-6):
            raise StageError(
                "tts",
                provider,
                f"word {timing.word!r} timed {timing.start}-{timing.end}s "
                f"lies outside the {duration_s:.3f}s clip",
            )
        if timing.start < previous_start:
            raise StageError("tts", provider, f"word {timing.word!r} starts before the word ahead")
        previous_start = timing.start
