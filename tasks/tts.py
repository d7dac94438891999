"""Stage 5 as a task: narration per scene, each scene its own cached sub-task."""

from __future__ import annotations

from prefect import task

from pipeline.job import Job
from pipeline.outputs import Narration, NarrationClip, Script, ScriptLine
from pipeline.previews import narration_markdown
from pipeline.revision import Revision
from pipeline.stages.tts import speak_scene
from tasks.artifacts import publish
from tasks.caching import scene_cache_key, stage_cache_key
from tasks.providers import job_speaker
from tasks.retries import retry_transient
from tasks.storage import synced


@task(
    name="tts-scene",
    retries=2,
    retry_condition_fn=retry_transient,
    retry_delay_seconds=[1, 5],
    cache_key_fn=scene_cache_key,
    persist_result=True,
    task_run_name="tts-scene-{scene_index}",
)
def tts_scene_task(job: Job, scene_index: int, line: ScriptLine, variant: int) -> NarrationClip:
    """Speak one scene's line."""
    return speak_scene(
        line,
        language=job.narration_language,
        workspace=job.workspace,
        speaker=job_speaker(job),
        variant=variant,
    )


@task(
    name="tts",
    retries=1,
    retry_condition_fn=retry_transient,
    retry_delay_seconds=2,
    timeout_seconds=600,
    cache_key_fn=stage_cache_key,
    persist_result=True,
)
def tts_task(job: Job, script: Script, revision: Revision) -> Narration:
    """Speak every line, reusing unchanged scenes from cache."""
    with synced(job):
        futures = [
            tts_scene_task.submit(
                job, line.scene_index, line, revision.scene_version(line.scene_index)
            )
            for line in script.lines
        ]
        speaker = job_speaker(job)
        narration = Narration(
            clips=[future.result() for future in futures],
            provider=speaker.name,
            voice=speaker.voice,
            version=revision.version,
        )
        publish("tts", revision.version, narration_markdown(narration))
        return narration
