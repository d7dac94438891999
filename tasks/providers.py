"""Build the job's providers inside the task run.

Secrets come from the worker's settings (or a Prefect Secret block) and never travel as task
parameters, which Prefect stores and shows.
"""

from __future__ import annotations

from pipeline.fallbacks import FALLBACK_LOG
from pipeline.job import Job
from pipeline.providers.images import SlideArtist
from pipeline.providers.registry import artist_for, speaker_for, writer_for
from pipeline.providers.speech import Speaker
from pipeline.providers.writer import Writer
from pipeline.settings import Settings, current_settings
from tasks.secrets import prefect_secret


def _settings_for(job: Job) -> Settings:
    """The worker's settings with the job's recorded provider choices on top."""
    choice = job.providers
    update: dict[str, str] = {
        "writer": choice.writer,
        "images": choice.images,
        "speech": choice.speech,
        "voice": choice.voice,
    }
    for field, value in (
        ("openai_text_model", choice.text_model),
        ("openai_image_model", choice.image_model),
        ("openai_tts_model", choice.tts_model),
    ):
        if value:
            update[field] = value
    return current_settings().model_copy(update=update)


def job_writer(job: Job) -> Writer:
    """The writer this job was planned with."""
    return writer_for(
        _settings_for(job), secret_loader=prefect_secret, fallback_log=job.root / FALLBACK_LOG
    )


def job_artist(job: Job) -> SlideArtist:
    """The slide artist this job was planned with."""
    return artist_for(
        _settings_for(job), secret_loader=prefect_secret, fallback_log=job.root / FALLBACK_LOG
    )


def job_speaker(job: Job) -> Speaker:
    """The speech backend this job was planned with."""
    return speaker_for(
        _settings_for(job), secret_loader=prefect_secret, fallback_log=job.root / FALLBACK_LOG
    )
