"""Offline speech through libespeak-ng (shipped by the `espeakng-loader` wheel), called via ctypes.

espeak-ng needs no network and no key, and it reports when each word starts, so captions line up
with the voice exactly. The C library is one process-wide engine that is not thread-safe: a
module-level lock guards every call and the engine is initialised once.
"""

from __future__ import annotations

import bisect
import ctypes
import re
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import espeakng_loader
import numpy as np

from pipeline.errors import ProviderUnavailable, StageError
from pipeline.outputs import WordTiming
from pipeline.providers.speech import Speech
from pipeline.providers.speech.timing import (
    FRAME_S,
    clean_word,
    estimate_word_timings,
    speech_bounds,
    syllables,
    validate_timings,
    voiced_frames,
    wav_duration,
    write_wav,
)

# Constants from espeak-ng's speak_lib.h.
AUDIO_OUTPUT_SYNCHRONOUS = 2
POS_CHARACTER = 1
ESPEAK_CHARS_UTF8 = 1
ESPEAK_RATE = 1
EVENT_LIST_TERMINATED, EVENT_WORD, EVENT_END, EVENT_MSG_TERMINATED = 0, 1, 5, 6
EE_OK = 0
PREFERRED_VOICE = {"en": "en-us"}  # a bare "en" means American English unless a region is named


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    """espeak_EVENT: positions are 1-based characters of the input; audio_position is in ms."""

    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", _EventId),
    ]


class _Voice(ctypes.Structure):
    """espeak_VOICE: `languages` is a list of (priority byte, zero-terminated tag), ended by 0."""

    _fields_ = [
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_void_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    ]


_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


@dataclass
class _Capture:
    """What one synthesis call produced: sample blocks and (char position, length, ms) words."""

    blocks: list[np.ndarray] = field(default_factory=list)
    words: list[tuple[int, int, int]] = field(default_factory=list)
    clause_ends: list[int] = field(default_factory=list)  # ms where a clause or the text ends


class _Engine:
    """The loaded library, its sample rate and voice table; use only while holding `_LOCK`."""

    def __init__(self) -> None:
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        lib.espeak_ListVoices.argtypes = [ctypes.c_void_p]
        lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))
        data = espeakng_loader.get_data_path().encode()
        self.sample_rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, data, 0)
        if self.sample_rate <= 0:
            raise ProviderUnavailable("tts", "espeak", f"espeak_Initialize failed for {data!r}")
        self.lib = lib
        self.capture = _Capture()
        self._callback = _SynthCallback(self._on_audio)  # kept alive as long as the engine
        lib.espeak_SetSynthCallback(self._callback)
        self.voices = self._voice_table()
        self.voice_names = {name for _, name in self.voices.values()}

    def _on_audio(self, wav: ctypes.Array, count: int, events: ctypes.Array) -> int:
        if wav and count > 0:
            self.capture.blocks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        index = 0
        while (event := events[index]).type != EVENT_LIST_TERMINATED:
            if event.type == EVENT_WORD:
                self.capture.words.append((event.text_position, event.length, event.audio_position))
            if event.type in (EVENT_END, EVENT_MSG_TERMINATED):
                self.capture.clause_ends.append(event.audio_position)
            index += 1
        return 0

    def _voice_table(self) -> dict[str, tuple[int, str]]:
        """Language tag (lower case) -> (priority, voice name) of the best voice for it."""
        table: dict[str, tuple[int, str]] = {}
        voices = self.lib.espeak_ListVoices(None)
        index = 0
        while voices[index]:
            voice = voices[index].contents
            address = voice.languages
            while (priority := ctypes.string_at(address, 1)[0]) != 0:
                tag = ctypes.string_at(address + 1)
                address += len(tag) + 2
                name = voice.name.decode()
                key = tag.decode().lower()
                if key not in table or priority < table[key][0]:
                    table[key] = (priority, name)
            index += 1
        return table

    def select(self, voice: str, language: str) -> str:
        """Make `voice` (or the best voice for `language`) current; returns its name."""
        if voice.lower() in self.voices:  # a language tag given as the voice ("en-gb")
            voice = self.voices[voice.lower()][1]
        name = voice or self.voice_for(language)
        # espeak quietly falls back to some voice for names it lacks, so check them ourselves
        known = name in self.voice_names
        if not known or self.lib.espeak_SetVoiceByName(name.encode()) != EE_OK:
            raise StageError(
                "tts",
                "espeak",
                f"espeak-ng has no voice named {name!r}",
                "Set REELFLOW_VOICE to a voice name (e.g. 'English (America)') or leave it empty",
            )
        return name

    def voice_for(self, language: str) -> str:
        """Pick the voice for a BCP-47 tag: its region first ("en-GB"), then its language."""
        tag = language.strip().replace("_", "-").lower()
        for key in (PREFERRED_VOICE.get(tag, tag), tag, tag.split("-")[0]):
            if key in self.voices:
                return self.voices[key][1]
        sample = ", ".join(k for k in ("en", "en-gb", "de", "fr", "es", "it") if k in self.voices)
        raise StageError(
            "tts",
            "espeak",
            f"espeak-ng has no voice for language {language!r}",
            f"Use a language it knows, e.g. {sample} ({len(self.voices)} tags available)",
        )


