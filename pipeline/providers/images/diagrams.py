"""Diagrams that carry a scene's meaning: mechanism of action, process steps, illustrations.

The illustration disc is what every other layout uses as its picture.

Each takes a box on the slide and fits itself inside it, so layouts only decide where, never how.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pipeline.providers.images.canvas import Slide
from pipeline.providers.images.geometry import (
    INK,
    RGB,
    WHITE,
    Box,
    fit_text,
    icon_ink,
    mix,
    readable_on,
)
from pipeline.providers.images.icons import draw_icon, icon_for


def arrow(
    slide: Slide,
    start: tuple[float, float],
    end: tuple[float, float],
    colour: RGB,
    width: float,
    *,
    inhibit: bool = False,
) -> None:
    """A shaft with a triangular head, or with a flat bar (⊣) when the step blocks the next."""
    (x0, y0), (x1, y1) = start, end
    angle = math.atan2(y1 - y0, x1 - x0)
    ux, uy = math.cos(angle), math.sin(angle)
    head = width * 3.2
    tip = (
        (x1 - ux * head * 0.9, y1 - uy * head * 0.9)
        if not inhibit
        else (x1 - ux * width, y1 - uy * width)
    )
    slide.pen.line([(x0, y0), tip], colour, width)
    if inhibit:
        bar = head * 0.8
        slide.pen.line(
            [
                (x1 - uy * bar - ux * width, y1 + ux * bar - uy * width),
                (x1 + uy * bar - ux * width, y1 - ux * bar - uy * width),
            ],
            colour,
            width * 1.4,
        )
        return
    back = (x1 - ux * head * 1.6, y1 - uy * head * 1.6)
    slide.pen.polygon(
        [
            (x1, y1),
            (back[0] - uy * head, back[1] + ux * head),
            (back[0] + uy * head, back[1] - ux * head),
        ],
        colour,
    )


def illustration(slide: Slide, box: Box, icon: str) -> None:
    """A brand-coloured disc with an icon and a few orbiting accents: the slide's picture."""
    p = slide.palette
    sq = box.square(0.92)
    cx, cy = sq.centre
    r = sq.w / 2
    ring = (*p.secondary, 60) if p.text == INK else (*WHITE, 34)
    slide.pen.circle(cx, cy, r, ring)
    disc = p.primary if p.text == INK else mix(p.primary, WHITE, 0.14)
    if slide.style.pattern == 1:
        slide.pen.rect(sq.inset(r * 0.16), disc, radius=r * 0.38)
    else:
        slide.pen.circle(cx, cy, r * 0.82, disc)
    fg = icon_ink(disc) if p.text == INK else WHITE
    draw_icon(slide.pen, icon, sq.inset(r * 0.46), fg, disc)
    for angle, size, colour in (
        (-40, 0.09, p.accent),
        (130, 0.06, p.secondary),
        (200, 0.04, p.accent),
    ):
        a = math.radians(angle)
        slide.pen.circle(cx + math.cos(a) * r * 0.95, cy + math.sin(a) * r * 0.95, r * size, colour)


@dataclass(frozen=True)
class Mechanism:
    """What the mechanism diagram says: drug, its target, the effect, and whether it blocks."""

    drug: str
    target: str
    outcome: str
    effect: str = ""
    inhibit: bool = True


