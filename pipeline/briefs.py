"""What every brief shares (brand, language, duration, frame shape) and how a bad one is reported.

Each video type's own brief model lives in its module under `pipeline/video_types/`, which also
parses briefs. A brief is validated in full before any stage runs, so a typo in a colour or a
platform name costs the user a clear message, not a half-rendered video.
"""

from __future__ import annotations

import re
import unicodedata
from abc import abstractmethod
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationError,
    field_validator,
    model_serializer,
    model_validator,
)

from pipeline.languages import check_language
from pipeline.logos import check_logo
from pipeline.outputs import Headline, Points
from pipeline.rules import MAX_SCENES_ACCEPTED

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class Aspect(StrEnum):
    """Frame shape; the platform (or the type's default) decides it."""

    landscape = "16:9"
    portrait = "9:16"
    square = "1:1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _visible_text(cls, value: object) -> object:
        for text in value if isinstance(value, list | tuple) else [value]:
            if isinstance(text, str):
                _refuse_hidden_characters(text)
        return value


_ALLOWED_CONTROLS = {"\n", "\t", "\r", "\u200c", "\u200d"}
"""Line breaks and tabs are plain text; ZWNJ/ZWJ shape words in several scripts (and emoji)."""


def _refuse_hidden_characters(text: str) -> None:
    """Refuse control and invisible format characters.

    They print as boxes, break captions and can hide text from a reviewer (bidirectional
    overrides reorder what is shown).
    """
    for position, char in enumerate(text, 1):
        if unicodedata.category(char) in ("Cc", "Cf") and char not in _ALLOWED_CONTROLS:
            name = unicodedata.name(char, "a control character")
            raise ValueError(
                f"has an invisible character U+{ord(char):04X} ({name}) at character {position}: "
                "delete it (it often comes with text copied from a web page, PDF or spreadsheet)"
            )


def _hex_colour(value: str) -> str:
    if not HEX_COLOUR.match(value):
        raise ValueError(f"{value!r} is not a colour: write it as #RRGGBB, for example #0B5FFF")
    return value.upper()


class Brand(_Model):
    """How the video looks: name, colours and an optional logo file (PNG with transparency)."""

    name: str = Field(min_length=1, max_length=80, description="Brand or company name.")
    primary_color: str = Field(
        default="#0B3D91", description="Main colour as #RRGGBB (backgrounds, headlines)."
    )
    secondary_color: str = Field(
        default="#00A3AD", description="Second colour as #RRGGBB (accents, diagrams)."
    )
    accent_color: str = Field(
        default="#F5A623", description="Highlight colour as #RRGGBB (calls to action)."
    )
    logo: Path | None = Field(
        default=None, description="Optional logo image (PNG/JPEG); drawn on every slide."
    )

    @field_validator("primary_color", "secondary_color", "accent_color")
    @classmethod
    def _colours(cls, value: str) -> str:
        return _hex_colour(value)

    @field_validator("logo")
    @classmethod
    def _logo_is_an_image(cls, value: Path | None) -> Path | None:
        if value is not None:
            check_logo(value)
        return value


class Reference(_Model):
    """Where a claim comes from, as MLR reviewers cite it."""

    citation: str = Field(
        min_length=1, max_length=300, description="The source, e.g. 'Smith et al. 2024, NEJM'."
    )
    locator: str = Field(
        default="", max_length=120, description="Where in it: page, table or figure."
    )
    quote: str = Field(default="", max_length=1000, description="Optional passage quoted from it.")
    file: Path | None = Field(default=None, description="Optional copy of the source (PDF).")

    @field_validator("file")
    @classmethod
    def _file_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"reference file {str(value)!r} does not exist: fix the path")
        return value


class Claim(_Model):
    """A claim the video may make, word for word, with its reference."""

    text: str = Field(min_length=1, max_length=300, description="The claim exactly as said.")
    reference: Reference = Field(description="Its source.")


MAX_TRANSLATED_CHARS = 4000
"""Longest translated text field or narration line accepted (a brief field's own limit still
applies once the translation is placed into the localized brief)."""


class SceneText(_Model):
    """One scene's on-screen words in another language (layout, timing, kind: the master's)."""

    index: int = Field(ge=1, description="The master's scene number.")
    title: Headline = Field(description="The slide's headline.")
    purpose: str = Field(default="", max_length=600, description="For reviewers: what it is for.")
    bullets: Points = Field(
        default_factory=list, description="The slide's points, as many as the master's."
    )


class LineText(_Model):
    """One scene's narration in another language."""

    scene_index: int = Field(ge=1, description="The master's scene number.")
    narration: str = Field(
        min_length=1, max_length=MAX_TRANSLATED_CHARS, description="What the voice says."
    )


