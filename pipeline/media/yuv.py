"""Pictures as the encoder's own YUV 4:2:0 planes, so a frame is drawn once and never converted.

x264 encodes 4:2:0: one full-size luma plane and two quarter-size chroma planes, half the samples
of RGB. Converting each still (and each caption) once, then moving, blending and overlaying the
planes directly, halves the per-frame work and skips ffmpeg's per-frame RGB conversion. Every step
here (resampling, crossfades, alpha overlays) is a weighted sum, so doing it in YUV gives the same
picture as doing it in RGB and converting afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

Box = tuple[float, float, float, float]

# BT.601, limited range: what ffmpeg assumes for untagged SD/HD H.264 from RGB sources.
_RGB_TO_YUV = (
    np.array(
        [
            [65.481, 128.553, 24.966],
            [-37.797, -74.203, 112.0],
            [112.0, -93.786, -18.214],
        ]
    )
    / 255.0
)
_OFFSET = np.array([16.0, 128.0, 128.0])
BLACK = (16, 128, 128)
_LUMA_LUT = [round(16 + value * 219 / 255) for value in range(256)]
_CHROMA_LUT = [round(128 + (value - 128) * 224 / 255) for value in range(256)]


def _to_plane(values: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(np.rint(values), 0, 255).astype(np.uint8), "L")


def _half(pixels: np.ndarray) -> np.ndarray:
    """Average 2x2 blocks (HxWxC, even sides) into one sample each."""
    height, width = pixels.shape[:2]
    return pixels.reshape(height // 2, 2, width // 2, 2, -1).mean(axis=(1, 3))


@dataclass(frozen=True)
class YuvPicture:
    """A picture as three 8-bit planes: luma at full size, Cb and Cr at half size each way."""

    y: Image.Image
    u: Image.Image
    v: Image.Image

    @property
    def size(self) -> tuple[int, int]:
        """Size of the luma plane (the picture's size)."""
        return self.y.size

    @classmethod
    def from_rgb(cls, image: Image.Image) -> YuvPicture:
        """Convert an RGB picture once (chroma is the average of each 2x2 block).

        Pillow's YCbCr is BT.601 at full range, so a lookup table squeezes it to limited range:
        all in C on 8-bit planes, with no float copies of the still (tens of MB each at 1080p,
        which made a long render's memory creep up).
        """
        y, u, v = image.convert("RGB").convert("YCbCr").split()
        return cls(
            y.point(_LUMA_LUT),
            u.reduce(2).point(_CHROMA_LUT),
            v.reduce(2).point(_CHROMA_LUT),
        )

    @classmethod
    def filled(cls, size: tuple[int, int], colour: tuple[int, int, int] = BLACK) -> YuvPicture:
        """A flat picture of `size` (black by default), for fades."""
        half = ((size[0] + 1) // 2, (size[1] + 1) // 2)
        return cls(*(Image.new("L", s, c) for s, c in zip((size, half, half), colour, strict=True)))

    def window(self, size: tuple[int, int], box: Box) -> YuvPicture:
        """Cut `box` (luma pixels, fractional) and scale it to `size`: three C resizes."""
        left, top, right, bottom = _inside(box, self.y.size)
        half = (size[0] // 2, size[1] // 2)
        chroma_box = (left / 2, top / 2, right / 2, bottom / 2)
        # Shrinking (the usual case: stills are drawn larger than the frame), an area average
        # is as smooth as bilinear and a third cheaper; enlarging, only bilinear stays smooth.
        shrinking = right - left >= size[0] and bottom - top >= size[1]
        kind = Image.Resampling.BOX if shrinking else Image.Resampling.BILINEAR
        return YuvPicture(
            self.y.resize(size, kind, box=(left, top, right, bottom)),
            self.u.resize(half, kind, box=_inside(chroma_box, self.u.size)),
            self.v.resize(half, kind, box=_inside(chroma_box, self.v.size)),
        )

    def blended_over(self, source: YuvPicture, amount: float) -> YuvPicture:
        """`source` mixed towards this picture by `amount` (0 = all source, 1 = all this)."""
        return YuvPicture(
            *(
                Image.blend(s, p, amount)
                for s, p in zip(
                    (source.y, source.u, source.v), (self.y, self.u, self.v), strict=True
                )
            )
        )

    def planes(self) -> tuple[bytes, bytes, bytes]:
        """The raw yuv420p frame, plane by plane, as ffmpeg's rawvideo demuxer reads it."""
        return self.y.tobytes(), self.u.tobytes(), self.v.tobytes()

    def to_rgb(self) -> Image.Image:
        """Convert back to RGB (for checks and stills; never on the per-frame path)."""
        y = np.asarray(self.y, dtype=np.float32)
        chroma = np.stack([np.asarray(p, dtype=np.float32) for p in (self.u, self.v)], axis=-1)
        chroma = chroma.repeat(2, axis=0).repeat(2, axis=1)[: y.shape[0], : y.shape[1]]
        yuv = np.concatenate([y[..., None], chroma], axis=-1) - _OFFSET.astype(np.float32)
        rgb = yuv @ np.linalg.inv(_RGB_TO_YUV).T.astype(np.float32)
        return Image.fromarray(np.clip(np.rint(rgb), 0, 255).astype(np.uint8), "RGB")


def _inside(box: Box, size: tuple[int, int]) -> Box:
    """Clamp a box to the plane (float rounding can push an edge a hair past it)."""
    left, top, right, bottom = box
    return max(0.0, left), max(0.0, top), min(float(size[0]), right), min(float(size[1]), bottom)


@dataclass(frozen=True)
class YuvOverlay:
    """An RGBA picture (a caption) converted once, to be laid over frames at an even position."""

    picture: YuvPicture
    alpha: Image.Image
    alpha_half: Image.Image
    position: tuple[int, int]

    @classmethod
    def from_rgba(cls, image: Image.Image, position: tuple[int, int]) -> YuvOverlay:
        """Convert once; pad by a transparent pixel so chroma blocks line up with the frame's."""
        x, y = position
        dx, dy = x % 2, y % 2
        width, height = image.width + dx, image.height + dy
        canvas = Image.new("RGBA", (width + width % 2, height + height % 2), (0, 0, 0, 0))
        canvas.paste(image, (dx, dy))
        rgba = np.asarray(canvas, dtype=np.float32)
        alpha = rgba[..., 3:] / 255.0
        yuv = rgba[..., :3] @ _RGB_TO_YUV.T.astype(np.float32) + _OFFSET.astype(np.float32)
        # Chroma of a half-covered block is the colour of its covered part (premultiplied mean).
        covered = _half(alpha)
        chroma = _half(yuv[..., 1:] * alpha) / np.maximum(covered, 1e-6)
        picture = YuvPicture(
            _to_plane(yuv[..., 0]), _to_plane(chroma[..., 0]), _to_plane(chroma[..., 1])
        )
        return cls(
            picture,
            _to_plane(alpha[..., 0] * 255),
            _to_plane(covered[..., 0] * 255),
            (x - dx, y - dy),
        )

    def draw_on(self, frame: YuvPicture) -> YuvPicture:
        """Composite over `frame` in place (only the overlay's box is touched); returns it."""
        x, y = self.position
        frame.y.paste(self.picture.y, (x, y), self.alpha)
        frame.u.paste(self.picture.u, (x // 2, y // 2), self.alpha_half)
        frame.v.paste(self.picture.v, (x // 2, y // 2), self.alpha_half)
        return frame