def draw_mechanism(slide: Slide, box: Box, moa: Mechanism, vertical: bool) -> None:
    """Drug molecule → (⊣ when it blocks) target enzyme → outcome, each node labelled.

    Labels share one size so the three read as one diagram; the whole group is centred in `box`.
    """
    p = slide.palette
    gap = slide.px(40 if vertical else 120)
    if vertical:
        rows = box.rows(3, gap)
        d = min(rows[0].h * 0.9, box.w * 0.34, slide.px(300))
        label_w = box.w - d - slide.px(40)
        labels = [Box(0, 0, label_w, r.h) for r in rows]
    else:
        cols = box.columns(3, gap)
        d = min(cols[0].w * 0.66, box.h * 0.6, slide.px(330))
        labels = [Box(0, 0, c.w, box.h - d - slide.px(34)) for c in cols]
    texts = [moa.drug, moa.target, moa.outcome]
    size = min(
        fit_text(
            t,
            lb,
            max_size=slide.type_size(44),
            min_size=slide.type_size(18),
            weight="Bold",
            max_lines=3,
        ).size
        for t, lb in zip(texts, labels, strict=True)
    )
    fitted = [
        fit_text(t, lb, max_size=size, min_size=size, weight="Bold", max_lines=3)
        for t, lb in zip(texts, labels, strict=True)
    ]
    if vertical:
        nodes = [Box(r.x, r.y + (r.h - d) / 2, d, d) for r in rows]
        places = [Box(r.x + d + slide.px(40), r.y, label_w, r.h) for r in rows]
    else:
        block = d + slide.px(34) + max(f.height for f in fitted)
        top = box.y + (box.h - block) / 2
        nodes = [Box(c.x + (c.w - d) / 2, top, d, d) for c in cols]
        places = [Box(c.x, top + d + slide.px(34), c.w, box.bottom - top - d) for c in cols]

    _molecule(slide, nodes[0], p.accent, p.secondary)
    _enzyme(slide, nodes[1], p.emphasis, p.secondary, docked=moa.inhibit)
    _outcome(slide, nodes[2], p.secondary, moa.outcome)
    for i, (a, b) in enumerate(zip(nodes, nodes[1:], strict=False)):
        pad = slide.px(22)
        if vertical:
            start, end = (a.centre[0], a.bottom + pad), (b.centre[0], b.y - pad)
        else:
            start, end = (a.right + pad, a.centre[1]), (b.x - pad, b.centre[1])
        arrow(
            slide,
            start,
            end,
            p.accent if i == 0 else p.secondary,
            slide.px(9),
            inhibit=moa.inhibit and i == 0,
        )
    if moa.inhibit:
        _blocked_badge(slide, nodes[1], p.accent)
    for text, place in zip(fitted, places, strict=True):
        if vertical:
            slide.paragraph(text, place, p.headline, valign="middle")
        else:
            slide.paragraph(text, place, p.headline, align="centre")
    if moa.effect and not vertical:
        room = Box(
            nodes[1].right, nodes[1].y - slide.px(80), nodes[2].x - nodes[1].right, slide.px(70)
        )
        note = fit_text(
            moa.effect,
            room.inset(slide.px(6), 0),
            max_size=slide.type_size(26),
            min_size=slide.type_size(14),
            weight="Medium",
            max_lines=2,
        )
        slide.paragraph(note, room, p.muted, align="centre", valign="bottom")


def _molecule(slide: Slide, box: Box, colour: RGB, bond: RGB) -> None:
    """A small-molecule sketch: a hexagon ring with side atoms."""
    cx, cy = box.centre
    r = box.w * 0.2
    ring = [
        (cx + r * math.cos(math.radians(60 * i + 30)), cy + r * math.sin(math.radians(60 * i + 30)))
        for i in range(6)
    ]
    atoms = [
        (cx + box.w * 0.4, cy - box.w * 0.16),
        (cx - box.w * 0.38, cy + box.w * 0.2),
        (cx - box.w * 0.08, cy - box.w * 0.42),
    ]
    slide.pen.circle(cx, cy, box.w * 0.5, (*colour, 40))
    for a, b in ((ring[0], atoms[0]), (ring[2], atoms[1]), (ring[4], atoms[2])):
        slide.pen.line([a, b], bond, box.w * 0.035)
    slide.pen.polygon(ring, colour)
    slide.pen.circle(cx, cy, r * 0.5, WHITE)
    for i, (x, y) in enumerate(atoms):
        slide.pen.circle(x, y, box.w * (0.09 if i else 0.11), bond if i % 2 else colour)


def _enzyme(slide: Slide, box: Box, colour: RGB, site: RGB, docked: bool) -> None:
    """A target protein with an active-site notch facing the drug (left / top)."""
    cx, cy = box.centre
    r = box.w / 2
    slide.pen.circle(cx, cy, r, (*colour, 40))
    body = Box(cx - r * 0.86, cy - r * 0.86, r * 1.72, r * 1.72)
    slide.pen.pieslice(body, 215, 145, colour)
    slide.pen.circle(
        cx - r * 0.5, cy, r * 0.24, (*WHITE, 255) if not docked else mix(colour, WHITE, 0.85)
    )
    if docked:
        slide.pen.circle(cx - r * 0.52, cy, r * 0.16, site)
    for angle in (-60, 20, 80):
        a = math.radians(angle)
        slide.pen.circle(
            cx + math.cos(a) * r * 0.5,
            cy + math.sin(a) * r * 0.5,
            r * 0.08,
            mix(colour, WHITE, 0.35),
        )


