"""Stage 1 as a task: the storyboard, from the job's writer."""

from __future__ import annotations

from prefect import task

from pipeline.job import Job
from pipeline.outputs import Scenes
from pipeline.previews import scenes_markdown
from pipeline.revision import Revision
from pipeline.stages.scenes import plan_scenes
from tasks.artifacts import publish
from tasks.caching import stage_cache_key
from tasks.providers import job_writer
from tasks.retries import retry_transient


@task(
    name="scenes",
    retries=2,
    retry_condition_fn=retry_transient,
    retry_delay_seconds=[1, 5],
    cache_key_fn=stage_cache_key,
    persist_result=True,
)
def scenes_task(job: Job, revision: Revision, previous: Scenes | None = None) -> Scenes:
    """Plan the storyboard for the brief; `previous` is the version being revised."""
    scenes = plan_scenes(job.brief, revision=revision, writer=job_writer(job), previous=previous)
    publish("scenes", revision.version, scenes_markdown(scenes))
    return scenes
