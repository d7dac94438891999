"""Stage 2 as a task: the narration for the approved scenes, from the job's writer."""

from __future__ import annotations

from prefect import task

from pipeline.job import Job
from pipeline.outputs import Scenes, Script
from pipeline.previews import script_markdown
from pipeline.revision import Revision
from pipeline.stages.script import write_script
from tasks.artifacts import publish
from tasks.caching import stage_cache_key
from tasks.providers import job_writer
from tasks.retries import retry_transient


@task(
    name="script",
    retries=2,
    retry_condition_fn=retry_transient,
    retry_delay_seconds=[1, 5],
    cache_key_fn=stage_cache_key,
    persist_result=True,
)
def script_task(
    job: Job, scenes: Scenes, revision: Revision, previous: Script | None = None
) -> Script:
    """Write the narration for the approved scenes; `previous` is the version being revised."""
    script = write_script(
        job.brief, scenes, revision=revision, writer=job_writer(job), previous=previous
    )
    publish("script", revision.version, script_markdown(scenes, script))
    return script
