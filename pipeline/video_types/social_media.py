"""Social media post: short and platform-shaped; the platform sets the frame and longest length."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from pipeline.beats import Beat, ListSlot, Slot
from pipeline.beats import BeatTemplate as T
from pipeline.briefs import Aspect, BriefBase
from pipeline.outputs import Script
from pipeline.rules import BULLET_MAX, MAX_BULLETS
from pipeline.text import fit, hashtag, sentence
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

CAPTION_LIMITS: dict[Platform, int] = {
    Platform.tiktok: 4000,
    Platform.instagram_reels: 2200,
    Platform.youtube_shorts: 5000,
    Platform.instagram_feed: 2200,
    Platform.linkedin: 3000,
    Platform.facebook: 4000,
}
"""Characters the platform shows in a post's caption (its description, on YouTube), from each
platform's help pages; Facebook allows far more, reelflow keeps to 4000 (`POST_CAPTION_MAX`)."""


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
    important_risks: str | None = Field(
        default=None,
        max_length=500,
        description="The most serious risks, in one or two sentences: the post caption carries "
        "them whenever the post makes a claim.",
    )
    risk_info_url: str | None = Field(
        default=None,
        max_length=200,
        pattern=r"^https?://\S+$",
        description="Link to the full risk information (prescribing information, leaflet), "
        "carried in the post caption.",
    )
    target_duration_s: float = Field(
        default=30.0,
        ge=3,
        le=600,
        description="Rough length in seconds, within the platform's limit.",
    )

    omitted_when_empty = BriefBase.omitted_when_empty | {"important_risks", "risk_info_url"}

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
    "social_media.risks": T(
        ("Important risks", "Know the risks", "Before you start"),
        "State the most serious risks, word for word, beside the claims.",
        ("Important risks:", "Know the risks:", "Before you start:"),
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
    kept_in_translation = frozenset({"hashtags", "risk_info_url"})
    copy = COPY
    topic_followup = "Learn more about {topic} from a trusted source."

    def fields(self, brief: SocialMediaBrief) -> dict[str, str]:
        """The topic, as a headline and as a spoken sentence."""
        return super().fields(brief) | {
            "topic": brief.topic,
            "topic_sentence": sentence(brief.topic),
        }

    def plan(self, brief: SocialMediaBrief) -> list[Slot]:
        """Hook, the points (the topic if none), the risks when given (read whole), closing."""
        points = tuple(brief.key_points) or (brief.topic,)
        risks: list[Slot] = []
        if brief.important_risks:  # with the claims, not left to the very end
            risk = brief.important_risks
            risks.append(
                Beat("social_media.risks", verbatim=True, notes=(risk,), bullets=(fit(risk),))
            )
        return [
            Beat("social_media.hook", weight=0.6),
            ListSlot("social_media.point", "social_media.points", points),
            *risks,
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

    def caption_limit(self, brief: SocialMediaBrief) -> int | None:
        """The platform's caption length."""
        return CAPTION_LIMITS[brief.platform]

    def caption_rules(self, brief: SocialMediaBrief) -> list[str]:
        """What a model writing the caption must keep: the risks and the link, word for word."""
        rules = [f"At most {CAPTION_LIMITS[brief.platform]} characters; end with the hashtags."]
        if brief.important_risks:
            rules.append(f"Carry the most serious risks word for word: {brief.important_risks}")
        if brief.risk_info_url:
            rules.append(f"Link to the full risk information: {brief.risk_info_url}")
        return rules

    def post_caption(self, brief: SocialMediaBrief, script: Script) -> str:
        """The offline caption: the hook, the points, the risks and their link, the hashtags.

        Risks and link come whenever the brief gives them (the FDA's 2014 draft guidance wants
        them beside any benefit claim, in the same post); points are dropped from the end until
        the caption fits the platform.
        """
        points = [f"• {sentence(p)}" for p in brief.key_points]
        risks = [f"Important risks: {brief.important_risks}"] * bool(brief.important_risks)
        link = [f"Full risk information: {brief.risk_info_url}"] * bool(brief.risk_info_url)
        tags = [" ".join(hashtag(t) for t in brief.hashtags)] * bool(brief.hashtags)
        while True:
            text = "\n".join([sentence(brief.topic), *points, *risks, *link, *tags])
            if len(text) <= CAPTION_LIMITS[brief.platform] or not points:
                return text[: CAPTION_LIMITS[brief.platform]]
            points.pop()


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
