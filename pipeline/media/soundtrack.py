"""The narration track: scene WAVs joined in order and cut to exactly the video's length.

Joining PCM samples in Python is exact (no codec priming or padding between scenes), and the
track is encoded to AAC only once, after joining, so no scene boundary ever has a gap or a click
from a re-encode.
"""

from __future__ import annotations

import tempfile
import wave
from collections.abc import Sequence
from pathlib import Path

from pipeline.media.ffmpeg import normalise_wav

SAMPLE_WIDTH = 2  # 16-bit PCM
CHUNK_FRAMES = 1 << 16


def _pcm_params(path: Path) -> tuple[int, int, int] | None:
    """(channels, sample width, rate) of a plain PCM WAV, or None if `wave` cannot read it."""
    try:
        with wave.open(str(path), "rb") as reader:
            return reader.getnchannels(), reader.getsampwidth(), reader.getframerate()
    except (wave.Error, EOFError):
        return None


def join_wavs(sources: Sequence[Path], output: Path, duration_s: float) -> Path:
    """Concatenate `sources` into one 16-bit WAV of exactly `duration_s` (silence-padded/trimmed).

    Clips whose format differs from the first (rate, channels, sample width, or a WAV flavour the
    `wave` module cannot read) are converted with ffmpeg first, so mixed engines still join.
    """
    first = _pcm_params(sources[0])
    channels, rate = (first[0], first[2]) if first else (1, 48_000)
    target = (channels, SAMPLE_WIDTH, rate)
    total = round(duration_s * rate)
    written = 0
    with (
        tempfile.TemporaryDirectory(dir=output.parent) as scratch,
        wave.open(str(output), "wb") as writer,
    ):
        writer.setnchannels(channels)
        writer.setsampwidth(SAMPLE_WIDTH)
        writer.setframerate(rate)
        for n, source in enumerate(sources):
            if _pcm_params(source) != target:
                source = normalise_wav(
                    source, Path(scratch) / f"{n}.wav", sample_rate=rate, channels=channels
                )
            with wave.open(str(source), "rb") as reader:
                while written < total and (
                    block := reader.readframes(min(CHUNK_FRAMES, total - written))
                ):
                    writer.writeframes(block)
                    written += len(block) // (channels * SAMPLE_WIDTH)
        silence = bytes(channels * SAMPLE_WIDTH * CHUNK_FRAMES)
        while written < total:
            count = min(CHUNK_FRAMES, total - written)
            writer.writeframes(silence[: count * channels * SAMPLE_WIDTH])
            written += count
    return output