class Translation(_Model):
    """A master video's words in one other language, supplied by the user (or written by a model).

    `brief` holds the brief's own text fields translated (only those the video shows or says:
    for a product ad its safety information, for example); `scenes` the on-screen text and
    `script` the narration, scene by scene. `reelflow localize` checks it against the master:
    every scene, every line and every text field of the master's brief, nothing more.
    """

    brief: dict[str, str | list[str]] = Field(
        default_factory=dict,
        description="The brief's text fields in this language, by field name.",
    )
    scenes: list[SceneText] = Field(
        min_length=1, max_length=MAX_SCENES_ACCEPTED, description="On-screen text per scene."
    )
    script: list[LineText] = Field(
        min_length=1, max_length=MAX_SCENES_ACCEPTED, description="Narration per scene."
    )
    post_caption: str | None = Field(
        default=None,
        max_length=MAX_TRANSLATED_CHARS,
        description="The social post's caption in this language (when the master has one).",
    )

    @model_serializer(mode="wrap")
    def _without_unset_caption(self, handler: SerializerFunctionWrapHandler) -> Any:
        """Left out while unset: briefs with translations hashed before it keep their hash."""
        data = handler(self)
        if isinstance(data, dict) and data.get("post_caption") is None:
            data.pop("post_caption", None)
        return data

    @field_validator("brief")
    @classmethod
    def _brief_text(cls, value: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
        for name, text in value.items():
            for item in [text] if isinstance(text, str) else text:
                if len(item) > MAX_TRANSLATED_CHARS:
                    raise ValueError(
                        f"{name}: a translated text fits in {MAX_TRANSLATED_CHARS} characters"
                    )
                try:
                    _refuse_hidden_characters(item)
                except ValueError as exc:
                    raise ValueError(f"{name}: {exc}") from None
        return value

    @model_validator(mode="after")
    def _scene_by_scene(self) -> Translation:
        indexes = [scene.index for scene in self.scenes]
        if indexes != list(range(1, len(indexes) + 1)):
            raise ValueError(f"scenes are numbered {indexes}: number them 1..{len(indexes)}")
        lines = [line.scene_index for line in self.script]
        if lines != indexes:
            raise ValueError(
                f"the script has lines for scenes {lines} but the scenes are {indexes}: "
                "give one line per scene, in order"
            )
        return self


LanguageTag = Annotated[str, AfterValidator(check_language)]
"""A supported BCP-47 tag, in its standard form."""


class BriefBase(_Model):
    """Fields every video type shares."""

    brand: Brand = Field(description="Brand name, colours and logo.")
    language: str = Field(
        default="en",
        max_length=35,
        description="Language of narration and captions as a BCP-47 code, e.g. en, en-GB, de, fr.",
    )
    target_duration_s: float = Field(
        default=45.0,
        ge=3,
        le=600,
        description="Rough length of the finished video in seconds (narration sets the exact one).",
    )
    market: Literal["us", "eu", "uk"] = Field(
        default="us", description="Where it is shown: sets the compliance rule profile."
    )
    claims: list[Claim] = Field(
        default_factory=list,
        max_length=30,
        description="Claims the video may make, each with its reference (checked against the "
        "script).",
    )
    available_since: date | None = Field(
        default=None,
        description="When the product (or the indication the video promotes) became generally "
        "available in this market, as YYYY-MM-DD: the word 'new' is checked against it.",
    )

    translations: dict[LanguageTag, Translation] = Field(
        default_factory=dict,
        max_length=40,
        description="Your own translations for localized versions (reelflow localize), by "
        'language tag: {"de": {"brief": {...}, "scenes": [...], "script": [...]}}. '
        "A language listed here needs no model.",
    )

    omitted_when_empty: ClassVar[frozenset[str]] = frozenset({"translations", "available_since"})
    """Optional fields added after briefs were first hashed: left out of the dump while unset."""

    @field_validator("available_since")
    @classmethod
    def _plausible_date(cls, value: date | None) -> date | None:
        if value is not None and value.year < 1900:
            raise ValueError(f"{value} is not a plausible availability date: write YYYY-MM-DD")
        return value

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        return check_language(value)

    @field_validator("translations", mode="before")
    @classmethod
    def _each_language_once(cls, value: object) -> object:
        if isinstance(value, dict):
            seen: dict[str, str] = {}
            for tag in value:
                try:
                    standard = check_language(str(tag))
                except ValueError:
                    continue  # the key's own check reports it
                if standard in seen:
                    raise ValueError(f"{seen[standard]!r} and {tag!r} are one language: keep one")
                seen[standard] = str(tag)
        return value

    @model_serializer(mode="wrap")
    def _without_empty_translations(self, handler: SerializerFunctionWrapHandler) -> Any:
        """Leave `translations` (and the other `omitted_when_empty` fields) out when empty.

        A brief without them keeps its hash, so folder names and cache keys made before the
        fields existed stay valid.
        """
        data = handler(self)
        if isinstance(data, dict):
            for name in self.omitted_when_empty:
                if data.get(name) in (None, {}, [], ""):
                    data.pop(name, None)
        return data

    @property
    def aspect(self) -> Aspect:
        """The frame shape of this video; social briefs override it from their platform."""
        return Aspect.landscape

    @property
    @abstractmethod
    def title(self) -> str:
        """A short human title, used for file names and the video's opening slide."""


class BriefFileError(ValueError):
    """A brief file that cannot be read as a brief: the message names the file and the fix."""


class BriefError(ValueError):
    """A brief that cannot be used; the message lists every bad field and how to fix it."""

    def __init__(self, video_type: str, error: ValidationError, source: str = "") -> None:
        self.video_type = video_type
        self.fields = [_field_name(e["loc"], video_type) for e in error.errors()]
        where = f" in {source}" if source else ""
        lines = [f"The {video_type} brief{where} has {error.error_count()} problem(s):"]
        for err, field in zip(error.errors(), self.fields, strict=True):
            lines.append(f"  - {field}: {_plain(err)}")
        super().__init__("\n".join(lines))


def _field_name(loc: tuple, video_type: str) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] == video_type:  # the discriminated union's tag, not a field
        parts = parts[1:]
    return ".".join(parts) or "(brief)"


def _plain(err: dict) -> str:
    msg = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "missing":
        return "is required: add it to the brief"
    if err["type"] == "extra_forbidden":
        return "is not a field of this brief: remove it or check its spelling"
    return msg