_LOCK = threading.Lock()


@cache
def _engine() -> _Engine:
    """Return the shared engine, initialised on first use; call only while holding `_LOCK`."""
    return _Engine()


class EspeakSpeaker:
    """Offline speech with engine word timings; `voice` empty picks one for each language."""

    name = "espeak"

    def __init__(self, voice: str = "", rate_wpm: int = 160) -> None:
        self.voice = voice
        self.rate_wpm = rate_wpm

    def available_languages(self) -> list[str]:
        """Language tags espeak-ng can speak here (for error messages and the CLI)."""
        with _LOCK:
            return sorted(_engine().voices)

    def synthesize(self, text: str, language: str, out: Path) -> Speech:
        """Speak `text` into a 16-bit mono WAV at `out`, with one timing per word espeak says."""
        if not text.strip():
            raise StageError("tts", self.name, "there is no text to speak")
        with _LOCK:
            engine = _engine()
            engine.select(self.voice, language)
            engine.lib.espeak_SetParameter(ESPEAK_RATE, self.rate_wpm, 0)
            engine.capture = capture = _Capture()
            encoded = text.encode("utf-8")
            status = engine.lib.espeak_Synth(
                encoded, len(encoded) + 1, 0, POS_CHARACTER, 0, ESPEAK_CHARS_UTF8, None, None
            )
            engine.lib.espeak_Synchronize()
            rate = engine.sample_rate
        if status != EE_OK or not capture.blocks:
            raise StageError("tts", self.name, f"espeak_Synth returned {status} and no audio")
        samples = np.concatenate(capture.blocks).astype("<i2")
        write_wav(out, samples, rate)
        duration = wav_duration(out)
        words = _word_timings(text, capture, samples, rate)
        validate_timings(words, duration, provider=self.name)
        return Speech(duration_s=duration, words=words, timing_source="engine")


def _word_timings(
    text: str, capture: _Capture, samples: np.ndarray, sample_rate: int
) -> list[WordTiming]:
    """One timing per written word, from espeak's WORD events, trimmed to the sound they cover.

    Captions show the words as written, so events are mapped onto whitespace-separated words by
    character position: espeak may report one written word as several ("555-1234", "25") or skip
    part of one ("well-known"), and its event lengths are unreliable around apostrophes. A word
    starts at its first event and ends where the next word or clause begins, minus the pause.
    """
    clip_s = len(samples) / sample_rate
    tokens = [
        (match.end(), word)
        for match in re.finditer(r"\S+", text)
        if (word := clean_word(match.group()))
    ]
    hits: list[list[int]] = [[] for _ in tokens]
    token_ends = [end for end, _ in tokens]
    for position, _length, start_ms in capture.words:
        index = bisect.bisect_right(token_ends, position - 1)  # the word holding this character
        if index < len(tokens):
            hits[index].append(start_ms)
    if not any(hits):
        start_s, end_s = speech_bounds(samples, sample_rate)
        return estimate_word_timings(text, clip_s, speech_start_s=start_s, speech_end_s=end_s)
    voiced = voiced_frames(samples, sample_rate)
    firsts = [min(found) for found in hits if found]
    stops = sorted({*capture.clause_ends, *firsts, round(clip_s * 1000)})
    spans: list[tuple[float, float] | None] = []
    for found in hits:
        if not found:
            spans.append(None)
            continue
        end_ms = next((stop for stop in stops if stop > max(found)), stops[-1])
        spans.append(_trim_to_sound(voiced, min(found), end_ms, clip_s))
    return _share_spans([word for _, word in tokens], spans)


def _trim_to_sound(
    voiced: np.ndarray, start_ms: int, end_ms: int, clip_s: float
) -> tuple[float, float]:
    """Narrow [start_ms, end_ms) to the frames that hold sound; seconds within the clip."""
    first, last = int(start_ms / 1000 / FRAME_S), int(end_ms / 1000 / FRAME_S)
    sound = np.flatnonzero(voiced[first:last])
    if sound.size:
        start_s, end_s = (first + sound[0]) * FRAME_S, (first + sound[-1] + 1) * FRAME_S
    else:
        start_s, end_s = start_ms / 1000, end_ms / 1000
    start_s = min(start_s, clip_s)
    return start_s, min(max(end_s, start_s), clip_s)


def _share_spans(words: list[str], spans: list[tuple[float, float] | None]) -> list[WordTiming]:
    """Give words espeak did not report a share of the heard word before them, by syllables."""
    runs: list[list[int]] = []
    for index, span in enumerate(spans):
        opens_run = span is not None and not (runs and all(spans[i] is None for i in runs[-1]))
        if opens_run or not runs:
            runs.append([index])
        else:
            runs[-1].append(index)
    timings: list[WordTiming] = []
    for run in runs:
        start_s, end_s = next(span for i in run if (span := spans[i]) is not None)
        weights = [syllables(words[i]) for i in run]
        unit, cursor = (end_s - start_s) / sum(weights), start_s
        for index, weight in zip(run, weights, strict=True):
            stop = end_s if index == run[-1] else cursor + weight * unit
            end = min(round(stop, 3), end_s)  # rounding must not push a word past the clip
            timings.append(WordTiming(word=words[index], start=min(round(cursor, 3), end), end=end))
            cursor = stop
    return timings
