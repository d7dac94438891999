"""What each stage hands to the next: small, JSON-serialisable pydantic models.

Media files live in the video's working folder; models hold paths relative to it (POSIX strings)
so a stored result stays valid when the folder moves between machines.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from pipeline.rules import MAX_BULLETS, TITLE_MAX, WHOLE_ITEM_MAX

POST_CAPTION_MAX = 4000
"""Longest post caption kept (TikTok's limit, the longest of the platforms' that matter here)."""

VisualKind = Literal[
    "title",  # opening slide: big title, subtitle
    "bullets",  # headline + up to 4 short bullets with icons
    "mechanism",  # moa diagram: drug -> target -> effect
    "process",  # numbered steps / flow of arrows
    "stat",  # one big number or fact
    "contact",  # location / phone / website card
    "safety",  # dense safety text, readable size
    "cta",  # call to action, brand accent
]


class _Output(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    omitted_when_none: ClassVar[frozenset[str]] = frozenset()
    """Optional fields added after outputs were first hashed: left out of the dump while unset,
    so cache keys and recorded decisions made before them stay valid."""

    @model_serializer(mode="wrap")
    def _without_unset(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            for name in self.omitted_when_none:
                if data.get(name) is None:
                    data.pop(name, None)
        return data


def _headline(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("every scene needs a title")
    if len(value) > TITLE_MAX:
        raise ValueError(f"a title fits in {TITLE_MAX} characters, not {len(value)}: {value!r}")
    return value


def _points(value: list[str]) -> list[str]:
    if len(value) > MAX_BULLETS:
        raise ValueError(f"at most {MAX_BULLETS} bullets fit on a slide, not {len(value)}")
    points = [point.strip() for point in value if point.strip()]
    for point in points:
        if len(point) > WHOLE_ITEM_MAX:
            raise ValueError(
                f"an on-screen point fits in {WHOLE_ITEM_MAX} characters, not {len(point)}"
            )
    return points


Headline = Annotated[str, AfterValidator(_headline)]
"""A slide's title: not blank, within `rules.TITLE_MAX` (checked, not in the JSON schema, since
structured-output APIs reject string length keywords)."""
Points = Annotated[list[str], AfterValidator(_points)]
"""A slide's on-screen points: at most `rules.MAX_BULLETS`, blanks dropped, each within
`rules.WHOLE_ITEM_MAX` (an ordinary bullet aims at `rules.BULLET_MAX`)."""


class Scene(_Output):
    """One beat of the video: what it says on screen and what it is for."""

    index: int = Field(ge=1, description="1-based position in the video.")
    title: Headline = Field(description="Headline shown on the slide.")
    purpose: str = Field(description="What this scene must achieve, in a sentence (for reviewers).")
    bullets: Points = Field(default_factory=list, description="On-screen points.")
    visual_kind: VisualKind = Field(description="Layout the visuals stage draws.")
    duration_hint_s: float = Field(gt=0, description="Planned length; narration sets the real one.")


class Scenes(_Output):
    """The storyboard: ordered scenes (stage 1)."""

    scenes: list[Scene] = Field(min_length=1)
    version: int = Field(default=1, ge=1)
    variant: int = Field(default=0, ge=0, description="Which variant side by side; 0 = the only.")

    @model_validator(mode="after")
    def _numbered_in_order(self) -> Scenes:
        indexes = [scene.index for scene in self.scenes]
        if indexes != list(range(1, len(indexes) + 1)):
            raise ValueError(f"scene indexes are {indexes}, not 1..{len(indexes)}")
        return self


class ScriptLine(_Output):
    """Narration for one scene."""

    scene_index: int = Field(ge=1)
    narration: str = Field(min_length=1, description="What the voice says during the scene.")


class Script(_Output):
    """The words spoken, scene by scene (stage 2)."""

    lines: list[ScriptLine] = Field(min_length=1)
    version: int = Field(default=1, ge=1)
    variant: int = Field(default=0, ge=0, description="Which variant side by side; 0 = the only.")
    post_caption: str | None = Field(
        default=None,
        max_length=POST_CAPTION_MAX,
        description="The text a social platform shows beside the video (social posts only).",
    )
    omitted_when_none = frozenset({"post_caption"})

    def for_scene(self, index: int) -> ScriptLine:
        """The line narrated over scene `index`."""
        return next(line for line in self.lines if line.scene_index == index)

    @property
    def word_count(self) -> int:
        """Words across all lines (reviewers compare versions by it)."""
        return sum(len(line.narration.split()) for line in self.lines)


class SceneVisual(_Output):
    """The still image for one scene, larger than the frame so motion has room to move."""

    scene_index: int = Field(ge=1)
    image: str = Field(description="PNG path relative to the video folder.")
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    sha256: str = Field(description="Content hash, so the render cache notices a changed image.")


class Visuals(_Output):
    """A designed slide per scene (stage 3)."""

    items: list[SceneVisual] = Field(min_length=1)
    version: int = Field(default=1, ge=1)
    provider: str = "pillow"
    variant: int = Field(default=0, ge=0, description="Which variant side by side; 0 = the only.")

    def for_scene(self, index: int) -> SceneVisual:
        """The slide drawn for scene `index`."""
        return next(item for item in self.items if item.scene_index == index)


class Motion(_Output):
    """A slow zoom/pan across the still: a crop window moving from `start` to `end`.

    Each box is (centre_x, centre_y, zoom) in the image's relative coordinates; zoom 1.0 shows the
    whole frame-shaped image, 1.1 shows 1/1.1 of it.
    """

    start: tuple[float, float, float] = (0.5, 0.5, 1.0)
    end: tuple[float, float, float] = (0.5, 0.5, 1.08)
    easing: Literal["linear", "ease_in_out"] = "ease_in_out"


class SceneAnimation(_Output):
    """How one scene moves and enters."""

    scene_index: int = Field(ge=1)
    motion: Motion = Field(default_factory=Motion)
    transition_in: Literal["fade_from_black", "crossfade", "cut"] = "crossfade"
    transition_s: float = Field(default=0.5, ge=0, le=2)
    caption_style: Literal["lower_third", "centre", "none"] = "lower_third"


class Animations(_Output):
    """Motion, transitions and caption style per scene, plus a small preview (stage 4)."""

    items: list[SceneAnimation] = Field(min_length=1)
    preview: str | None = Field(default=None, description="Low-res animated preview (GIF) path.")
    version: int = Field(default=1, ge=1)

    def for_scene(self, index: int) -> SceneAnimation:
        """The animation planned for scene `index`."""
        return next(item for item in self.items if item.scene_index == index)


class WordTiming(_Output):
    """When a word is spoken, in seconds from the start of its scene's clip."""

    word: str
    start: float = Field(ge=0)
    end: float = Field(ge=0)


