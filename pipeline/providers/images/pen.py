"""The pen layouts draw shapes with: ImageDraw on a supersampled layer, mirrored on request.

Shapes are drawn at `SUPERSAMPLE` times the size and reduced, so circles and arrows have smooth
edges. A right-to-left slide hands the pen its width and gets every x flipped, arcs included.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from pipeline.providers.images.geometry import RGB, Box

SUPERSAMPLE = 2


class Pen:
    """ImageDraw on the supersampled layer, taking full-size coordinates.

    With `mirror` (the full-size width) every x is flipped to `mirror - x`: the right-to-left
    version of whatever the layouts draw.
    """

    def __init__(self, image: Image.Image, mirror: float | None = None) -> None:
        self.draw = ImageDraw.Draw(image, "RGBA")
        self.mirror = mirror

    def _x(self, x: float) -> float:
        return x if self.mirror is None else self.mirror - x

    def _k(self, xyxy: tuple[float, float, float, float]) -> list[float]:
        x0, y0, x1, y1 = xyxy
        if self.mirror is not None:
            x0, x1 = self.mirror - x1, self.mirror - x0
        return [v * SUPERSAMPLE for v in (x0, y0, x1, y1)]

    def _angles(self, start: float, end: float) -> tuple[float, float]:
        """Arc angles (clockwise from 3 o'clock) of the mirrored arc."""
        return (start, end) if self.mirror is None else (180 - end, 180 - start)

    def rect(self, box: Box, fill: RGB | tuple[int, ...], radius: float = 0) -> None:
        """A filled (rounded) rectangle."""
        self.draw.rounded_rectangle(self._k(box.xyxy), radius=radius * SUPERSAMPLE, fill=fill)

    def ellipse(
        self,
        box: Box,
        fill: RGB | tuple[int, ...] | None = None,
        outline: RGB | tuple[int, ...] | None = None,
        width: float = 1,
    ) -> None:
        """A filled and/or outlined ellipse."""
        w = max(1, round(width * SUPERSAMPLE))
        self.draw.ellipse(self._k(box.xyxy), fill=fill, outline=outline, width=w)

    def circle(self, cx: float, cy: float, r: float, fill: RGB | tuple[int, ...]) -> None:
        """A filled circle by centre and radius."""
        self.ellipse(Box(cx - r, cy - r, 2 * r, 2 * r), fill=fill)

    def polygon(self, points: list[tuple[float, float]], fill: RGB | tuple[int, ...]) -> None:
        """A filled polygon."""
        self.draw.polygon(
            [(self._x(x) * SUPERSAMPLE, y * SUPERSAMPLE) for x, y in points], fill=fill
        )

    def line(
        self, points: list[tuple[float, float]], fill: RGB | tuple[int, ...], width: float
    ) -> None:
        """A polyline with round joints and round caps."""
        pts = [(self._x(x) * SUPERSAMPLE, y * SUPERSAMPLE) for x, y in points]
        w = max(1, round(width * SUPERSAMPLE))
        self.draw.line(pts, fill=fill, width=w, joint="curve")
        for x, y in (pts[0], pts[-1]):
            self.draw.ellipse((x - w / 2, y - w / 2, x + w / 2, y + w / 2), fill=fill)

    def arc(
        self, box: Box, start: float, end: float, fill: RGB | tuple[int, ...], width: float
    ) -> None:
        """An arc of the ellipse in `box`, angles in degrees clockwise from 3 o'clock."""
        w = max(1, round(width * SUPERSAMPLE))
        start, end = self._angles(start, end)
        self.draw.arc(self._k(box.xyxy), start, end, fill=fill, width=w)

    def chord(self, box: Box, start: float, end: float, fill: RGB | tuple[int, ...]) -> None:
        """A filled segment of the ellipse in `box` (a bell's dome, a person's shoulders)."""
        self.draw.chord(self._k(box.xyxy), *self._angles(start, end), fill=fill)

    def pieslice(self, box: Box, start: float, end: float, fill: RGB | tuple[int, ...]) -> None:
        """A filled wedge of the ellipse in `box` (an enzyme with its binding notch)."""
        self.draw.pieslice(self._k(box.xyxy), *self._angles(start, end), fill=fill)
