"""Stage 5 as a task: narration per scene, each scene its own cached sub-task."""

from __future__ import annotations

from prefect import task, unmapped

from pipeline.job import Job
from pipeline.outputs import Narration, NarrationClip, Script
from pipeline.previews import narration_markdown
from pipeline.revision import Revision
from pipeline.stages.tts import SpeechWork, collect_narration, speak_scene, speech_work
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
    task_run_name="tts-scene-{work.scene_index}",
)
def tts_scene_task(job: Job, work: SpeechWork) -> NarrationClip:
    """Speak one scene's line."""
    return speak_scene(
        work, language=job.narration_language, workspace=job.workspace, speaker=job_speaker(job)
    )


@task(
    name="tts",
    retries=1,
    retry_condition_fn=retry_transient,
    retry_delay_seconds=2,
    cache_key_fn=stage_cache_key,
    persist_result=True,
)
def tts_task(job: Job, script: Script, revision: Revision) -> Narration:
    """Speak every line, reusing unchanged scenes from cache."""
    with synced(job):
        work = speech_work(script, revision)
        clips = tts_scene_task.map(job=unmapped(job), work=work).result()
        narration = collect_narration(clips, speaker=job_speaker(job), revision=revision)
        publish("tts", revision.version, narration_markdown(narration))
        return narration
