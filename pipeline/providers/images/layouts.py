"""One layout per VisualKind, all on the same grid: kicker, headline, content, footer.

Layouts decide only where things go; colours come from the slide's palette, text sizes from
`fit_text`, pictures from `diagrams` and `icons`. Portrait frames stack, landscape frames split
into a text column and a picture column, square frames split less.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.outputs import Scene, ScriptLine
from pipeline.providers.images import wording
from pipeline.providers.images.canvas import Slide
from pipeline.providers.images.diagrams import arrow, draw_mechanism, draw_process, illustration
from pipeline.providers.images.geometry import (
    INK,
    Box,
    contrast,
    fit_columns,
    fit_text,
    icon_ink,
    readable_on,
)
from pipeline.providers.images.grid import Item, header, split, stack
from pipeline.providers.images.icons import draw_icon, icon_for
from pipeline.video_types import Brief

Layout = Callable[[Slide, Brief, Scene, ScriptLine | None, float], None]


def title_slide(
    slide: Slide, brief: Brief, scene: Scene, line: ScriptLine | None, bottom: float
) -> None:
    """Opening slide: kicker, very large title, subtitle and the video's main illustration."""
    p = slide.palette
    area = Box(slide.safe.x, slide.safe.y, slide.safe.w, bottom - slide.safe.y)
    text, art = split(slide, area, 0.58)
    if art is not None:
        illustration(
            slide,
            art.square(0.9 if not slide.portrait else 0.86),
            icon_for(" ".join([scene.title, *scene.bullets]), wording.default_icon(brief)),
        )
    heights = text.h * (0.5 if slide.portrait else 0.56)
    title = fit_text(
        scene.title,
        Box(text.x, 0, text.w, heights),
        max_size=slide.type_size(118, True),
        min_size=slide.type_size(40),
        weight="Black",
        spacing=1.08,
    )
    kicker = fit_text(
        wording.subject(brief).upper(),
        Box(text.x, 0, text.w, slide.px(60)),
        max_size=slide.type_size(30),
        min_size=slide.type_size(16),
        weight="Bold",
        max_lines=1,
    )
    sub = fit_text(
        wording.subtitle(brief, scene),
        Box(text.x, 0, text.w, text.h * 0.24),
        max_size=slide.type_size(46),
        min_size=slide.type_size(22),
        weight="Light",
    )
    items: list[Item] = [
        (kicker, p.kicker),
        slide.px(28),
        (title, p.headline),
        slide.px(84),
        (sub, p.text),
    ]
    stack(slide, text, items)
    total = sum(i[0].height if isinstance(i, tuple) else i for i in items)
    rule_y = (
        text.y + (text.h - total) / 2 + kicker.height + slide.px(28) + title.height + slide.px(34)
    )
    slide.pen.rect(Box(text.x, rule_y, slide.px(110), slide.px(10)), p.accent, radius=slide.px(5))


def bullets_slide(
    slide: Slide, brief: Brief, scene: Scene, line: ScriptLine | None, bottom: float
) -> None:
    """Headline and up to four icon bullets on cards, with an illustration beside them."""
    p = slide.palette
    top = header(slide, brief, scene.title)
    text, art = split(slide, Box(slide.safe.x, top, slide.safe.w, bottom - top), 0.62)
    items = wording.points(scene, line)
    if art is not None:
        illustration(slide, art.square(0.86), icon_for(scene.title, wording.default_icon(brief)))
    gap = slide.px(26)
    row_h = min((text.h - gap * (len(items) - 1)) / len(items), slide.px(190))
    block = Box(
        text.x,
        text.y + (text.h - (row_h * len(items) + gap * (len(items) - 1))) / 2,
        text.w,
        row_h * len(items) + gap * (len(items) - 1),
    )
    rows = block.rows(len(items), gap)
    disc = min(row_h * 0.62, slide.px(76))
    pad = slide.px(26)
    boxes = [
        Box(r.x + pad * 2 + disc, r.y + pad * 0.6, r.w - disc - pad * 3, r.h - pad * 1.2)
        for r in rows
    ]
    size = min(
        fit_text(
            t, b, max_size=slide.type_size(42), min_size=slide.type_size(18), weight="Regular"
        ).size
        for t, b in zip(items, boxes, strict=True)
    )
    for i, (item, row, tb) in enumerate(zip(items, rows, boxes, strict=True)):
        slide.pen.rect(
            Box(row.x, row.y + slide.px(6), row.w, row.h), (*INK, 16), radius=slide.px(22)
        )
        slide.pen.rect(row, p.card, radius=slide.px(22))
        colour = p.secondary if (i + slide.style.pattern) % 2 == 0 else p.emphasis
        cx, cy = row.x + pad + disc / 2, row.centre[1]
        if slide.style.show_art:
            slide.pen.circle(cx, cy, disc / 2, colour)
            draw_icon(
                slide.pen,
                icon_for(item),
                Box(cx - disc * 0.3, cy - disc * 0.3, disc * 0.6, disc * 0.6),
                icon_ink(colour),
                colour,
            )
        else:  # "no icons": a plain marker keeps the list's rhythm
            slide.pen.rect(
                Box(cx - disc * 0.22, cy - disc * 0.07, disc * 0.44, disc * 0.14),
                p.accent,
                radius=disc * 0.07,
            )
        fitted = fit_text(item, tb, max_size=size, min_size=size, weight="Regular")
        slide.paragraph(fitted, tb, p.card_text, valign="middle")


