"""Stage 6 as a task: each scene encoded once in parallel, then joined without re-encoding.

A scene's cache key covers only what it shows and says, so a change to one scene re-renders that
scene; the next scene's task runs again too (it fades in from the changed end frame) but encodes
only its short entry segment and reuses its body from disk. The join is a stream copy.
"""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from pipeline.job import Job
from pipeline.outputs import (
    Animations,
    Narration,
    NarrationClip,
    RenderedScene,
    Scenes,
    Script,
    Video,
    Visuals,
)
from pipeline.previews import video_markdown
from pipeline.revision import Revision
from pipeline.settings import current_settings
from pipeline.stages.render import (
    SceneRenderInput,
    assemble,
    narration_track,
    plan_render,
    render_scene,
    render_scenes,
    results_in_order,
)
from tasks.artifacts import publish
from tasks.caching import scene_cache_key, stage_cache_key
from tasks.retries import retry_transient
from tasks.runners import scene_runner
from tasks.storage import synced


@task(
    name="render-scene",
    retries=1,
    retry_condition_fn=retry_transient,
    retry_delay_seconds=2,
    cache_key_fn=scene_cache_key,
    persist_result=True,
    task_run_name="render-scene-{work.scene_index}",
)
def render_scene_task(job: Job, work: SceneRenderInput) -> RenderedScene:
    """Encode one scene's video segment (on a Dask worker, with the files from the store)."""
    with synced(job):
        return render_scene(work, profile=job.profile, workspace=job.workspace)


@task(
    name="render-narration",
    retries=1,
    retry_condition_fn=retry_transient,
    cache_policy=NO_CACHE,  # the .m4a itself is content-addressed on disk
)
def render_narration_task(job: Job, clips: list[NarrationClip], frames: int) -> str:
    """Encode the narration to AAC while the scenes render (it needs only the speech)."""
    with synced(job):
        path = narration_track(clips, frames, job.profile, job.workspace)
        return job.workspace.relative(path)


@task(
    name="render",
    retries=1,
    retry_condition_fn=retry_transient,
    retry_delay_seconds=2,
    cache_key_fn=stage_cache_key,
    persist_result=True,
)
def render_task(
    job: Job,
    scenes: Scenes,
    script: Script,
    visuals: Visuals,
    animations: Animations,
    narration: Narration,
    revision: Revision,
    stage_versions: dict[str, int],
) -> Video:
    """Render all scenes in parallel and assemble the MP4, captions, poster and manifest."""
    with synced(job):
        logger = get_run_logger()
        plan = plan_render(
            scenes, visuals, animations, narration, job.profile.fps, job.brief.language
        )
        clips, frames = [scene.clip for scene in plan], sum(scene.frames for scene in plan)
        audio = render_narration_task.submit(job=job, clips=clips, frames=frames)

        def ready(done: int, total: int) -> None:
            logger.info("render: scene %d of %d ready", done, total)

        runner = scene_runner(current_settings())
        if runner is None:
            rendered = render_scenes(
                plan,
                lambda scene: render_scene_task.submit(job, scene),
                workspace=job.workspace,
                ready=ready,
            )
        else:
            with runner:
                futures = [
                    runner.submit(render_scene_task, parameters={"job": job, "work": scene})
                    for scene in plan
                ]
                rendered = results_in_order(futures, ready)
        audio.result()
        video = assemble(
            job.brief,
            scenes,
            script,
            narration,
            rendered,
            profile=job.profile,
            workspace=job.workspace,
            stage_versions=stage_versions,
            providers=job.providers.model_dump(),
        )
        publish("render", revision.version, video_markdown(video, job.workspace))
        return video
