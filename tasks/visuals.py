"""Stage 3 as a task: a slide per scene, each scene its own cached sub-task.

The stage task is what the flow and the reviewer see; the per-scene tasks inside it make a
regenerate that names "scene 3" redraw only scene 3 while every other slide comes from cache.
"""

from __future__ import annotations

from prefect import task, unmapped

from pipeline.job import Job
from pipeline.outputs import Scenes, SceneVisual, Script, Visuals
from pipeline.previews import visuals_markdown
from pipeline.revision import Revision
from pipeline.stages.visuals import SlideWork, collect_visuals, draw_scene_visual, slide_work
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
    task_run_name="visual-scene-{work.scene_index}",
)
def visual_scene_task(job: Job, work: SlideWork) -> SceneVisual:
    """Draw one scene's slide."""
    return draw_scene_visual(
        job.brief, work, profile=job.profile, workspace=job.workspace, artist=job_artist(job)
    )


@task(
    name="visuals",
    retries=1,
    retry_condition_fn=retry_transient,
    retry_delay_seconds=2,
    cache_key_fn=stage_cache_key,
    persist_result=True,
)
def visuals_task(job: Job, scenes: Scenes, script: Script, revision: Revision) -> Visuals:
    """Draw every scene's slide in parallel, reusing unchanged scenes from cache."""
    with synced(job):
        work = slide_work(scenes, script, revision)
        drawn = visual_scene_task.map(job=unmapped(job), work=work).result()
        visuals = collect_visuals(drawn, revision=revision, provider=job.providers.images)
        publish("visuals", revision.version, visuals_markdown(visuals, job.workspace))
        return visuals
