"""Stage 3 as a task: a slide per scene, each scene its own cached sub-task.

The stage task is what the flow and the reviewer see; the per-scene tasks inside it make a
regenerate that names "scene 3" redraw only scene 3 while every other slide comes from cache.
"""

from __future__ import annotations

from prefect import task

from pipeline.job import Job
from pipeline.outputs import Scene, Scenes, SceneVisual, Script, ScriptLine, Visuals
from pipeline.previews import visuals_markdown
from pipeline.revision import Revision
from pipeline.stages.visuals import draw_scene_visual
from tasks.artifacts import publish
from tasks.caching import scene_cache_key, stage_cache_key
from tasks.providers import job_artist
from tasks.retries import retry_transient
from tasks.storage import synced


@task(
    name="visual-scene",
    retries=1,
    retry_condition_fn=retry_transient,
    retry_delay_seconds=2,
    cache_key_fn=scene_cache_key,
    persist_result=True,
    task_run_name="visual-scene-{scene_index}",
)
def visual_scene_task(
    job: Job, scene_index: int, scene: Scene, line: ScriptLine, notes: list[str], variant: int
) -> SceneVisual:
    """Draw one scene's slide."""
    return draw_scene_visual(
        job.brief,
        scene,
        line,
        profile=job.profile,
        workspace=job.workspace,
        artist=job_artist(job),
        notes=notes,
        variant=variant,
    )


@task(
    name="visuals",
    retries=1,
    retry_condition_fn=retry_transient,
    retry_delay_seconds=2,
    timeout_seconds=600,
    cache_key_fn=stage_cache_key,
    persist_result=True,
)
def visuals_task(job: Job, scenes: Scenes, script: Script, revision: Revision) -> Visuals:
    """Draw every scene's slide in parallel, reusing unchanged scenes from cache."""
    with synced(job):
        futures = [
            visual_scene_task.submit(
                job,
                scene.index,
                scene,
                script.for_scene(scene.index),
                revision.notes_for_scene(scene.index),
                revision.scene_version(scene.index),
            )
            for scene in scenes.scenes
        ]
        visuals = Visuals(
            items=[future.result() for future in futures],
            version=revision.version,
            provider=job.providers.images,
        )
        publish("visuals", revision.version, visuals_markdown(visuals, job.workspace))
        return visuals
