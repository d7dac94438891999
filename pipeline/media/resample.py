"""Cut a fractional crop window out of an 8-bit plane and scale it to the frame, fast.

The Ken Burns motion asks, every frame, for the window `box` (fractional luma pixels) scaled to
the frame: output pixel j's centre sits on `left + (j + 0.5) * scale` in the plane (Pillow's
`resize(box=...)` convention). OpenCV's `warpAffine` does exactly that, but as a general warp it
costs three times OpenCV's separable `resize`, and this is the render's biggest per-frame cost.

`resize` maps output x to `(x + 0.5) * W / D - 0.5` of a W-wide input cut at a whole pixel, D
being its output width: it cannot start between pixels, and its scale is a ratio of integers.
But the input may start `lead` output pixels early and the output may be wider than the frame
(both are cropped away afterwards), so for each direction we search a small grid of (D, lead)
for the one whose samples all land within 1/32 pixel of the exact ones, the precision of
`warpAffine`'s own fixed point. For the rare frame with no such pair (scales very near simple
fractions) the exact warp is used instead; both sample the same positions, so switching never
shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

Box = tuple[float, float, float, float]

TOLERANCE_PX = 1 / 32  # warpAffine's own sub-pixel resolution (INTER_BITS = 5)
# Output pixels a window may start early, and extra output width (at most ~5% more pixels).
_LEADS = np.arange(1, 49)[None, :]  # from 1, so every kept sample has a left neighbour
_EXTRA = np.arange(2, 98)
_WARP = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP


def warp(plane: np.ndarray, size: tuple[int, int], box: Box) -> np.ndarray:
    """Resample `box` of `plane` to `size` exactly (bilinear, 1/32 px precise; edges repeat)."""
    left, top, right, bottom = box
    sx, sy = (right - left) / size[0], (bottom - top) / size[1]
    matrix = np.array([[sx, 0.0, left + 0.5 * sx - 0.5], [0.0, sy, top + 0.5 * sy - 0.5]])
    return cv2.warpAffine(plane, matrix, size, flags=_WARP, borderMode=cv2.BORDER_REPLICATE)


def _plan(start: float, scale: float, size: int, room: int, length: int) -> tuple[int, ...] | None:
    """(corner, input width, output width, lead) whose samples land within tolerance, or None.

    `room` is how far the plane extends left of 0 (its padding) and `length` its padded size.
    Output widths whose integer ratio alone drifts too far are dropped first, so only a few
    are tried against every lead; a wider output is preferred only when markedly more precise.
    """
    out = size + _EXTRA
    inputs = np.rint(scale * out)
    keep = (size - 1) * np.abs(inputs / out - scale) <= TOLERANCE_PX
    if not keep.any():
        return None
    out, inputs = out[keep, None], inputs[keep, None]
    ratio = inputs / out
    corner = np.rint(start + 0.5 * scale - (_LEADS + 0.5) * ratio)
    first = corner + (_LEADS + 0.5) * ratio - (start + 0.5 * scale)
    error = np.maximum(np.abs(first), np.abs(first + (size - 1) * (ratio - scale)))
    # the lead and a spare column must fit in the output; the input must fit in the plane
    inside = (out > size + _LEADS) & (corner >= -room) & (corner + room + inputs <= length)
    score = np.where(inside & (error <= TOLERANCE_PX), error + 1e-4 * out, np.inf)
    best = np.unravel_index(np.argmin(score), score.shape)
    if not np.isfinite(score[best]):
        return None
    row = best[0]
    return int(corner[best]), int(inputs[row, 0]), int(out[row, 0]), int(_LEADS[0, best[1]])


@dataclass(frozen=True)
class PaddedPlane:
    """A plane with `margin` repeated edge pixels around it, made once per scene.

    The padding gives every window room to start early (and reproduces the exact warp's
    repeated edges), so the per-frame path never copies or checks bounds pixel by pixel.
    """

    pixels: np.ndarray
    margin: int

    @classmethod
    def of(cls, plane: np.ndarray, margin: int) -> PaddedPlane:
        """Pad `plane` by `margin` pixels on every side (edge pixels repeated)."""
        padded = cv2.copyMakeBorder(plane, margin, margin, margin, margin, cv2.BORDER_REPLICATE)
        return cls(padded, margin)

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the plane without its padding."""
        height, width = self.pixels.shape
        return width - 2 * self.margin, height - 2 * self.margin

    def window(self, size: tuple[int, int], box: Box) -> np.ndarray:
        """`box` (coordinates of the unpadded plane) scaled to `size`, as `warp` would draw it."""
        left, top, right, bottom = box
        sx, sy = (right - left) / size[0], (bottom - top) / size[1]
        pad = self.margin
        height, width = self.pixels.shape
        across = _plan(left, sx, size[0], pad, width)
        down = _plan(top, sy, size[1], pad, height)
        if across is None or down is None:
            return warp(self.pixels, size, (left + pad, top + pad, right + pad, bottom + pad))
        (x0, w, out_w, lead_x), (y0, h, out_h, lead_y) = across, down
        x0, y0 = x0 + pad, y0 + pad
        scaled = cv2.resize(
            self.pixels[y0 : y0 + h, x0 : x0 + w], (out_w, out_h), interpolation=cv2.INTER_LINEAR
        )
        return scaled[lead_y : lead_y + size[1], lead_x : lead_x + size[0]]
