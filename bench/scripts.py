"""`python -m bench.scripts`: what lettering every script costs (issue 14).

Two numbers the issue names:

- **first use of a new script's font ≤ 1 s.** For each script, a fresh process draws one Latin
  slide (imports and Roboto warm), then a slide in that script twice: the first pays for opening
  its fonts, reading their coverage and loading any segmenter (Thai); before the second, the text
  caches (runs, widths, line breaks) are emptied but fonts kept, so it costs the same layout work
  without the fonts. The difference is what a new script costs once (median of `--reps` fresh
  processes; the machine is shared, so single runs are noisy).
- **Latin-only slides not slower.** Every slide kind of the example briefs, drawn at 1080p still
  size by today's path (`pipeline.media.text`: coverage check, runs, the same single Roboto call)
  and by the Roboto-direct path it replaced (Pillow's `getlength`/`draw.text` on Roboto, words
  split at spaces), alternately in one process; the two must give identical PNG bytes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ("ja", "zh", "ko", "ar", "he", "hi", "th", "ru", "el")
KINDS = ("title", "bullets", "mechanism", "process", "stat", "contact", "safety", "cta")
FIRST_USE_LIMIT_S = 1.0


SAMPLES: dict[str, tuple[str, ...]] = {  # a title and three bullets per script
    "en": ("Glucose readings every minute", "No fingersticks", "Alerts before lows", "Share data"),
    "ja": ("グルコセンス", "指先穿刺なしで毎分測定", "低血糖前のアラート", "GlucoSense共有"),
    "zh": ("糖感", "每分钟读数，无需指尖采血", "低血糖前发出警报", "与医疗团队共享数据"),
    "ko": ("글루코센스", "손가락 채혈 없이 매분 측정", "저혈당 전에 알림", "의료진과 데이터 공유"),
    "ar": ("جلوكوسنس", "قراءات كل دقيقة", "تنبيهات قبل الانخفاض", "مشاركة بيانات GlucoSense"),
    "he": ("גלוקוסנס", "קריאה בכל דקה", "התראות לפני ירידות", "שיתוף נתוני GlucoSense"),
    "hi": ("ग्लूकोसेंस", "हर मिनट रीडिंग", "शुगर से पहले चेतावनी", "टीम के साथ डेटा साझा करें"),
    "th": ("กลูโคเซนส์", "อ่านค่าทุกนาที", "แจ้งเตือนก่อนน้ำตาลต่ำ", "แบ่งปันข้อมูลกับทีมแพทย์"),
    "ru": ("Глюкометр Плюс", "Показания каждую минуту", "Оповещения", "Данные для врача"),
    "el": ("ΓλυκοΣενς", "Μετρήσεις κάθε λεπτό", "Ειδοποιήσεις", "Κοινή χρήση με τον γιατρό"),
}  # fmt: skip


def _request(tag: str, kind: str = "bullets", size: tuple[int, int] = (1280, 720)):
    from pipeline.outputs import Scene, ScriptLine
    from pipeline.providers.images import SlideRequest
    from pipeline.video_types import parse_brief

    title, *bullets = SAMPLES[tag]
    data = json.loads((ROOT / "examples" / "product_ad.json").read_text(encoding="utf-8"))
    brief = parse_brief({**data, "language": tag})
    scene = Scene(
        index=1,
        title=title,
        purpose="Show the benefits.",
        bullets=bullets,
        visual_kind=kind,
        duration_hint_s=5,
    )
    line = ScriptLine(scene_index=1, narration=bullets[0])
    return SlideRequest(brief=brief, scene=scene, line=line, size=size)


def child(tag: str) -> dict[str, float]:
    """In this (fresh) process: Latin warm-up, then the script's first and second slide."""
    from pipeline.providers.images.pillow_slides import PillowSlides

    artist, out = PillowSlides(), Path(f"/tmp/reelflow-bench-scripts-{tag}.png")
    from pipeline.media import linebreak, text

    artist.draw(_request("en"), out)  # imports, Roboto and the layout code warm
    seconds = []
    for _ in range(2):
        text.runs.cache_clear()
        text._line_width.cache_clear()  # noqa: SLF001 - the same layout work, fonts kept
        linebreak._split_word.cache_clear()  # noqa: SLF001
        start = time.perf_counter()
        artist.draw(_request(tag), out)
        seconds.append(time.perf_counter() - start)
    out.unlink(missing_ok=True)
    return {"first": seconds[0], "warm": seconds[1], "font": seconds[0] - seconds[1]}


