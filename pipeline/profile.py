"""Frame size, rate and encoder settings for one render, derived from the brief and settings.

The profile is part of every media stage's cache key: a 1080p render never reuses a 240p still.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from pipeline.briefs import Aspect
from pipeline.rules import OVERSCAN


class RenderProfile(BaseModel):
    """How big, how smooth and how compressed the video is."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    width: int = Field(gt=0, multiple_of=2)
    height: int = Field(gt=0, multiple_of=2)
    fps: int = Field(default=30, ge=1, le=60)
    x264_preset: str = Field(default="veryfast")
    crf: int = Field(default=20, ge=0, le=51)
    overscan: float = Field(
        default=OVERSCAN, ge=1.0, le=1.5, description="Stills are drawn larger by this for motion."
    )

    @classmethod
    def for_aspect(
        cls, aspect: Aspect, short_side: int = 1080, fps: int = 30, **encoder: object
    ) -> RenderProfile:
        """1920x1080, 1080x1920 or 1080x1080 at `short_side` 1080; scaled evenly otherwise."""
        long_side = _even(short_side * 16 / 9)
        short_side = _even(short_side)
        width, height = {
            Aspect.landscape: (long_side, short_side),
            Aspect.portrait: (short_side, long_side),
            Aspect.square: (short_side, short_side),
        }[aspect]
        return cls(width=width, height=height, fps=fps, **encoder)

    @property
    def still_size(self) -> tuple[int, int]:
        """Size of the drawn stills: the frame times `overscan`, so a zoom never shows an edge."""
        return _even(self.width * self.overscan), _even(self.height * self.overscan)

    @property
    def scale(self) -> float:
        """Layout scale against a 1080-pixel short side (font sizes and margins use it)."""
        return min(self.width, self.height) / 1080


def _even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)