def _outcome(slide: Slide, box: Box, colour: RGB, text: str) -> None:
    """The result: a disc in the secondary colour with an icon that matches the outcome."""
    cx, cy = box.centre
    r = box.w / 2
    slide.pen.circle(cx, cy, r, (*colour, 40))
    slide.pen.circle(cx, cy, r * 0.82, colour)
    draw_icon(slide.pen, icon_for(text, "heart"), box.inset(r * 0.5), icon_ink(colour), colour)


def _blocked_badge(slide: Slide, node: Box, colour: RGB) -> None:
    """An X in a small disc on the target: "this step is blocked", readable at a glance."""
    r = node.w * 0.16
    cx, cy = node.x + node.w * 0.12, node.y + node.h * 0.12
    slide.pen.circle(cx, cy, r, colour)
    ink = readable_on(colour)
    k = r * 0.45
    slide.pen.line([(cx - k, cy - k), (cx + k, cy + k)], ink, r * 0.22)
    slide.pen.line([(cx - k, cy + k), (cx + k, cy - k)], ink, r * 0.22)


def draw_process(slide: Slide, box: Box, steps: list[str], vertical: bool) -> None:
    """Numbered step cards joined by arrows: across in landscape, down in portrait.

    Cards are as tall as their text needs (all the same), and the row of them is centred, so three
    short steps do not leave three mostly empty cards.
    """
    p = slide.palette
    gap = slide.px(96 if not vertical else 48)
    pad = slide.px(34)
    cells = box.rows(len(steps), gap) if vertical else box.columns(len(steps), gap)
    disc = slide.px(84) if not vertical else min(slide.px(84), cells[0].h * 0.7)
    if vertical:
        room = [Box(0, 0, c.w - disc - pad * 3.2, c.h - pad * 2) for c in cells]
    else:
        room = [Box(0, 0, c.w - pad * 2, c.h - disc - pad * 3) for c in cells]
    size = min(
        fit_text(
            t, r, max_size=slide.type_size(44), min_size=slide.type_size(18), weight="Medium"
        ).size
        for t, r in zip(steps, room, strict=True)
    )
    fitted = [
        fit_text(t, r, max_size=size, min_size=size, weight="Medium")
        for t, r in zip(steps, room, strict=True)
    ]
    tallest = max(f.height for f in fitted)
    if vertical:
        card_h = min(cells[0].h, max(disc, tallest) + pad * 2)
        total = card_h * len(steps) + gap * (len(steps) - 1)
        cards = Box(box.x, box.y + (box.h - total) / 2, box.w, total).rows(len(steps), gap)
    else:
        card_h = min(box.h, disc + tallest + pad * 3)
        cards = [Box(c.x, box.y + (box.h - card_h) / 2, c.w, card_h) for c in cells]
    for i, (text, card) in enumerate(zip(fitted, cards, strict=True)):
        last = i == len(steps) - 1
        slide.pen.rect(
            Box(card.x, card.y + slide.px(8), card.w, card.h), (*INK, 18), radius=slide.px(24)
        )
        slide.pen.rect(card, p.secondary, radius=slide.px(24))
        face = (
            Box(card.x + slide.px(10), card.y, card.w - slide.px(10), card.h)
            if vertical
            else Box(card.x, card.y + slide.px(10), card.w, card.h - slide.px(10))
        )
        slide.pen.rect(face, p.card, radius=slide.px(22))
        if vertical:
            cx, cy = card.x + pad + disc / 2, card.centre[1]
            place = Box(
                cx + disc / 2 + pad,
                card.y + pad,
                card.right - cx - disc / 2 - pad * 2,
                card.h - pad * 2,
            )
        else:
            cx, cy = card.x + pad + disc / 2, card.y + pad + disc / 2
            place = Box(card.x + pad, cy + disc / 2 + pad, card.w - pad * 2, text.height)
        colour = p.accent if last else p.emphasis
        slide.pen.circle(cx, cy, disc / 2, colour)
        slide.text((cx, cy), str(i + 1), disc * 0.5, "Bold", readable_on(colour), "mm")
        slide.paragraph(text, place, p.card_text, valign="middle" if vertical else "top")
        if not last:
            nxt = cards[i + 1]
            if vertical:
                arrow(
                    slide,
                    (cx, card.bottom + slide.px(10)),
                    (cx, nxt.y - slide.px(6)),
                    p.secondary,
                    slide.px(7),
                )
            else:
                y = card.centre[1]
                arrow(
                    slide,
                    (card.right + slide.px(16), y),
                    (nxt.x - slide.px(14), y),
                    p.secondary,
                    slide.px(8),
                )
