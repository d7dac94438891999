"""Build the job's providers inside the task run.

Secrets come from the worker's settings and never travel as task parameters (which Prefect
stores and shows).
"""

from __future__ import annotations

from pipeline.job import Job
from pipeline.providers.images import SlideArtist
from pipeline.providers.registry import artist_for, speaker_for, writer_for
from pipeline.providers.speech import Speaker
from pipeline.providers.writer import Writer
from pipeline.settings import Settings, load_settings


def _settings_for(job: Job) -> Settings:
    choice = job.providers
    return load_settings().model_copy(
        update={
            "writer": choice.writer,
            "images": choice.images,
            "speech": choice.speech,
            "voice": choice.voice,
        }
    )


def job_writer(job: Job) -> Writer:
    """The writer this job was planned with."""
    return writer_for(_settings_for(job))


def job_artist(job: Job) -> SlideArtist:
    """The slide artist this job was planned with."""
    return artist_for(_settings_for(job))


def job_speaker(job: Job) -> Speaker:
    """The speech backend this job was planned with."""
    return speaker_for(_settings_for(job))
