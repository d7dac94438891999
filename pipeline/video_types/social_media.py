"""Social media post: short and platform-shaped; the platform sets the frame and longest length."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from pipeline.beats import Beat, ListSlot, Slot
from pipeline.beats import BeatTemplate as T
from pipeline.briefs import Aspect, BriefBase
from pipeline.rules import BULLET_MAX, MAX_BULLETS
from pipeline.text import hashtag, sentence
from pipeline.video_types.spec import VideoTypeSpec


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
    hashtags: list[Annotated[str, Field(pattern=r"^#?\w+$", max_length=60)]] = Field(
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


COPY: dict[str, T] = {
    # Short, punchy, platform-native.
    "social_media.hook": T(
        ("{topic}", "Did you know?", "Stop scrolling"),
        "Hook the viewer in the first seconds.",
        ("{topic_sentence}", "Did you know? {topic_sentence}", "Stop scrolling. {topic_sentence}"),
        ("Here's what you need to know.",),
        visual_kind="title",
    ),
    "social_media.point": T(
        ("{item}", "{ordinal}: {item}", "#{n}: {item}"),
        "Make one key point.",
        ("{ordinal}:", "Number {n}:", "Next up:"),
        ("Don't brush it off.", "If it's new for you, get it checked."),
    ),
    "social_media.points": T(
        ("Key points", "What to know", "Quick facts"),
        "Make the key points, one per bullet.",
        ("Here's what to know.", "Quick facts:", "Remember these."),
        (),
    ),
    "social_media.closing": T(
        ("Share this", "Pass it on", "Save this post"),
        "Close with the brand and the hashtags on screen.",
        ("Share this with someone who needs it.", "Pass it on.", "Save this for later."),
        ("Questions about your health? Talk to your doctor.", "From {brand}."),
        visual_kind="cta",
        short="Share this.",
    ),
}


class SocialMediaSpec(VideoTypeSpec[SocialMediaBrief]):
    """A hook, the points, and a closing with the hashtags on screen."""

    brief = SocialMediaBrief
    summary = "A short platform-shaped post (9:16 or 1:1 by platform)"
    icon = "chat"
    kept_in_translation = frozenset({"hashtags"})
    copy = COPY
    topic_followup = "Learn more about {topic} from a trusted source."

    def fields(self, brief: SocialMediaBrief) -> dict[str, str]:
        """The topic, as a headline and as a spoken sentence."""
        return super().fields(brief) | {
            "topic": brief.topic,
            "topic_sentence": sentence(brief.topic),
        }

    def plan(self, brief: SocialMediaBrief) -> list[Slot]:
        """Hook, the points (the topic if none), closing."""
        points = tuple(brief.key_points) or (brief.topic,)
        return [
            Beat("social_media.hook", weight=0.6),
            ListSlot("social_media.point", "social_media.points", points),
            Beat("social_media.closing", tail=True, bullets=_hashtag_lines(brief.hashtags)),
        ]

    def subject(self, brief: SocialMediaBrief) -> str:
        """The first two hashtags, else the brand."""
        return " ".join(hashtag(tag) for tag in brief.hashtags[:2]) or brief.brand.name

    def subtitle(self, brief: SocialMediaBrief) -> str:
        """Every hashtag."""
        return " ".join(hashtag(tag) for tag in brief.hashtags)

    def contact_lines(self, brief: SocialMediaBrief, shown: list[str]) -> list[str]:
        """The scene's rows, else the hashtags (else the topic) where a contact card would be."""
        return shown or [self.subtitle(brief) or brief.topic]


def _hashtag_lines(hashtags: list[str]) -> tuple[str, ...]:
    """Hashtags packed into at most four on-screen lines."""
    lines: list[str] = []
    for tag in (hashtag(t) for t in hashtags):
        if lines and len(lines[-1]) + len(tag) < BULLET_MAX:
            lines[-1] += f" {tag}"
        elif len(lines) < MAX_BULLETS:
            lines.append(tag)
    return tuple(lines)


SPEC = SocialMediaSpec()
