"""Whole visuals and tts stages without Prefect, composed as their tasks compose them.

The tasks map the per-scene functions over the stage's work items and collect the results; these
helpers do the same in a loop, so tests exercise the one production implementation.
"""

from __future__ import annotations

from pipeline.outputs import Narration, Scenes, Script, Visuals
from pipeline.profile import RenderProfile
from pipeline.providers.images import SlideArtist
from pipeline.providers.speech import Speaker
from pipeline.revision import Revision
from pipeline.stages.tts import collect_narration, speak_scene, speech_work
from pipeline.stages.visuals import collect_visuals, draw_scene_visual, slide_work
from pipeline.video_types import Brief
from pipeline.workspace import Workspace


def make_visuals(
    brief: Brief,
    scenes: Scenes,
    script: Script,
    *,
    revision: Revision,
    profile: RenderProfile,
    workspace: Workspace,
    artist: SlideArtist,
) -> Visuals:
    items = [
        draw_scene_visual(brief, work, profile=profile, workspace=workspace, artist=artist)
        for work in slide_work(scenes, script, revision)
    ]
    return collect_visuals(items, revision=revision, provider=artist.name)


def narrate(
    script: Script, *, language: str, revision: Revision, workspace: Workspace, speaker: Speaker
) -> Narration:
    clips = [
        speak_scene(work, language=language, workspace=workspace, speaker=speaker)
        for work in speech_work(script, revision)
    ]
    return collect_narration(clips, speaker=speaker, revision=revision)
