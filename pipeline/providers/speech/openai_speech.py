"""Speech from OpenAI's audio API (or a compatible server): real length measured, timings estimated.

The API returns WAV, but a streamed WAV often carries placeholder sizes in its header (0xFFFFFFFF
or 0), so the bytes are read chunk by chunk here and rewritten as the plain 16-bit mono PCM
every later stage expects; the duration is then measured from that file. The API reports no word
timings, so captions are estimated from the text across the speech found in the audio.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from pipeline.errors import StageError
from pipeline.providers.openai_client import MalformedResponse, OpenAIEndpoint
from pipeline.providers.speech import Speech
from pipeline.providers.speech.timing import (
    estimate_word_timings,
    speech_bounds,
    validate_timings,
    wav_duration,
    write_wav,
)

MAX_INPUT_CHARS = 4096  # the speech endpoint's limit per request
PCM_FORMAT = 1
EXTENSIBLE_FORMAT = 0xFFFE
UNKNOWN_SIZE = (0, 0xFFFFFFFF)


class OpenAISpeaker:
    """`Speaker` through `audio.speech.create`; `voice` is an OpenAI voice name ("alloy")."""

    name = "openai"

    def __init__(self, endpoint: OpenAIEndpoint, model: str, voice: str = "alloy") -> None:
        self.endpoint = endpoint
        self.model = model
        self.voice = voice

    def synthesize(self, text: str, language: str, out: Path) -> Speech:
        """Speak `text` into a 16-bit mono WAV at `out`; `language` is implied by the text."""
        if not text.strip():
            raise StageError("tts", self.name, "there is no text to speak")
        if len(text) > MAX_INPUT_CHARS:
            raise StageError(
                "tts",
                self.name,
                f"the line has {len(text)} characters; the speech API takes {MAX_INPUT_CHARS}",
                "shorten the scene's narration",
            )

        def speak(timeout: float) -> tuple[np.ndarray, int]:
            reply = self.endpoint.client.audio.speech.create(
                model=self.model,
                voice=self.voice,
                input=text,
                response_format="wav",
                timeout=timeout,
            )
            return decode_wav(reply.read())

        samples, rate = self.endpoint.call("tts", self.name, f"speech from {self.model}", speak)
        write_wav(out, samples, rate)
        duration = wav_duration(out)
        start_s, end_s = speech_bounds(samples, rate)
        words = estimate_word_timings(text, duration, speech_start_s=start_s, speech_end_s=end_s)
        validate_timings(words, duration, provider=self.name)
        return Speech(duration_s=duration, words=words, timing_source="estimated")


def decode_wav(data: bytes) -> tuple[np.ndarray, int]:
    """16-bit PCM samples (mixed to mono) and the sample rate of WAV bytes.

    Tolerates the placeholder sizes streamed WAVs carry; refuses anything else with
    `MalformedResponse`, so a truncated or garbled body is asked for again.
    """
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise MalformedResponse("the audio is not a WAV file")
    position, fmt = 12, None
    while position + 8 <= len(data):
        chunk, size = data[position : position + 4], struct.unpack_from("<I", data, position + 4)[0]
        body = position + 8
        if chunk == b"fmt ":
            if size < 16 or body + 16 > len(data):
                raise MalformedResponse("the WAV format chunk is cut short")
            fmt = struct.unpack_from("<HHIIHH", data, body)
        elif chunk == b"data":
            if fmt is None:
                raise MalformedResponse("the WAV has audio before its format")
            end = len(data) if size in UNKNOWN_SIZE else body + size
            if end > len(data):
                raise MalformedResponse(
                    f"the WAV is truncated ({len(data) - body} of {size} audio bytes)"
                )
            return _pcm(data[body:end], fmt)
        position = body + size + (size & 1)
    raise MalformedResponse("the WAV holds no audio")


def _pcm(raw: bytes, fmt: tuple[int, ...]) -> tuple[np.ndarray, int]:
    format_tag, channels, rate, _, _, bits = fmt
    if format_tag not in (PCM_FORMAT, EXTENSIBLE_FORMAT) or bits != 16 or channels < 1:
        raise MalformedResponse(f"the WAV is not 16-bit PCM (format {format_tag}, {bits} bits)")
    frame = 2 * channels
    usable = len(raw) - len(raw) % frame
    if usable == 0 or rate <= 0:
        raise MalformedResponse("the WAV holds no audio")
    samples = np.frombuffer(raw[:usable], dtype="<i2").reshape(-1, channels)
    mono = samples.mean(axis=1).round().astype("<i2") if channels > 1 else samples[:, 0].copy()
    return mono, rate
