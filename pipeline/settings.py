"""All configuration in one place (pydantic-settings): environment variables and an optional .env.

Read once at the edge (CLI, flow start) and passed down; nothing below reads os.environ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SecretStr,
    ValidationError,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.briefs import Aspect
from pipeline.profile import RenderProfile

OFFLINE_PROVIDERS = {"writer": "offline", "images": "pillow", "speech": "espeak"}
"""What `auto` resolves to for each provider field when no OpenAI key or endpoint is configured."""

SecretLoader = Callable[[str], str]
"""Reads a named secret (e.g. a Prefect Secret block) and returns its value."""


class StageTimeouts(BaseModel):
    """The longest each stage may run, in seconds (`REELFLOW_STAGE_TIMEOUT_S__<STAGE>`).

    A stage over its limit is stopped and fails with a message naming the stage and the limit;
    in a reviewed run the reviewer sees it like any failed stage. The defaults are generous: they
    catch a hung provider or encoder, not a slow machine.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    scenes: float = Field(default=300, gt=0, le=86_400)
    script: float = Field(default=300, gt=0, le=86_400)
    visuals: float = Field(default=600, gt=0, le=86_400)
    animations: float = Field(default=600, gt=0, le=86_400)
    tts: float = Field(default=600, gt=0, le=86_400)
    render: float = Field(default=3600, gt=0, le=86_400)

    def of(self, stage: str) -> float:
        """The limit of `stage` in seconds."""
        return float(getattr(self, stage))


class Settings(BaseSettings):
    """reelflow's settings; every field is also the env var REELFLOW_<FIELD>."""

    model_config = SettingsConfigDict(
        env_prefix="REELFLOW_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        env_nested_delimiter="__",  # REELFLOW_STAGE_TIMEOUT_S__RENDER=900
    )

    output_dir: Path = Field(
        default=Path("reelflow-output"), description="Where each video's folder is created."
    )
    writer: Literal["auto", "offline", "openai"] = Field(
        default="auto", description="Scenes + script backend; auto = openai when configured."
    )
    images: Literal["auto", "pillow", "openai"] = Field(
        default="auto", description="Visuals backend; auto = openai when configured."
    )
    speech: Literal["auto", "espeak", "gtts", "openai"] = Field(
        default="auto", description="TTS backend; auto = openai when configured."
    )
    voice: str = Field(default="", description="Voice name; empty picks one for the language.")
    speech_rate_wpm: int = Field(default=160, ge=80, le=260, description="espeak words per minute.")
    gtts_timeout_s: float = Field(default=5.0, gt=0, description="gTTS connect/read timeout.")

    short_side: int = Field(default=1080, ge=90, le=2160, description="Frame's short side, px.")
    fps: int = Field(default=30, ge=1, le=60)
    x264_preset: str = Field(default="veryfast", description="libx264 preset for scene segments.")
    crf: int = Field(default=20, ge=0, le=51)
    render_runner: Literal["threads", "dask"] = Field(
        default="threads",
        description="Where per-scene renders run: threads here, or a Dask cluster (prefect-dask).",
    )
    dask_address: str | None = Field(
        default=None, description="Dask scheduler (tcp://host:8786); unset starts a local cluster."
    )
    render_workers: int = Field(default=2, ge=1, le=32, description="Scenes rendered at once.")

    review_timeout_s: int = Field(
        default=86_400, ge=10, description="How long a pause waits for a reviewer before ending."
    )
    review_poll_s: int = Field(
        default=1, ge=1, le=60, description="How often a paused run checks for Resume (s)."
    )
    max_regenerations: int = Field(default=5, ge=0, le=50, description="Regenerates per stage.")
    stage_timeout_s: StageTimeouts = Field(
        default_factory=StageTimeouts,
        description="Per-stage limits in seconds: REELFLOW_STAGE_TIMEOUT_S__RENDER=900, or all "
        "at once as JSON: REELFLOW_STAGE_TIMEOUT_S='{\"render\": 900}'.",
    )
    media_store: str | None = Field(
        default=None,
        description="fsspec URL mirroring the video folders (s3://bucket/prefix, file:///mnt/x).",
    )
    media_url: str | None = Field(
        default=None,
        description="Base URL of `reelflow media` (e.g. http://127.0.0.1:4280) for review links.",
    )

    openai_api_key: SecretStr | None = Field(
        default=None,
        description="Key for OpenAI providers (REELFLOW_OPENAI_API_KEY or OPENAI_API_KEY).",
        validation_alias=AliasChoices(
            "REELFLOW_OPENAI_API_KEY", "OPENAI_API_KEY", "openai_api_key"
        ),
    )
    openai_base_url: str | None = Field(
        default=None,
        description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 for Ollama "
        "(REELFLOW_OPENAI_BASE_URL or OPENAI_BASE_URL).",
        validation_alias=AliasChoices(
            "REELFLOW_OPENAI_BASE_URL", "OPENAI_BASE_URL", "openai_base_url"
        ),
    )
    openai_key_secret_block: str | None = Field(
        default=None,
        description="Name of a Prefect Secret block holding the key, read when no key is set.",
    )
    openai_text_model: str = Field(default="gpt-4o-mini", description="Model for scenes+script.")
    openai_text_api: Literal["chat", "responses"] = Field(
        default="chat",
        description="chat (chat.completions, what Ollama/vLLM/LM Studio serve) or responses.",
    )
    openai_image_model: str = Field(default="gpt-image-1", description="Model for illustrations.")
    openai_tts_model: str = Field(default="gpt-4o-mini-tts", description="Model for speech.")
    openai_voice: str = Field(
        default="alloy", description="OpenAI voice when REELFLOW_VOICE is empty."
    )
    openai_timeout_s: float = Field(
        default=60.0, gt=0, le=600, description="Longest wait for one OpenAI request."
    )
    openai_max_retries: int = Field(
        default=4, ge=0, le=20, description="Retries of one request (timeouts, 429, 5xx, …)."
    )
    openai_budget_s: float = Field(
        default=180.0,
        gt=0,
        le=3600,
        description="Total time one request may take, retries included.",
    )
    openai_repair_attempts: int = Field(
        default=2, ge=0, le=5, description="Re-asks when a model's answer does not validate."
    )
    fallback_to_offline: bool = Field(
        default=False,
        description="When an OpenAI provider fails, use the offline one (manifest records it).",
    )

    _automatic: set[str] = PrivateAttr(default_factory=set)

    @model_validator(mode="after")
    def _resolve_auto(self) -> Settings:
        """`auto`: a real model when an OpenAI key or endpoint is configured, else offline."""
        configured = bool(
            (self.openai_api_key and self.openai_api_key.get_secret_value())
            or self.openai_key_secret_block
            or self.openai_base_url
        )
        for field, offline in OFFLINE_PROVIDERS.items():
            if getattr(self, field) == "auto":
                setattr(self, field, "openai" if configured else offline)
                self._automatic.add(field)
        return self

    def chosen_automatically(self, field: str) -> bool:
        """Whether `field` (writer, images, speech) was left on `auto` and resolved here."""
        return field in self._automatic

    def profile(self, aspect: Aspect) -> RenderProfile:
        """The render profile for a video of `aspect` under these settings."""
        return RenderProfile.for_aspect(
            aspect,
            short_side=self.short_side,
            fps=self.fps,
            x264_preset=self.x264_preset,
            crf=self.crf,
        )


