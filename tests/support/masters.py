"""A delivered master's folder without a render: what `reelflow localize` reads, made fast.

The storyboard and script come from the offline writer (as a real offline master's do); the MP4
and audit are stand-ins, since loading a master only checks that they are there.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.briefs import LineText, SceneText, Translation
from pipeline.localization.master import find_manifest
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.stages.scenes import plan_scenes
from pipeline.stages.script import write_script
from pipeline.video_types import Brief, parse_brief, spec_for


def make_master(root: Path, brief: Brief, *, writer: str = "offline") -> Path:
    """Write a delivered-looking video folder for `brief` under `root`; return the folder."""
    scenes = plan_scenes(brief, revision=Revision(), writer=OfflineWriter())
    script = write_script(brief, scenes, revision=Revision(), writer=OfflineWriter())
    final = root / "final"
    final.mkdir(parents=True)
    (final / "master.mp4").write_bytes(b"not really a video")
    (final / "master-audit.json").write_text('{"decisions": []}', encoding="utf-8")
    manifest = {
        "brief": brief.model_dump(mode="json"),
        "providers": {"writer": writer},
        "files": {"mp4": "master.mp4"},
        "storyboard": scenes.model_dump(mode="json"),
        "script": script.model_dump(mode="json"),
    }
    (final / "master-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return root


def hand_translation(folder: Path, word: str = "Übersetzt") -> Translation:
    """A translation of the master at `folder` a person could have supplied: `word` + the text."""
    data = json.loads(find_manifest(folder).read_text(encoding="utf-8"))
    brief = parse_brief(data["brief"])
    fields = spec_for(brief).translatable_fields(brief)

    def said(text: str) -> str:
        return f"{word} {text}"[: max(len(text), len(word))]

    translated = {
        name: said(value) if isinstance(value, str) else [said(v) for v in value]
        for name, value in fields.items()
    }
    safety = spec_for(brief).fair_balance(brief)
    scenes = data["storyboard"]["scenes"]
    lines = data["script"]["lines"]
    safety_index = [s["index"] for s in scenes if s["visual_kind"] == "safety"]
    return Translation(
        brief=translated,
        scenes=[
            SceneText(
                index=s["index"],
                title=said(s["title"]),
                purpose=said(s["purpose"]),
                bullets=[said(b) for b in s["bullets"]],
            )
            for s in scenes
        ],
        script=[
            LineText(
                scene_index=line["scene_index"],
                narration=translated[_field_of(fields, safety)]
                if safety_index and line["scene_index"] == safety_index[-1]
                else said(line["narration"]),
            )
            for line in lines
        ],
        post_caption=said(caption) if (caption := data["script"].get("post_caption")) else None,
    )


def _field_of(fields: dict, text: str | None) -> str:
    return next(name for name, value in fields.items() if value == text)
