"""The fast crop-window path draws what the exact warp draws, wherever the window is."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from pipeline.media import resample
from pipeline.media.motion import KenBurns
from pipeline.media.resample import PaddedPlane, warp
from pipeline.media.yuv import MOVING_MARGIN, MovingPicture, YuvPicture
from pipeline.outputs import Motion

SIZE = (192, 108)


def textured(width: int, height: int) -> np.ndarray:
    """A plane with sharp edges and gradients, where a misplaced sample shows."""
    y, x = np.mgrid[0:height, 0:width]
    stripes = ((x // 7 + y // 5) % 2) * 120
    return (stripes + (x * 255 // width) // 2).astype(np.uint8)


PLANE = textured(215, 121)


def boxes() -> list[tuple[float, float, float, float]]:
    """Windows across the still: zooms, pans, corners and edges, fractional everywhere."""
    found = []
    for zoom in (1.0, 1.013, 1.04, 1.08, 1.12, 1.3):
        width, height = 215 / zoom, 215 / zoom * SIZE[1] / SIZE[0]
        for fx in (0.0, 0.137, 0.5, 0.91, 1.0):
            for fy in (0.0, 0.42, 1.0):
                left, top = (215 - width) * fx, (121 - height) * fy
                found.append((left, top, left + width, top + height))
    return found


def bilinear(plane: np.ndarray, size: tuple[int, int], box) -> np.ndarray:
    """The window computed in float64, edges repeated: what both paths approximate."""
    left, top, right, bottom = box
    sx, sy = (right - left) / size[0], (bottom - top) / size[1]
    xs = np.clip(left + (np.arange(size[0]) + 0.5) * sx - 0.5, 0, plane.shape[1] - 1)
    ys = np.clip(top + (np.arange(size[1]) + 0.5) * sy - 0.5, 0, plane.shape[0] - 1)
    x0, y0 = np.floor(xs).astype(int), np.floor(ys).astype(int)
    x1, y1 = np.minimum(x0 + 1, plane.shape[1] - 1), np.minimum(y0 + 1, plane.shape[0] - 1)
    fx, fy = (xs - x0)[None, :], (ys - y0)[:, None]
    p = plane.astype(np.float64)
    top_row = p[y0][:, x0] * (1 - fx) + p[y0][:, x1] * fx
    bottom_row = p[y1][:, x0] * (1 - fx) + p[y1][:, x1] * fx
    return top_row * (1 - fy) + bottom_row * fy


def moved(box, dx: float, dy: float):
    left, top, right, bottom = box
    return left + dx, top + dy, right + dx, bottom + dy


@pytest.mark.parametrize("box", boxes())
def test_padded_window_is_as_precise_as_the_exact_warp(box):
    fast = PaddedPlane.of(PLANE, MOVING_MARGIN).window(SIZE, box)
    exact = warp(PLANE, SIZE, box)
    assert fast.shape == exact.shape == (SIZE[1], SIZE[0])
    truth = bilinear(PLANE, SIZE, box)
    # The fast path may start its window up to 1/32 pixel off (an invisible shift of the whole
    # frame): it must be no further from the truth than such a shift is, plus 8-bit rounding.
    tolerance = max(
        np.abs(bilinear(PLANE, SIZE, moved(box, dx, dy)) - truth).mean()
        for dx in (-1 / 32, 1 / 32)
        for dy in (-1 / 32, 1 / 32)
    )
    assert np.abs(fast - truth).mean() <= tolerance + 0.35
    assert np.abs(fast.astype(int) - exact.astype(int)).max() <= 8


def test_fast_path_is_taken_for_nearly_every_frame_of_a_motion(monkeypatch):
    calls = {"warp": 0}

    def counting_warp(*args, **kwargs):
        calls["warp"] += 1
        return warp(*args, **kwargs)

    monkeypatch.setattr(resample, "warp", counting_warp)
    plane = PaddedPlane.of(PLANE, MOVING_MARGIN)
    motion = KenBurns(Motion(start=(0.45, 0.5, 1.0), end=(0.55, 0.5, 1.08)), SIZE)
    frames = 120
    for k in range(frames):
        plane.window(SIZE, motion.box(plane.size, k / (frames - 1)))
    assert calls["warp"] <= frames // 10
    # Scale exactly 1 with a half-pixel start: no early start lands on a whole pixel.
    before = calls["warp"]
    box = (10.5, 4.5, 10.5 + SIZE[0], 4.5 + SIZE[1])
    shifted = plane.window(SIZE, box)
    assert calls["warp"] == before + 1
    assert np.abs(shifted.astype(int) - warp(PLANE, SIZE, box).astype(int)).max() <= 1


def test_moving_picture_frames_equal_the_picture_window():
    rgb = np.stack([PLANE, PLANE[::-1], np.roll(PLANE, 9, axis=1)], axis=-1)[:120, :214]
    picture = YuvPicture.from_rgb(Image.fromarray(np.ascontiguousarray(rgb).astype(np.uint8)))
    moving = MovingPicture.of(picture)
    assert moving.size == picture.size == (214, 120)
    box = (7.31, 3.9, 7.31 + 198.2, 3.9 + 111.49)
    fast, exact = moving.window(SIZE, box), picture.window(SIZE, box)
    for a, b in zip(fast.planes(), exact.planes(), strict=True):
        assert a.shape == b.shape and a.flags.c_contiguous
        assert np.abs(a.astype(int) - b.astype(int)).mean() < 1.0
