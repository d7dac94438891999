"""Slides as variants: each variant a take apart, shown as strips side by side in the review."""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

from PIL import Image

from pipeline.briefs import Aspect
from pipeline.profile import RenderProfile
from pipeline.providers.images.pillow_slides import PillowSlides
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.review_page import VARIANT_THUMB_PX, variants_preview
from pipeline.revision import Revision
from pipeline.stages.scenes import plan_scenes
from pipeline.stages.script import write_script
from pipeline.stages.visuals import slide_work
from pipeline.video_types import parse_brief
from pipeline.workspace import Workspace
from tests.support.stages import make_visuals

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _made(tmp_path: Path, revisions: list[Revision]):
    brief = parse_brief(json.loads((EXAMPLES / "moa.json").read_text()), "moa")
    writer, workspace = OfflineWriter(), Workspace(root=tmp_path)
    scenes = plan_scenes(brief, revision=Revision(), writer=writer)
    script = write_script(brief, scenes, revision=Revision(), writer=writer)
    profile = RenderProfile.for_aspect(Aspect.landscape, short_side=144)
    made = [
        make_visuals(
            brief, scenes, script, revision=r, profile=profile, workspace=workspace,
            artist=PillowSlides(),
        )
        for r in revisions
    ]  # fmt: skip
    return scenes, script, workspace, made


def test_variants_draw_each_slide_a_take_apart_and_only_the_named_scenes(tmp_path: Path) -> None:
    v2 = Revision().next("scene 2: bolder")
    scenes, script, _, (one, two) = _made(tmp_path, [v2.as_variant(1), v2.as_variant(2)])
    takes = [[w.take for w in slide_work(scenes, script, v2.as_variant(k))] for k in (1, 2)]
    assert takes[0][1] + 1 == takes[1][1]  # scene 2 moved one take on
    assert [t for i, t in enumerate(takes[0]) if i != 1] == [
        t for i, t in enumerate(takes[1]) if i != 1
    ]
    assert (one.variant, two.variant) == (1, 2)
    differ = [
        a.scene_index for a, b in zip(one.items, two.items, strict=True) if a.sha256 != b.sha256
    ]
    assert differ == [2]


def test_the_review_shows_each_variant_as_a_strip_of_its_slides(tmp_path: Path) -> None:
    v2 = Revision().next("warmer")
    variants = [v2.as_variant(k) for k in (1, 2, 3)]
    scenes, script, workspace, made = _made(tmp_path, variants)
    page = variants_preview("visuals", made, {"scenes": scenes, "script": script}, workspace)
    assert "### 3 variants side by side: pick one (`pick`: 1-3)" in page
    assert "| # | Variant 1 | Variant 2 | Variant 3 |" in page
    images = re.findall(r"!\[variant (\d)\]\(data:image/png;base64,([A-Za-z0-9+/=]+)\)", page)
    assert [n for n, _ in images] == ["1", "2", "3"]
    strips = [Image.open(io.BytesIO(base64.b64decode(data))) for _, data in images]
    assert all(strip.width < VARIANT_THUMB_PX + 40 < strip.height for strip in strips)
    assert len({strip.tobytes() for strip in strips}) == 3  # three different looks
    count = len(scenes.scenes)
    assert (
        f"#### Variant 2\n\nScenes {', '.join(str(i) for i in range(1, count + 1))} drawn" in page
    )
    assert len(page) < 400_000, "the dialog's page stays light enough for Prefect's run input"