class NarrationClip(_Output):
    """The spoken audio of one scene, with its measured duration and word timings."""

    scene_index: int = Field(ge=1)
    audio: str = Field(description="WAV path relative to the video folder.")
    duration_s: float = Field(gt=0, description="Real length of the audio file, silence included.")
    words: list[WordTiming] = Field(default_factory=list)
    timing_source: Literal["engine", "estimated"] = "engine"
    sha256: str = ""


class Narration(_Output):
    """Speech per scene (stage 5)."""

    clips: list[NarrationClip] = Field(min_length=1)
    provider: str
    voice: str
    version: int = Field(default=1, ge=1)

    @property
    def total_s(self) -> float:
        """The narration's total length: the finished video is exactly this long."""
        return sum(clip.duration_s for clip in self.clips)

    def for_scene(self, index: int) -> NarrationClip:
        """The audio spoken over scene `index`."""
        return next(clip for clip in self.clips if clip.scene_index == index)


class RenderedScene(_Output):
    """One scene encoded on its own, ready to be joined without re-encoding."""

    scene_index: int = Field(ge=1)
    video: str = Field(description="Video-only MP4 segment path relative to the video folder.")
    frames: int = Field(gt=0)
    duration_s: float = Field(gt=0)
    segments: list[str] = Field(
        default_factory=list,
        description="The scene's segments in play order (entry transition, then body), each "
        "cached on its own and joined by stream copy; empty means `video` is the whole scene.",
    )

    @property
    def files(self) -> list[str]:
        """The segment paths to join for this scene, in play order."""
        return self.segments or [self.video]


class Video(_Output):
    """The finished video and everything beside it (stage 6)."""

    mp4: str
    srt: str
    poster: str
    manifest: str
    duration_s: float = Field(gt=0)
    width: int
    height: int
    fps: int
    scenes: list[RenderedScene] = Field(default_factory=list)
    version: int = Field(default=1, ge=1)
    post_caption: str | None = Field(
        default=None, description="The post caption file (final/post-caption.txt), if any."
    )
    omitted_when_none = frozenset({"post_caption"})
