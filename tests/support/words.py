"""Word timings for tests that need captions without a speech engine."""

from __future__ import annotations

from pipeline.outputs import WordTiming


def spread_words(text: str, duration: float) -> list[WordTiming]:
    """`text`'s words spoken evenly over `duration`, 0.1 s of silence at each end."""
    words = text.split()
    step = (duration - 0.2) / len(words)
    return [
        WordTiming(word=w, start=round(0.1 + i * step, 3), end=round(0.1 + (i + 0.8) * step, 3))
        for i, w in enumerate(words)
    ]
