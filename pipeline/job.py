"""Everything a stage needs besides its upstream outputs: brief, frame profile, folder, providers.

A `Job` holds no secrets, so it can be a task parameter, part of a cache key and a stored result.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from pipeline.briefs import Brief
from pipeline.profile import RenderProfile
from pipeline.settings import Settings
from pipeline.workspace import Workspace


class ProviderChoice(BaseModel):
    """Which backend each generating stage uses (names only, never keys)."""

    model_config = ConfigDict(frozen=True)

    writer: str = "offline"
    images: str = "pillow"
    speech: str = "espeak"
    voice: str = ""


class Job(BaseModel):
    """One video being made: the validated brief plus how and where to make it."""

    model_config = ConfigDict(frozen=True)

    brief: Brief
    profile: RenderProfile
    root: Path
    providers: ProviderChoice

    @classmethod
    def create(cls, brief: Brief, settings: Settings) -> Job:
        """The job for `brief` under `settings`; the same brief always gets the same folder."""
        workspace = Workspace.for_brief(settings.output_dir, brief)
        return cls(
            brief=brief,
            profile=settings.profile(brief.aspect),
            root=workspace.root,
            providers=ProviderChoice(
                writer=settings.writer,
                images=settings.images,
                speech=settings.speech,
                voice=settings.voice,
            ),
        )

    @property
    def workspace(self) -> Workspace:
        """The video's working folder."""
        return Workspace(root=self.root)

    @property
    def video_type(self) -> str:
        """The brief's video type (part of every cache key)."""
        return self.brief.video_type
