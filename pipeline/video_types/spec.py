"""What a video type is: its brief, its copy, its scene plan and the content it must carry.

Code outside `video_types/` asks a brief's spec (`spec_for(brief)`) instead of switching on the
brief's class, so a type's knowledge lives in one module. A spec subclass overrides only what
differs from these defaults; every hook takes the validated brief and returns plain values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import UnionType
from typing import Annotated, ClassVar, Generic, TypeVar, Union, get_args, get_origin

from pipeline.beats import BeatTemplate, Slot
from pipeline.briefs import BriefBase
from pipeline.outputs import Script

B = TypeVar("B", bound=BriefBase)


@dataclass(frozen=True)
class DiagramHint:
    """What the mechanism diagram can take from the brief rather than from the slide's bullets.

    `agent` is the medicine the chain starts from (None: the scene's bullets name cause, mechanism
    and effect themselves); `notes` are the user's own words on target and pathway; `outcome` is
    what the chain ends in when the bullets do not say.
    """

    agent: str | None = None
    notes: str = ""
    outcome: str | None = None


class VideoTypeSpec(Generic[B]):
    """The defaults every video type starts from; a type's module subclasses and overrides.

    `copy` holds the type's offline templates, keyed "<type>.<beat>"; `plan` lists the beats in
    running order (lists stay `ListSlot`s until the duration decides how many scenes they get).
    `compliance_rules` names the regulatory checks the type opts into, by rule id.
    """

    brief: ClassVar[type[BriefBase]]
    summary: ClassVar[str]
    icon: ClassVar[str] = "check"
    copy: ClassVar[Mapping[str, BeatTemplate]]
    topic_followup: ClassVar[str] = "Ask your doctor about {topic}."
    """One safe sentence for a topic a reviewer adds: it points to a source, never a claim."""
    compliance_rules: ClassVar[tuple[str, ...]] = ()
    logo_on_slides: ClassVar[bool] = True
    kept_in_translation: ClassVar[frozenset[str]] = frozenset()
    """Text fields a localized version keeps as written: names, numbers and addresses."""

    @property
    def name(self) -> str:
        """The type's id, as briefs, flows and deployments spell it."""
        return str(self.brief.model_fields["video_type"].default)

    def fields(self, brief: B) -> dict[str, str]:
        """The template fields the brief fills: the user's words, shaped for speech."""
        return {"brand": brief.brand.name}

    def plan(self, brief: B) -> list[Slot]:
        """The type's beats in running order, before the duration picks how many."""
        raise NotImplementedError(f"{type(self).__name__} must plan its beats")

    def followup(self, brief: B, topic: str) -> str:
        """The safe sentence that brings a reviewer's `topic` into this brief's script."""
        return self.topic_followup.format(topic=topic)

    def subject(self, brief: B) -> str:
        """The short kicker above headlines: what the video is about."""
        return brief.brand.name

    def subtitle(self, brief: B) -> str:
        """The line under the opening title when the scene itself gives none."""
        return ""

    def sponsor_line(self, brief: B) -> str:
        """The brand line in every slide's footer."""
        return brief.brand.name

    def fair_balance(self, brief: B) -> str | None:
        """Text that must end the video in a `safety` scene, shown and read word for word."""
        return None

    def call_to_action(self, brief: B) -> str | None:
        """The call-to-action button's text, when the brief states one."""
        return None

    def contact_lines(self, brief: B, shown: list[str]) -> list[str]:
        """Rows for the contact card: the scene's own, plus whatever the brief adds."""
        return shown

    def diagram(self, brief: B) -> DiagramHint:
        """Labels the mechanism diagram may take from the brief."""
        return DiagramHint()

    def writer_rules(self, brief: B) -> list[str]:
        """Rules a model-backed writer is told beyond the storyboard's and fair balance's."""
        return []

    def translatable_fields(self, brief: B) -> dict[str, str | list[str]]:
        """The brief's own words a localized version says or shows in its language.

        Plain text fields (lists of text included) that hold something; choices (audience,
        platform), names and contact details (`kept_in_translation`) stay as written.
        """
        shared = set(BriefBase.model_fields) | {"video_type"}
        fields: dict[str, str | list[str]] = {}
        for name, info in type(brief).model_fields.items():
            if name in shared or name in self.kept_in_translation:
                continue
            value = getattr(brief, name)
            if _is_text(info.annotation) and value:
                fields[name] = list(value) if isinstance(value, list) else value
        return fields

    def caption_limit(self, brief: B) -> int | None:
        """The post caption's length limit; None for a type that has no post caption."""
        return None

    def caption_rules(self, brief: B) -> list[str]:
        """What a model writing the post caption must keep (none, for a type without one)."""
        return []

    def post_caption(self, brief: B, script: Script) -> str | None:
        """The offline post caption, for a type published with one (social posts)."""
        return None

    def banned_names(self, brief: B, text: str) -> list[str]:
        """Names in `text` that this video must never show or say (none, for most types)."""
        return []


def _is_text(annotation: object) -> bool:
    """Whether a field holds free text: `str`, `str | None` or `list[str]` (constrained or not)."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) is list:
        return bool(args) and _is_text(args[0])
    if get_origin(annotation) is Annotated:
        return _is_text(args[0])
    if args and get_origin(annotation) in (Union, UnionType):
        return len(args) == 1 and _is_text(args[0])
    return annotation is str
