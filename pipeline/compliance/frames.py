"""The picture clock: frame numbers, the frame on screen at a time, and HH:MM:SS:FF timecodes.

The render counts pictures in frames; the timeline (`timeline.py`), the checks and the MLR pack
convert speech times to frames and frames to timecodes with these, the way the renderer does.
"""

from __future__ import annotations

import math

EPS = 1e-9  # float slack when a time lands exactly on a frame boundary


def timecode(frame: int, fps: int) -> str:
    """`HH:MM:SS:FF` of frame number `frame` (0-based) at `fps` frames per second."""
    seconds, frames = divmod(max(0, frame), fps)
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}:{frames:02d}"


def frame_showing(seconds: float, fps: int) -> int:
    """The frame on screen at `seconds` (frame k shows during [k/fps, (k+1)/fps))."""
    return max(0, math.floor(seconds * fps + EPS))


def first_frame_from(seconds: float, fps: int) -> int:
    """The first frame `k` with k / fps >= `seconds`, compared exactly as the renderer compares."""
    k = max(0, math.floor(seconds * fps))
    while k / fps < seconds:
        k += 1
    while k > 0 and (k - 1) / fps >= seconds:
        k -= 1
    return k
