"""The offline writer when compliance notes and a reviewer's length notes meet on one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.video_types import Brief, parse_brief

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def load(name: str, **changes: object) -> Brief:
    return parse_brief({**json.loads((EXAMPLES / f"{name}.json").read_text()), **changes})


@pytest.mark.parametrize("seconds", [6, 20])
def test_removing_a_lines_opener_and_asking_shorter_never_leaves_a_line_empty(
    seconds: int,
) -> None:
    """The flow's regenerate adds "remove <opener>" for a flagged claim: the line keeps a say."""
    brief, writer = load("moa", target_duration_s=seconds), OfflineWriter()
    scenes = writer.write_scenes(brief, Revision())
    first = writer.write_script(brief, scenes, Revision())
    opener = first.lines[0].narration.split(",")[0]
    notes = f"much shorter please\nremove {opener}"
    script = writer.write_script(brief, scenes, Revision().next(notes), previous=first)
    assert all(line.narration.strip() for line in script.lines), script.lines
    assert opener not in script.lines[0].narration