def mechanism_slide(
    slide: Slide, brief: Brief, scene: Scene, line: ScriptLine | None, bottom: float
) -> None:
    """The mechanism of action as a labelled diagram under the headline."""
    top = header(slide, brief, scene.title)
    area = Box(slide.safe.x, top, slide.safe.w, bottom - top)
    inset = area.inset(slide.px(40 if slide.landscape else 0), 0)
    draw_mechanism(slide, inset, wording.mechanism(brief, scene, line), vertical=slide.portrait)


def process_slide(
    slide: Slide, brief: Brief, scene: Scene, line: ScriptLine | None, bottom: float
) -> None:
    """Numbered steps joined by arrows."""
    top = header(slide, brief, scene.title)
    steps = wording.points(scene, line, limit=5)
    vertical = not slide.landscape
    draw_process(slide, Box(slide.safe.x, top, slide.safe.w, bottom - top), steps, vertical)


def stat_slide(
    slide: Slide, brief: Brief, scene: Scene, line: ScriptLine | None, bottom: float
) -> None:
    """One big figure in the accent colour, what it means under it, a picture beside it."""
    p = slide.palette
    figure, caption, title = wording.stat_figure(scene, line)
    top = header(slide, brief, title, max_units=60) if title else slide.safe.y
    text, art = split(slide, Box(slide.safe.x, top, slide.safe.w, bottom - top), 0.62)
    if art is not None:
        icon = icon_for(f"{scene.title} {caption}", "chart")
        illustration(
            slide,
            art.square(0.8),
            icon if icon in {"heart", "drop", "person", "shield"} else "chart",
        )
    colour = p.accent if contrast(p.accent, p.bg_from) >= 3 else p.headline
    big = fit_text(
        figure,
        Box(text.x, 0, text.w, text.h * 0.58),
        max_size=slide.type_size(300, True),
        min_size=slide.type_size(60),
        weight="Black",
        spacing=1.0,
    )
    items: list[Item] = [(big, colour)]
    if caption:
        cap = fit_text(
            caption,
            Box(text.x, 0, text.w, text.h * 0.34),
            max_size=slide.type_size(54),
            min_size=slide.type_size(22),
            weight="Medium",
        )
        items += [slide.px(30), (cap, p.text)]
    stack(slide, text, items)


def contact_slide(
    slide: Slide, brief: Brief, scene: Scene, line: ScriptLine | None, bottom: float
) -> None:
    """A card of address, phone and web rows, each with its icon, beside a map pin."""
    p = slide.palette
    top = header(slide, brief, scene.title)
    text, art = split(slide, Box(slide.safe.x, top, slide.safe.w, bottom - top), 0.64)
    if art is not None:
        illustration(slide, art.square(0.82), "pin")
    rows = wording.contact_lines(brief, scene)
    card_h = min(text.h, slide.px(150) * len(rows) + slide.px(40))
    card = Box(text.x, text.y + (text.h - card_h) / 2, text.w, card_h)
    slide.pen.rect(
        Box(card.x, card.y + slide.px(8), card.w, card.h), (*INK, 40), radius=slide.px(28)
    )
    slide.pen.rect(card, p.card if p.text == INK else (255, 255, 255), radius=slide.px(28))
    card_text = readable_on((255, 255, 255)) if p.text != INK else p.card_text
    inner = card.inset(slide.px(36), slide.px(20))
    cells = inner.rows(len(rows), slide.px(4))
    disc = min(cells[0].h * 0.7, slide.px(84))
    boxes = [Box(c.x + disc + slide.px(32), c.y, c.w - disc - slide.px(32), c.h) for c in cells]
    size = min(
        fit_text(
            t,
            b,
            max_size=slide.type_size(44),
            min_size=slide.type_size(18),
            weight="Medium",
            max_lines=2,
        ).size
        for (_, t), b in zip(rows, boxes, strict=True)
    )
    for (icon, value), cell, tb in zip(rows, cells, boxes, strict=True):
        cx, cy = cell.x + disc / 2, cell.centre[1]
        slide.pen.circle(cx, cy, disc / 2, p.primary)
        draw_icon(
            slide.pen,
            icon,
            Box(cx - disc * 0.32, cy - disc * 0.32, disc * 0.64, disc * 0.64),
            icon_ink(p.primary),
            p.primary,
        )
        fitted = fit_text(value, tb, max_size=size, min_size=size, weight="Medium", max_lines=2)
        slide.paragraph(fitted, tb, card_text, valign="middle")


