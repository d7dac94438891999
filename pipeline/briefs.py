"""The briefs users fill in: one pydantic model per video type.

A brief is validated in full before any stage runs, so a typo in a colour or a platform name costs
the user a clear message, not a half-rendered video.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class VideoType(StrEnum):
    """The five kinds of video reelflow makes; each has its own brief and flow."""

    product_ad = "product_ad"
    moa = "moa"
    doctor_ad = "doctor_ad"
    social_media = "social_media"
    compliance_video = "compliance_video"


class Aspect(StrEnum):
    """Frame shape; the platform (or the type's default) decides it."""

    landscape = "16:9"
    portrait = "9:16"
    square = "1:1"


class Platform(StrEnum):
    """Where a social video is published: sets its aspect ratio and longest allowed length."""

    tiktok = "tiktok"
    instagram_reels = "instagram_reels"
    youtube_shorts = "youtube_shorts"
    instagram_feed = "instagram_feed"
    linkedin = "linkedin"
    facebook = "facebook"


PLATFORM_RULES: dict[Platform, tuple[Aspect, float]] = {
    Platform.tiktok: (Aspect.portrait, 180.0),
    Platform.instagram_reels: (Aspect.portrait, 90.0),
    Platform.youtube_shorts: (Aspect.portrait, 60.0),
    Platform.instagram_feed: (Aspect.square, 60.0),
    Platform.linkedin: (Aspect.square, 600.0),
    Platform.facebook: (Aspect.square, 240.0),
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


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
    def _logo_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(
                f"logo file {str(value)!r} does not exist: give a path to a PNG or JPEG"
            )
        return value


class BriefBase(_Model):
    """Fields every video type shares."""

    brand: Brand = Field(description="Brand name, colours and logo.")
    language: str = Field(
        default="en",
        pattern=r"^[a-z]{2,3}(-[a-zA-Z]{2,4})?$",
        description="Language of narration and captions as a BCP-47 code, e.g. en, en-GB, de, fr.",
    )
    target_duration_s: float = Field(
        default=45.0,
        ge=3,
        le=600,
        description="Rough length of the finished video in seconds (narration sets the exact one).",
    )

    @property
    def aspect(self) -> Aspect:
        """The frame shape of this video; social briefs override it from their platform."""
        return Aspect.landscape

    @property
    def title(self) -> str:
        """A short human title, used for file names and the video's opening slide."""
        raise NotImplementedError


class MoaBrief(BriefBase):
    """A drug's mechanism of action explained, for patients or healthcare professionals."""

    video_type: Literal["moa"] = "moa"
    drug_name: str = Field(min_length=1, max_length=80, description="Drug (brand or generic) name.")
    condition: str = Field(min_length=1, max_length=120, description="Condition the drug treats.")
    audience: Literal["patients", "hcps"] = Field(
        default="patients", description="patients (plain words) or hcps (clinical detail)."
    )
    mechanism_notes: str | None = Field(
        default=None,
        max_length=1500,
        description="Optional notes on the mechanism: target, pathway, effect.",
    )

    @property
    def title(self) -> str:
        """The opening slide's title."""
        return f"How {self.drug_name} works"


class ProductAdBrief(BriefBase):
    """An advertisement for a product, with the safety information pharma ads must carry."""

    video_type: Literal["product_ad"] = "product_ad"
    product: str = Field(min_length=1, max_length=80, description="Product name.")
    key_benefits: list[Annotated[str, Field(min_length=1, max_length=160)]] = Field(
        min_length=1, max_length=6, description="One to six benefits, one short sentence each."
    )
    audience: str = Field(min_length=1, max_length=120, description="Who the ad speaks to.")
    call_to_action: str = Field(
        min_length=1, max_length=160, description="What the viewer should do next."
    )
    safety_information: str = Field(
        min_length=1,
        max_length=1500,
        description="Important safety information shown and read at the end (fair balance).",
    )

    @property
    def title(self) -> str:
        """The opening slide's title."""
        return self.product


class DoctorAdBrief(BriefBase):
    """A local advertisement for a doctor or practice."""

    video_type: Literal["doctor_ad"] = "doctor_ad"
    doctor_or_practice: str = Field(
        min_length=1, max_length=120, description="Doctor's or practice's name."
    )
    specialty: str = Field(min_length=1, max_length=80, description="Medical specialty.")
    services: list[Annotated[str, Field(min_length=1, max_length=120)]] = Field(
        min_length=1, max_length=8, description="Services offered, one per item."
    )
    location: str = Field(min_length=1, max_length=160, description="Address or area served.")
    contact: str = Field(
        min_length=1, max_length=160, description="Phone, website or booking link shown at the end."
    )

    @property
    def title(self) -> str:
        """The opening slide's title."""
        return self.doctor_or_practice


class SocialMediaBrief(BriefBase):
    """A short post for a social platform, whose rules set the frame and the longest length."""

    video_type: Literal["social_media"] = "social_media"
    topic: str = Field(min_length=1, max_length=160, description="What the post is about.")
    platform: Platform = Field(
        description="Where it is posted: tiktok, instagram_reels, youtube_shorts, "
        "instagram_feed, linkedin or facebook.",
    )
    key_points: list[Annotated[str, Field(min_length=1, max_length=160)]] = Field(
        default_factory=list, max_length=5, description="Optional points to make, one per item."
    )
    hashtags: list[Annotated[str, Field(pattern=r"^#?\w+$")]] = Field(
        default_factory=list, max_length=10, description="Optional hashtags, e.g. #HeartHealth."
    )
    target_duration_s: float = Field(
        default=30.0,
        ge=3,
        le=600,
        description="Rough length in seconds, within the platform's limit.",
    )

    @model_validator(mode="after")
    def _fits_platform(self) -> SocialMediaBrief:
        _, longest = PLATFORM_RULES[self.platform]
        if self.target_duration_s > longest:
            raise ValueError(
                f"target_duration_s {self.target_duration_s:g} is longer than "
                f"{self.platform.value} allows ({longest:g} s): shorten it or pick another platform"
            )
        return self

    @property
    def aspect(self) -> Aspect:
        """Vertical, square or wide, as the platform wants."""
        return PLATFORM_RULES[self.platform][0]

    @property
    def max_duration_s(self) -> float:
        """The platform's longest allowed video."""
        return PLATFORM_RULES[self.platform][1]

    @property
    def title(self) -> str:
        """The opening slide's title."""
        return self.topic


class ComplianceVideoBrief(BriefBase):
    """A training video on a policy: the rules staff must follow, said plainly."""

    video_type: Literal["compliance_video"] = "compliance_video"
    policy_topic: str = Field(min_length=1, max_length=120, description="Policy the video teaches.")
    audience: str = Field(min_length=1, max_length=120, description="Who must follow it.")
    key_rules: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        min_length=1, max_length=8, description="The rules, one per item."
    )
    regulation: str | None = Field(
        default=None, max_length=160, description="Optional regulation or SOP it implements."
    )

    @property
    def title(self) -> str:
        """The opening slide's title."""
        return self.policy_topic


Brief = Annotated[
    MoaBrief | ProductAdBrief | DoctorAdBrief | SocialMediaBrief | ComplianceVideoBrief,
    Field(discriminator="video_type"),
]
BRIEF_MODELS: dict[VideoType, type[BriefBase]] = {
    VideoType.moa: MoaBrief,
    VideoType.product_ad: ProductAdBrief,
    VideoType.doctor_ad: DoctorAdBrief,
    VideoType.social_media: SocialMediaBrief,
    VideoType.compliance_video: ComplianceVideoBrief,
}
_BRIEF_ADAPTER: TypeAdapter[Brief] = TypeAdapter(Brief)


class BriefError(ValueError):
    """A brief that cannot be used; the message lists every bad field and how to fix it."""

    def __init__(self, video_type: str, error: ValidationError) -> None:
        self.video_type = video_type
        self.fields = [_field_name(e["loc"], video_type) for e in error.errors()]
        lines = [f"The {video_type} brief has {error.error_count()} problem(s):"]
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


def parse_brief(data: dict, video_type: str | None = None) -> Brief:
    """Validate raw brief data; a given `video_type` (CLI or flow) wins over the data's."""
    data = dict(data)
    if video_type is not None:
        data["video_type"] = video_type
    kind = str(data.get("video_type", "?"))
    if kind not in BRIEF_MODELS:
        valid = ", ".join(t.value for t in VideoType)
        raise ValueError(f"video_type {kind!r} is unknown: use one of {valid}")
    try:
        return _BRIEF_ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise BriefError(kind, exc) from None
