"""Stage 4 as a task: motion, transitions and caption style per scene, with a preview GIF."""

from __future__ import annotations

from prefect import task

from pipeline.job import Job
from pipeline.outputs import Animations, Scenes, Visuals
from pipeline.previews import animations_markdown
from pipeline.revision import Revision
from pipeline.stages.animations import plan_animations
from tasks.artifacts import publish
from tasks.caching import stage_cache_key
from tasks.retries import retry_transient
from tasks.storage import synced


@task(
    name="animations",
    retries=1,
    retry_condition_fn=retry_transient,
    retry_delay_seconds=2,
    cache_key_fn=stage_cache_key,
    persist_result=True,
)
def animations_task(job: Job, scenes: Scenes, visuals: Visuals, revision: Revision) -> Animations:
    """Plan how each scene moves and enters, and draw the reviewer's preview."""
    with synced(job):
        animations = plan_animations(
            job.brief,
            scenes,
            visuals,
            revision=revision,
            profile=job.profile,
            workspace=job.workspace,
        )
        publish("animations", revision.version, animations_markdown(animations, job.workspace))
        return animations