class ApiKey(NamedTuple):
    """The OpenAI key providers send, and where it was found (`reelflow doctor` says which)."""

    value: SecretStr | None
    source: Literal["settings", "secret block", ""]


def resolve_api_key(settings: Settings, secret_loader: SecretLoader | None = None) -> ApiKey:
    """The API key: from the settings (env / .env), else from the named secret block, else none.

    A loader that fails raises: the provider reports it, `doctor` explains it.
    """
    if settings.openai_api_key is not None and settings.openai_api_key.get_secret_value():
        return ApiKey(settings.openai_api_key, "settings")
    if settings.openai_key_secret_block and secret_loader is not None:
        value = secret_loader(settings.openai_key_secret_block)
        return ApiKey(SecretStr(value), "secret block") if value else ApiKey(None, "")
    return ApiKey(None, "")


@lru_cache(maxsize=1)
def load_settings() -> Settings:
    """Settings read from the environment once per process."""
    return Settings()


_CHOSEN: ContextVar[Settings | None] = ContextVar("reelflow_settings", default=None)


@contextmanager
def using_settings(settings: Settings) -> Iterator[Settings]:
    """Make `settings` the ones a run started inside this block reads (`current_settings`).

    This is how the command line hands its options (frame size, rate, output folder) to a flow
    it runs in this process: as a `Settings` built with them, never by editing the environment.
    """
    token = _CHOSEN.set(settings)
    try:
        yield settings
    finally:
        _CHOSEN.reset(token)


def current_settings() -> Settings:
    """The settings chosen for this run (`using_settings`), else the environment's."""
    return _CHOSEN.get() or load_settings()


def settings_problem(error: ValidationError) -> str:
    """A bad REELFLOW_* setting as one paragraph: which variable, what is wrong, what to do."""
    lines = [f"{error.error_count()} setting(s) cannot be used:"]
    for item in error.errors(include_url=False):
        field = "__".join(str(part) for part in item["loc"]) or "(settings)"
        given = item.get("input")
        shown = f"={given!r}" if isinstance(given, str | int | float) and "key" not in field else ""
        lines.append(
            f"  - REELFLOW_{field.upper()}{shown}: {_reason(item)}"
            ": fix or unset it (reelflow doctor shows every setting in force)"
        )
    return "\n".join(lines)


def _reason(item: dict) -> str:
    """Pydantic's message, in the words of a setting (an unknown stage lists the known ones)."""
    if item["type"] == "extra_forbidden" and item["loc"][:1] == ("stage_timeout_s",):
        return "not a stage; the stages are " + ", ".join(StageTimeouts.model_fields)
    return str(item["msg"]).removeprefix("Value error, ")