def first_use(reps: int) -> dict[str, dict[str, float]]:
    """`child` for every script, `reps` times each in a fresh interpreter; medians."""
    results = {}
    for tag in SCRIPTS:
        rows = []
        for _ in range(reps):
            done = subprocess.run(
                [sys.executable, "-m", "bench.scripts", "--child", tag],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        results[tag] = {key: statistics.median(row[key] for row in rows) for key in rows[0]}
    return results


@contextmanager
def roboto_direct() -> Iterator[None]:
    """The text path before issue 14: Roboto measured and drawn directly, words split at spaces."""
    from functools import lru_cache

    from PIL import ImageDraw

    from pipeline.media.fonts import font
    from pipeline.providers.images import canvas, geometry

    @lru_cache(maxsize=4096)
    def text_width(text: str, size: int, weight: str) -> int:
        face = font(size, weight)  # type: ignore[arg-type]
        return int(max(face.getlength(text), face.getbbox(text, anchor="la")[2]) + 0.999)

    def line_height(size: int, weight: str) -> int:
        ascent, descent = font(size, weight).getmetrics()  # type: ignore[arg-type]
        return ascent + descent

    def wrap(text: str, size: int, weight: str, width: float) -> list[str]:
        lines: list[str] = []
        for paragraph in text.split("\n"):
            current = ""
            for word in paragraph.split():
                candidate = f"{current} {word}" if current else word
                if text_width(candidate, size, weight) <= width:
                    current = candidate
                    continue
                if current:
                    lines.append(current)
                current = word
                while text_width(current, size, weight) > width and len(current) > 1:
                    cut = len(current) - 1
                    while cut > 1 and text_width(current[:cut], size, weight) > width:
                        cut -= 1
                    lines.append(current[:cut])
                    current = current[cut:]
            lines.append(current)
        return lines

    def draw_line(draw: ImageDraw.ImageDraw, xy, text, size, weight, fill, anchor, how=None):
        draw.text(xy, text, font=font(size, weight), fill=fill, anchor=anchor)

    with (
        mock.patch.object(geometry, "text_width", text_width),
        mock.patch.object(geometry, "line_height", line_height),
        mock.patch.object(geometry, "wrap", wrap),
        mock.patch.object(geometry.linebreak, "units", str.split),
        mock.patch.object(canvas.lettering, "draw_line", draw_line),
    ):
        yield


def latin_ab(reps: int) -> dict[str, float | bool]:
    """Median seconds to draw every kind once, by each path, alternating; and identical bytes."""
    from pipeline.media import text
    from pipeline.providers.images.pillow_slides import PillowSlides

    artist = PillowSlides()
    requests = [_request("en", kind, (2112, 1188)) for kind in KINDS]  # 1080p frame × overscan

    def draw_all(tag: str) -> tuple[float, list[bytes]]:
        text._line_width.cache_clear()  # noqa: SLF001 - each pass measures from cold caches
        text.runs.cache_clear()
        start = time.perf_counter()
        pngs = []
        for n, request in enumerate(requests):
            out = Path(f"/tmp/reelflow-bench-latin-{tag}-{n}.png")
            artist.draw(request, out)
            pngs.append(out.read_bytes())
            out.unlink()
        return time.perf_counter() - start, pngs

    draw_all("warm")
    now, before, same = [], [], True
    for _ in range(reps):
        seconds, new = draw_all("now")
        now.append(seconds)
        with roboto_direct():
            seconds, old = draw_all("before")
        before.append(seconds)
        same = same and new == old
    return {"now": statistics.median(now), "before": statistics.median(before), "same": same}


def main(argv: list[str] | None = None) -> dict[str, object]:
    """Measure, print the README rows and check the targets (exit 1 if one is missed)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)))
        return {}
    firsts = first_use(args.reps)
    ab = latin_ab(args.reps)
    print("| script | first slide s | warm slide s | first use of its fonts s |")
    print("|---|---:|---:|---:|")
    for tag, row in firsts.items():
        print(f"| {tag} | {row['first']:.2f} | {row['warm']:.2f} | {row['font']:.2f} |")
    ratio = ab["now"] / ab["before"]  # type: ignore[operator]
    print(
        f"\n| Latin slides, 8 kinds at 1080p | {ab['now']:.2f} s now | {ab['before']:.2f} s "
        f"Roboto-direct | {ratio:.2f}× | identical PNGs: {ab['same']} |"
    )
    worst = max(row["font"] for row in firsts.values())
    missed = []
    if worst > FIRST_USE_LIMIT_S:
        missed.append(f"first use {worst:.2f} s > {FIRST_USE_LIMIT_S} s")
    if not ab["same"] or ratio > 1.05:
        missed.append(
            f"Latin slides {ratio:.2f}× the Roboto-direct time (same bytes: {ab['same']})"
        )
    print("\ntargets:", "; ".join(missed) if missed else "met")
    if missed:
        raise SystemExit(1)
    return {"first_use": firsts, "latin": ab}


if __name__ == "__main__":
    main()
