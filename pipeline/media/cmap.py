"""Which characters a font file has glyphs for, read straight from its `cmap` table.

fontTools decodes the whole table into a dict, which costs about half a second for the 44,000
characters of a Noto CJK face and would spend most of the one-second budget a new script's first
slide has. The two subtable formats every Unicode font carries are simple enough to read with
`struct`: format 12 (ranges of consecutive characters, the full Unicode range) and format 4 (BMP
segments). `tests/pipeline/test_fonts.py` holds this reader to fontTools' `getBestCmap` on every
font the project uses.
"""

from __future__ import annotations

import struct
from pathlib import Path

# Subtables in order of preference, as fontTools' getBestCmap orders them.
_PREFERRED = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


def read_cmap(path: Path, index: int = 0) -> frozenset[int]:
    """Code points mapped to a real glyph (not .notdef) in face `index` of the font at `path`."""
    data = path.read_bytes()
    offset = 0
    if data[:4] == b"ttcf":  # a collection: pick the face's table directory
        count = struct.unpack_from(">I", data, 8)[0]
        if not 0 <= index < count:
            raise ValueError(f"{path} has {count} faces, not {index + 1}")
        offset = struct.unpack_from(">I", data, 12 + 4 * index)[0]
    tables = struct.unpack_from(">H", data, offset + 4)[0]
    cmap = None
    for n in range(tables):
        tag, _, table_offset, _ = struct.unpack_from(">4sIII", data, offset + 12 + 16 * n)
        if tag == b"cmap":
            cmap = table_offset
    if cmap is None:
        raise ValueError(f"{path} has no cmap table")
    subtables: dict[tuple[int, int], int] = {}
    for n in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, encoding, sub = struct.unpack_from(">HHI", data, cmap + 4 + 8 * n)
        subtables.setdefault((platform, encoding), cmap + sub)
    for key in _PREFERRED:
        if key in subtables:
            start = subtables[key]
            kind = struct.unpack_from(">H", data, start)[0]
            if kind == 12:
                return _format12(data, start)
            if kind == 4:
                return _format4(data, start)
    raise ValueError(f"{path} has no Unicode cmap subtable in format 4 or 12")


def _format12(data: bytes, start: int) -> frozenset[int]:
    groups = struct.unpack_from(">I", data, start + 12)[0]
    points: set[int] = set()
    table = data[start + 16 : start + 16 + 12 * groups]
    for first, last, glyph in struct.iter_unpack(">III", table):
        points.update(range(first + (1 if glyph == 0 else 0), last + 1))
    return frozenset(points)


def _format4(data: bytes, start: int) -> frozenset[int]:
    segments = struct.unpack_from(">H", data, start + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, start + 14)
    starts = struct.unpack_from(f">{segments}H", data, start + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, start + 16 + 4 * segments)
    range_at = start + 16 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", data, range_at)
    points: set[int] = set()
    segments_ = zip(starts, ends, deltas, offsets, strict=True)
    for i, (first, last, delta, offset) in enumerate(segments_):
        if first == 0xFFFF:
            continue
        if offset == 0:
            points.update(c for c in range(first, last + 1) if (c + delta) & 0xFFFF)
            continue
        base = range_at + 2 * i + offset
        for c in range(first, last + 1):
            glyph = struct.unpack_from(">H", data, base + 2 * (c - first))[0]
            if glyph and (glyph + delta) & 0xFFFF:
                points.add(c)
    return frozenset(points)
