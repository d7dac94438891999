"""What a delivered video records about itself: the manifest beside the MP4.

Enough to audit or reproduce a video: the brief, stage versions, providers (and every time an
offline provider stood in for a failing one), the frame profile, each scene's timing, the
approved storyboard and script, and for a localized version the master it was made from.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel

from pipeline.fallbacks import read_fallbacks
from pipeline.localization.link import read_link
from pipeline.outputs import Narration, RenderedScene, Scenes, Script
from pipeline.profile import RenderProfile
from pipeline.workspace import Workspace


def manifest(
    brief: BaseModel,
    scenes: Scenes,
    script: Script,
    narration: Narration,
    rendered: list[RenderedScene],
    *,
    profile: RenderProfile,
    workspace: Workspace,
    stage_versions: dict[str, int],
    providers: dict[str, str],
    files: dict[str, str],
) -> dict[str, object]:
    """Record what was made and from what: enough to audit or reproduce the video."""
    titles = {scene.index: scene.title for scene in scenes.scenes}
    lines = {line.scene_index: line.narration for line in script.lines}
    start_frame = 0
    per_scene = []
    for item in rendered:
        clip = narration.for_scene(item.scene_index)
        per_scene.append(
            {
                "index": item.scene_index,
                "title": titles.get(item.scene_index, ""),
                "narration": lines.get(item.scene_index, ""),
                "start_s": round(start_frame / profile.fps, 3),
                "duration_s": round(item.duration_s, 3),
                "frames": item.frames,
                "narration_s": round(clip.duration_s, 3),
                "segment": item.video,
                "segments": item.files,
            }
        )
        start_frame += item.frames
    document: dict[str, object] = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "brief": brief.model_dump(mode="json"),
        "stage_versions": stage_versions,
        "providers": providers,
        "narration": {
            "provider": narration.provider,
            "voice": narration.voice,
            "total_s": round(narration.total_s, 3),
        },
        "profile": profile.model_dump(),
        "total_frames": start_frame,
        "duration_s": round(start_frame / profile.fps, 3),
        "scenes": per_scene,
        "files": files,
        "fallbacks": [use.model_dump(mode="json") for use in read_fallbacks(workspace.root)],
        # the approved storyboard and script in full: what `reelflow localize` starts from
        "storyboard": scenes.model_dump(mode="json"),
        "script": script.model_dump(mode="json"),
    }
    link = read_link(workspace.root)
    if link is not None:
        document["localized_from"] = link.model_dump(mode="json")
    return document
