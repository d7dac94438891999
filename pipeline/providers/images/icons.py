"""Simple flat vector icons drawn with ImageDraw, and the words that choose them.

Icons are plain geometry in a unit square, so they scale from a 144-pixel test still to a 4K
poster without image assets, and they inherit the brand colours they are given.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from pipeline.providers.images.geometry import RGB, Box
from pipeline.providers.images.pen import Pen

Icon = Callable[[Pen, Box, RGB, RGB], None]


def _at(box: Box, u: float, v: float) -> tuple[float, float]:
    return box.x + u * box.w, box.y + v * box.h


def _sub(box: Box, u0: float, v0: float, u1: float, v1: float) -> Box:
    x0, y0 = _at(box, u0, v0)
    x1, y1 = _at(box, u1, v1)
    return Box(x0, y0, x1 - x0, y1 - y0)


def stadium(
    cx: float, cy: float, length: float, radius: float, angle: float, half: int = 0
) -> list[tuple[float, float]]:
    """Outline of a capsule rotated by `angle` degrees, or only its end `half` (-1 or +1)."""
    a = math.radians(angle)
    ux, uy = math.cos(a), math.sin(a)
    straight = max(0.0, length / 2 - radius)

    def point(along: float, across: float) -> tuple[float, float]:
        return cx + ux * along - uy * across, cy + uy * along + ux * across

    def cap(end: int) -> list[tuple[float, float]]:
        start = -90 if end == 1 else 90
        return [
            point(end * straight + radius * math.cos(t), radius * math.sin(t))
            for t in (math.radians(start + 10 * i) for i in range(19))
        ]

    if half == 0:
        return cap(1) + cap(-1)
    return cap(half) + [point(0, radius * half), point(0, -radius * half)]


def capsule(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """A two-tone pill, the universal sign for a medicine."""
    cx, cy = box.centre
    length, r = box.w * 0.9, box.w * 0.2
    pen.polygon(stadium(cx, cy, length, r, -35, half=-1), fg)
    pen.polygon(stadium(cx, cy, length, r, -35, half=1), bg)
    pen.line(
        stadium(cx, cy, length, r, -35) + [stadium(cx, cy, length, r, -35)[0]], fg, box.w * 0.035
    )


def heart(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """The classic parametric heart."""
    cx, cy = box.centre
    k = box.w / 36
    pts = []
    for i in range(90):
        t = 2 * math.pi * i / 90
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        pts.append((cx + x * k, cy - y * k - k))
    pen.polygon(pts, fg)
    pen.line(
        [
            _at(box, 0.2, 0.5),
            _at(box, 0.38, 0.5),
            _at(box, 0.45, 0.36),
            _at(box, 0.55, 0.64),
            _at(box, 0.62, 0.5),
            _at(box, 0.8, 0.5),
        ],
        bg,
        box.w * 0.05,
    )


def shield(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """A shield with a tick: safety, protection, compliance."""
    pts = [
        _at(box, 0.5, 0.05),
        _at(box, 0.88, 0.18),
        _at(box, 0.85, 0.55),
        _at(box, 0.7, 0.8),
        _at(box, 0.5, 0.95),
        _at(box, 0.3, 0.8),
        _at(box, 0.15, 0.55),
        _at(box, 0.12, 0.18),
    ]
    pen.polygon(pts, fg)
    pen.line([_at(box, 0.33, 0.5), _at(box, 0.46, 0.63), _at(box, 0.69, 0.38)], bg, box.w * 0.08)


def check(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """A tick in a disc: the default bullet."""
    pen.ellipse(_sub(box, 0.06, 0.06, 0.94, 0.94), fill=fg)
    pen.line([_at(box, 0.3, 0.52), _at(box, 0.44, 0.66), _at(box, 0.71, 0.37)], bg, box.w * 0.09)


def pin(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """A map pin: where to find the practice."""
    cx, _ = box.centre
    r = box.w * 0.3
    cy = box.y + box.h * 0.38
    pen.polygon(
        [(cx - r * 0.87, cy + r * 0.5), (cx, box.y + box.h * 0.95), (cx + r * 0.87, cy + r * 0.5)],
        fg,
    )
    pen.circle(cx, cy, r, fg)
    pen.circle(cx, cy, r * 0.42, bg)


def phone(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """A smartphone: call or book."""
    pen.rect(_sub(box, 0.28, 0.06, 0.72, 0.94), fg, radius=box.w * 0.08)
    pen.rect(_sub(box, 0.33, 0.16, 0.67, 0.78), bg, radius=box.w * 0.02)
    pen.circle(*_at(box, 0.5, 0.86), box.w * 0.035, bg)


def globe(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """A wireframe globe: a website."""
    w = box.w * 0.06
    pen.ellipse(_sub(box, 0.08, 0.08, 0.92, 0.92), outline=fg, width=w)
    pen.ellipse(_sub(box, 0.3, 0.08, 0.7, 0.92), outline=fg, width=w)
    pen.line([_at(box, 0.5, 0.08), _at(box, 0.5, 0.92)], fg, w)
    for v in (0.32, 0.5, 0.68):
        half = math.sqrt(max(0.0, 0.42**2 - (v - 0.5) ** 2))
        pen.line([_at(box, 0.5 - half, v), _at(box, 0.5 + half, v)], fg, w)


def chat(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """A speech bubble: social posts and conversations."""
    pen.rect(_sub(box, 0.06, 0.14, 0.94, 0.72), fg, radius=box.w * 0.14)
    pen.polygon([_at(box, 0.24, 0.68), _at(box, 0.2, 0.9), _at(box, 0.46, 0.7)], fg)
    for u in (0.32, 0.5, 0.68):
        pen.circle(*_at(box, u, 0.43), box.w * 0.055, bg)


def clipboard(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """A clipboard with ticked lines: rules, reports, SOPs."""
    pen.rect(_sub(box, 0.16, 0.1, 0.84, 0.95), fg, radius=box.w * 0.07)
    pen.rect(_sub(box, 0.23, 0.2, 0.77, 0.88), bg, radius=box.w * 0.03)
    pen.rect(_sub(box, 0.36, 0.04, 0.64, 0.17), fg, radius=box.w * 0.04)
    for v in (0.38, 0.56, 0.74):
        pen.line(
            [_at(box, 0.3, v), _at(box, 0.35, v + 0.04), _at(box, 0.42, v - 0.04)],
            fg,
            box.w * 0.035,
        )
        pen.line([_at(box, 0.5, v), _at(box, 0.7, v)], fg, box.w * 0.04)


def cross(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """A medical cross in a rounded tile: care, clinics, doctors."""
    pen.rect(_sub(box, 0.08, 0.08, 0.92, 0.92), fg, radius=box.w * 0.2)
    pen.rect(_sub(box, 0.4, 0.22, 0.6, 0.78), bg, radius=box.w * 0.03)
    pen.rect(_sub(box, 0.22, 0.4, 0.78, 0.6), bg, radius=box.w * 0.03)


def clock(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """A clock: timing, hours, deadlines."""
    pen.ellipse(_sub(box, 0.08, 0.08, 0.92, 0.92), fill=fg)
    pen.line([_at(box, 0.5, 0.24), _at(box, 0.5, 0.5), _at(box, 0.68, 0.6)], bg, box.w * 0.07)


def person(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """A person: audience, patients, symptoms felt."""
    pen.circle(*_at(box, 0.5, 0.3), box.w * 0.18, fg)
    pen.chord(_sub(box, 0.16, 0.56, 0.84, 1.24), 180, 360, fg)


def warning(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """A warning triangle: symptoms, risks."""
    pen.polygon([_at(box, 0.5, 0.08), _at(box, 0.95, 0.88), _at(box, 0.05, 0.88)], fg)
    pen.line([_at(box, 0.5, 0.36), _at(box, 0.5, 0.6)], bg, box.w * 0.08)
    pen.circle(*_at(box, 0.5, 0.74), box.w * 0.045, bg)


def bell(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """A bell: alerts and reminders."""
    pen.chord(_sub(box, 0.22, 0.14, 0.78, 0.7), 180, 360, fg)
    pen.polygon(
        [_at(box, 0.22, 0.42), _at(box, 0.78, 0.42), _at(box, 0.88, 0.76), _at(box, 0.12, 0.76)], fg
    )
    pen.circle(*_at(box, 0.5, 0.84), box.w * 0.08, fg)
    pen.circle(*_at(box, 0.5, 0.12), box.w * 0.05, fg)


def network(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """Three linked nodes: sharing data with a team."""
    a, b, c = _at(box, 0.25, 0.28), _at(box, 0.75, 0.28), _at(box, 0.5, 0.75)
    pen.line([a, b, c, a], fg, box.w * 0.06)
    for x, y in (a, b, c):
        pen.circle(x, y, box.w * 0.15, fg)
        pen.circle(x, y, box.w * 0.07, bg)


def drop(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """A drop: blood, glucose, cholesterol."""
    cx = box.centre[0]
    r = box.w * 0.3
    cy = box.y + box.h * 0.62
    pen.polygon(
        [
            (cx, box.y + box.h * 0.06),
            (cx + r * 0.92, cy - r * 0.38),
            (cx - r * 0.92, cy - r * 0.38),
        ],
        fg,
    )
    pen.circle(cx, cy, r, fg)
    pen.arc(Box(cx - r * 0.6, cy - r * 0.6, r * 1.2, r * 1.2), 100, 170, bg, box.w * 0.05)


def chart(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """Rising bars: numbers and results."""
    for i, height in enumerate((0.3, 0.5, 0.75)):
        pen.rect(
            _sub(box, 0.14 + i * 0.26, 0.9 - height, 0.34 + i * 0.26, 0.9), fg, radius=box.w * 0.03
        )
    pen.line([_at(box, 0.1, 0.5), _at(box, 0.4, 0.3), _at(box, 0.85, 0.08)], bg, box.w * 0.05)


def calendar(pen: Pen, box: Box, fg: RGB, bg: RGB) -> None:
    """A calendar page: appointments and schedules."""
    pen.rect(_sub(box, 0.1, 0.16, 0.9, 0.92), fg, radius=box.w * 0.08)
    pen.rect(_sub(box, 0.16, 0.36, 0.84, 0.86), bg, radius=box.w * 0.03)
    for u in (0.3, 0.7):
        pen.line([_at(box, u, 0.08), _at(box, u, 0.24)], fg, box.w * 0.07)
    for row in range(2):
        for col in range(3):
            pen.circle(*_at(box, 0.32 + col * 0.18, 0.52 + row * 0.18), box.w * 0.04, fg)


ICONS: dict[str, Icon] = {
    "capsule": capsule, "heart": heart, "shield": shield, "check": check, "pin": pin,
    "phone": phone, "globe": globe, "chat": chat, "clipboard": clipboard, "cross": cross,
    "clock": clock, "person": person, "warning": warning, "bell": bell, "network": network,
    "drop": drop, "chart": chart, "calendar": calendar,
}  # fmt: skip

_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("phone", ("call", "phone", "tel", "dial")),
    ("globe", ("www", "http", ".com", ".org", ".example", "website", "online", "web")),
    ("pin", ("street", "address", "location", "visit us", "road", "avenue", "near you", "map")),
    ("calendar", ("appointment", "book", "schedule", "calendar", "week")),
    ("heart", ("heart", "cardio", "love")),
    ("drop", ("cholesterol", "ldl", "blood", "glucose", "sugar", "liver")),
    ("bell", ("alert", "notif", "remind", "alarm")),
    ("network", ("share", "team", "data", "connect", "network")),
    ("clock", ("hour", "minute", "time", "daily", "every", "24")),
    ("capsule", ("pill", "tablet", "dose", "drug", "medicine", "medication", "statin", "capsule")),
    ("shield", ("safe", "protect", "secure", "privacy", "risk", "immune")),
    ("clipboard", ("report", "record", "document", "sop", "policy", "rule", "form", "log")),
    ("warning", ("pain", "symptom", "warning", "never", "do not", "don't", "avoid", "sign")),
    ("person", ("tired", "fatigue", "breath", "women", "men", "patient", "people", "you")),
    ("chat", ("advice", "ask", "talk", "question", "chat", "refer", "tell", "share")),
    ("cross", ("doctor", "care", "clinic", "skin", "screen", "health", "treat", "derm")),
)


def icon_for(text: str, default: str = "check") -> str:
    """The icon whose keywords `text` mentions first in the list above, else `default`."""
    lowered = f" {text.lower()} "
    for name, words in _KEYWORDS:
        if any(word in lowered for word in words):
            return name
    return default


def draw_icon(pen: Pen, name: str, box: Box, fg: RGB, bg: RGB) -> None:
    """Draw icon `name` (see ICONS) centred in `box`."""
    ICONS.get(name, check)(pen, box.square(), fg, bg)
