"""Everything a stage needs besides its upstream outputs: brief, frame profile, folder, providers.

A `Job` holds no secrets, so it can be a task parameter, part of a cache key and a stored result.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from pipeline.profile import RenderProfile
from pipeline.settings import Settings
from pipeline.urls import endpoint_label
from pipeline.video_types import Brief
from pipeline.workspace import Workspace


class ProviderChoice(BaseModel):
    """Which backend each generating stage uses (names only, never keys)."""

    model_config = ConfigDict(frozen=True)

    writer: str = "offline"
    images: str = "pillow"
    speech: str = "espeak"
    voice: str = ""
    text_model: str = ""  # the OpenAI-compatible models and endpoint, when a stage uses them
    image_model: str = ""
    tts_model: str = ""
    endpoint: str = ""


class Job(BaseModel):
    """One video being made: the validated brief plus how and where to make it."""

    model_config = ConfigDict(frozen=True)

    brief: Brief
    profile: RenderProfile
    root: Path
    providers: ProviderChoice

    @classmethod
    def create(
        cls, brief: Brief, settings: Settings, *, variant: str = "", writer: str = ""
    ) -> Job:
        """The job for `brief` under `settings`; the same brief always gets the same folder.

        `variant` makes a folder of its own for a brief made another way (a localized version
        of a master); `writer` names what wrote its words when that is not the settings' writer
        ("supplied" for translations the user gave).
        """
        workspace = Workspace.for_brief(settings.output_dir, brief, variant=variant)
        providers = _providers(settings)
        if writer and writer != providers.writer:
            providers = providers.model_copy(update={"writer": writer, "text_model": ""})
        return cls(
            brief=brief,
            profile=settings.profile(brief.aspect),
            root=workspace.root,
            providers=providers,
        )

    @property
    def workspace(self) -> Workspace:
        """The video's working folder."""
        return Workspace(root=self.root)

    @property
    def narration_language(self) -> str:
        """The language the narration is spoken in.

        The offline writer writes English whatever the brief's language, and an English script
        read by, say, a German voice is unintelligible, so offline scripts are spoken in English.
        """
        return "en" if self.providers.writer == "offline" else self.brief.language

    @property
    def video_type(self) -> str:
        """The brief's video type (part of every cache key)."""
        return self.brief.video_type


def _providers(settings: Settings) -> ProviderChoice:
    """Provider names and models for the cache key.

    OpenAI details appear only where a stage uses OpenAI, so offline keys ignore OpenAI settings.
    """
    uses = {settings.writer, settings.images, settings.speech}
    voice = settings.voice
    if settings.speech == "openai":
        voice = settings.voice or settings.openai_voice
    return ProviderChoice(
        writer=settings.writer,
        images=settings.images,
        speech=settings.speech,
        voice=voice,
        text_model=settings.openai_text_model if settings.writer == "openai" else "",
        image_model=settings.openai_image_model if settings.images == "openai" else "",
        tts_model=settings.openai_tts_model if settings.speech == "openai" else "",
        endpoint=endpoint_label(settings.openai_base_url) if "openai" in uses else "",
    )
