"""Pictures as the encoder's own YUV 4:2:0 planes, so a frame is drawn once and never converted.

x264 encodes 4:2:0: one full-size luma plane and two quarter-size chroma planes, half the samples
of RGB. Converting each still (and each caption) once, then moving, blending and overlaying the
planes directly, halves the per-frame work and skips ffmpeg's per-frame RGB conversion. Every step
here (resampling, crossfades, alpha overlays) is a weighted sum, so doing it in YUV gives the same
picture as doing it in RGB and converting afterwards.

The planes are numpy arrays worked on by OpenCV's SIMD code (see `resample` for the moving crop
window), and they go to ffmpeg's pipe as they are, without a copy.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from pipeline.media.resample import PaddedPlane, warp

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
MOVING_MARGIN = 96  # luma pixels: room for a window to start up to 64 output pixels early
_LUMA_LUT = [round(16 + value * 219 / 255) for value in range(256)]
_CHROMA_LUT = [round(128 + (value - 128) * 224 / 255) for value in range(256)]


def _to_plane(values: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(values), 0, 255).astype(np.uint8)


def _half(pixels: np.ndarray) -> np.ndarray:
    """Average 2x2 blocks (HxWxC, even sides) into one sample each."""
    height, width = pixels.shape[:2]
    return pixels.reshape(height // 2, 2, width // 2, 2, -1).mean(axis=(1, 3))


@dataclass(frozen=True)
class YuvPicture:
    """A picture as three 8-bit planes: luma at full size, Cb and Cr at half size each way."""

    y: np.ndarray
    u: np.ndarray
    v: np.ndarray

    @property
    def size(self) -> tuple[int, int]:
        """Size of the luma plane (the picture's size), as (width, height)."""
        return self.y.shape[1], self.y.shape[0]

    @classmethod
    def from_rgb(cls, image: Image.Image) -> YuvPicture:
        """Convert an RGB picture once (chroma is the average of each 2x2 block).

        Pillow's YCbCr is BT.601 at full range, so a lookup table squeezes it to limited range:
        all in C on 8-bit planes, with no float copies of the still (tens of MB each at 1080p,
        which made a long render's memory creep up).
        """
        y, u, v = image.convert("RGB").convert("YCbCr").split()
        return cls(
            np.asarray(y.point(_LUMA_LUT)),
            np.asarray(u.reduce(2).point(_CHROMA_LUT)),
            np.asarray(v.reduce(2).point(_CHROMA_LUT)),
        )

    @classmethod
    def filled(cls, size: tuple[int, int], colour: tuple[int, int, int] = BLACK) -> YuvPicture:
        """A flat picture of `size` (black by default), for fades."""
        width, height = size
        half = ((height + 1) // 2, (width + 1) // 2)
        shapes = ((height, width), half, half)
        return cls(*(np.full(s, c, np.uint8) for s, c in zip(shapes, colour, strict=True)))

    def window(self, size: tuple[int, int], box: Box) -> YuvPicture:
        """Cut `box` (luma pixels, fractional) and scale it to `size`: three exact warps."""
        half = (size[0] // 2, size[1] // 2)
        left, top, right, bottom = box
        chroma_box = (left / 2, top / 2, right / 2, bottom / 2)
        return YuvPicture(
            warp(self.y, size, box),
            warp(self.u, half, chroma_box),
            warp(self.v, half, chroma_box),
        )

    def blended_over(self, source: YuvPicture, amount: float) -> YuvPicture:
        """`source` mixed towards this picture by `amount` (0 = all source, 1 = all this)."""
        return YuvPicture(
            *(
                cv2.addWeighted(s, 1.0 - amount, p, amount, 0.0)
                for s, p in zip(
                    (source.y, source.u, source.v), (self.y, self.u, self.v), strict=True
                )
            )
        )

    def planes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The raw yuv420p frame, plane by plane, as ffmpeg's rawvideo demuxer reads it.

        A pipe takes C-contiguous arrays through the buffer protocol as they are (a cropped view
        is made contiguous first).
        """
        return tuple(np.ascontiguousarray(p) for p in (self.y, self.u, self.v))  # type: ignore[return-value]

    def to_rgb(self) -> Image.Image:
        """Convert back to RGB (for checks and stills; never on the per-frame path)."""
        y = self.y.astype(np.float32)
        chroma = np.stack([p.astype(np.float32) for p in (self.u, self.v)], axis=-1)
        chroma = chroma.repeat(2, axis=0).repeat(2, axis=1)[: y.shape[0], : y.shape[1]]
        yuv = np.concatenate([y[..., None], chroma], axis=-1) - _OFFSET.astype(np.float32)
        rgb = yuv @ np.linalg.inv(_RGB_TO_YUV).T.astype(np.float32)
        return Image.fromarray(np.clip(np.rint(rgb), 0, 255).astype(np.uint8))  # HxWx3 uint8: RGB


@dataclass(frozen=True)
class MovingPicture:
    """A still's planes padded once per scene, so each frame's crop window is a cheap resize."""

    y: PaddedPlane
    u: PaddedPlane
    v: PaddedPlane

    @classmethod
    def of(cls, picture: YuvPicture) -> MovingPicture:
        """Pad `picture`'s planes (luma by MOVING_MARGIN, chroma by half of it)."""
        half = MOVING_MARGIN // 2
        return cls(
            PaddedPlane.of(picture.y, MOVING_MARGIN),
            PaddedPlane.of(picture.u, half),
            PaddedPlane.of(picture.v, half),
        )

    @property
    def size(self) -> tuple[int, int]:
        """Size of the still (luma, unpadded)."""
        return self.y.size

    def window(self, size: tuple[int, int], box: Box) -> YuvPicture:
        """The same frame as `YuvPicture.window`, within 1/32 pixel, at a third of the cost."""
        half = (size[0] // 2, size[1] // 2)
        left, top, right, bottom = box
        chroma_box = (left / 2, top / 2, right / 2, bottom / 2)
        return YuvPicture(
            self.y.window(size, box),
            self.u.window(half, chroma_box),
            self.v.window(half, chroma_box),
        )


@dataclass(frozen=True)
class YuvOverlay:
    """An RGBA picture (a caption) converted once, to be laid over frames at an even position.

    Its coverage is kept as float weights (and their complements) for OpenCV's `blendLinear`,
    so laying it over a frame is one SIMD pass per plane over the caption's own box.
    """

    picture: YuvPicture
    weights: tuple[np.ndarray, np.ndarray]
    weights_half: tuple[np.ndarray, np.ndarray]
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
        return cls(picture, _weights(alpha[..., 0]), _weights(covered[..., 0]), (x - dx, y - dy))

    def draw_on(self, frame: YuvPicture) -> YuvPicture:
        """Composite over `frame` in place (only the overlay's box is touched); returns it."""
        x, y = self.position
        _blend_into(frame.y, self.picture.y, self.weights, x, y)
        _blend_into(frame.u, self.picture.u, self.weights_half, x // 2, y // 2)
        _blend_into(frame.v, self.picture.v, self.weights_half, x // 2, y // 2)
        return frame


def _weights(alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Coverage 0..1 as float32, with its complement (what `blendLinear` takes)."""
    cover = np.ascontiguousarray(alpha, dtype=np.float32)
    return cover, 1.0 - cover


def _blend_into(
    plane: np.ndarray,
    picture: np.ndarray,
    weights: tuple[np.ndarray, np.ndarray],
    x: int,
    y: int,
) -> None:
    """Mix `picture` into `plane` at (x, y) by its coverage, clipped to the plane's edges."""
    height, width = picture.shape
    top, left = max(0, y), max(0, x)
    bottom, right = min(plane.shape[0], y + height), min(plane.shape[1], x + width)
    if top >= bottom or left >= right:
        return
    inner = (slice(top - y, bottom - y), slice(left - x, right - x))
    region = plane[top:bottom, left:right]
    cover, rest = weights
    region[...] = cv2.blendLinear(
        np.ascontiguousarray(picture[inner]),
        np.ascontiguousarray(region),
        np.ascontiguousarray(cover[inner]),
        np.ascontiguousarray(rest[inner]),
    )
