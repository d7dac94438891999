"""Speakers turn narration text into audio with word timings. One module per backend."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from pipeline.outputs import WordTiming


class Speech(BaseModel):
    """What a speaker produced: a WAV file, its measured length and (if known) word timings."""

    model_config = ConfigDict(frozen=True)

    duration_s: float
    words: list[WordTiming]
    timing_source: str  # "engine" or "estimated"


class Speaker(Protocol):
    """Synthesises speech into a 16-bit PCM WAV at `out`."""

    name: str
    voice: str

    def synthesize(self, text: str, language: str, out: Path) -> Speech:
        """Speak `text` in `language`; never hang (network backends time out)."""
        ...