def safety_slide(
    slide: Slide, brief: Brief, scene: Scene, line: ScriptLine | None, bottom: float
) -> None:
    """The full safety text on a white panel: shrink to a readable minimum, then two columns."""
    p = slide.palette
    top = header(slide, brief, scene.title, max_units=56, icon="shield")
    room = Box(slide.safe.x, top, slide.safe.w, bottom - top)
    pad_x, pad_y = slide.px(48), slide.px(36)
    inner = room.inset(pad_x, pad_y)
    columns = fit_columns(
        wording.safety_text(brief, scene, line),
        inner,
        max_size=slide.type_size(40),
        min_size=slide.type_size(24),
        floor=slide.type_size(13),
        gap=slide.px(56),
    )
    used = max(f.height for f in columns)
    panel = room.top(used + pad_y * 2)
    slide.pen.rect(
        Box(panel.x, panel.y + slide.px(6), panel.w, panel.h), (*INK, 14), radius=slide.px(20)
    )
    slide.pen.rect(panel, p.secondary, radius=slide.px(20))
    slide.pen.rect(
        Box(panel.x + slide.px(10), panel.y, panel.w - slide.px(10), panel.h),
        p.card,
        radius=slide.px(18),
    )
    for fitted, column in zip(columns, inner.columns(len(columns), slide.px(56)), strict=True):
        slide.paragraph(fitted, column, p.card_text)


def cta_slide(
    slide: Slide, brief: Brief, scene: Scene, line: ScriptLine | None, bottom: float
) -> None:
    """The ask, on a large accent button, under a big headline."""
    p = slide.palette
    button_text, rest = wording.call_to_action(brief, scene)
    area = Box(slide.safe.x, slide.safe.y, slide.safe.w, bottom - slide.safe.y)
    text, art = split(slide, area, 0.64)
    if art is not None:
        illustration(slide, art.square(0.8), icon_for(button_text, wording.default_icon(brief)))
    kicker = fit_text(
        wording.subject(brief).upper(),
        Box(0, 0, text.w, slide.px(60)),
        max_size=slide.type_size(30),
        min_size=slide.type_size(16),
        weight="Bold",
        max_lines=1,
    )
    title = fit_text(
        scene.title,
        Box(0, 0, text.w, text.h * 0.34),
        max_size=slide.type_size(96, True),
        min_size=slide.type_size(36),
        weight="Black",
        spacing=1.08,
    )
    pad = slide.px(40)
    label_box = Box(0, 0, text.w - pad * 2.4 - slide.px(80), text.h * 0.24)
    label = fit_text(
        button_text,
        label_box,
        max_size=slide.type_size(46),
        min_size=slide.type_size(30),
        weight="Bold",
        max_lines=1,
    )
    if label.truncated:
        label = fit_text(
            button_text,
            label_box,
            max_size=slide.type_size(46),
            min_size=slide.type_size(20),
            weight="Bold",
        )
    button_h = label.height + pad * 1.6
    items: list[Item] = [
        (kicker, p.kicker),
        slide.px(24),
        (title, p.headline),
        slide.px(56),
        button_h,
    ]
    sub = None
    if rest:
        sub = fit_text(
            rest,
            Box(0, 0, text.w, text.h * 0.14),
            max_size=slide.type_size(38),
            min_size=slide.type_size(18),
            weight="Regular",
        )
        items += [slide.px(34), (sub, p.muted)]
    total = sum(i[0].height if isinstance(i, tuple) else i for i in items)
    stack(slide, text, items)
    y = text.y + (text.h - total) / 2 + kicker.height + slide.px(24) + title.height + slide.px(56)
    button = Box(text.x, y, min(text.w, label.width + pad * 2.4 + slide.px(80)), button_h)
    slide.pen.rect(
        Box(button.x, button.y + slide.px(10), button.w, button.h), (*INK, 60), radius=button_h / 2
    )
    slide.pen.rect(button, p.accent, radius=button_h / 2)
    ink = readable_on(p.accent)
    slide.paragraph(
        label, Box(button.x + pad, button.y, label.width, button.h), ink, valign="middle"
    )
    ay = button.centre[1]
    arrow(
        slide, (button.right - pad - slide.px(64), ay), (button.right - pad, ay), ink, slide.px(6)
    )


LAYOUTS: dict[str, Layout] = {
    "title": title_slide,
    "bullets": bullets_slide,
    "mechanism": mechanism_slide,
    "process": process_slide,
    "stat": stat_slide,
    "contact": contact_slide,
    "safety": safety_slide,
    "cta": cta_slide,
}
