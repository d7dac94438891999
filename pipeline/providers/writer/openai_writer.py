"""A model-backed writer: scenes and script from any OpenAI-compatible chat or responses API.

The SDK's structured outputs parse the model's answer straight into the draft models below;
drafts then become `Scenes` / `Script` and pass the same checks the stages apply to every
writer. An answer that does not validate is sent back to the model with the error (up to
`repair_attempts` times) before the stage fails with a `StageError` naming model and cause.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeVar

import openai
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.briefs import LineText, SceneText, Translation
from pipeline.checks import no_check
from pipeline.errors import StageError
from pipeline.outputs import Headline, Points, Scene, Scenes, Script, ScriptLine, VisualKind
from pipeline.providers.openai_client import OpenAIEndpoint
from pipeline.providers.writer.prompts import (
    Message,
    caption_messages,
    repair_message,
    scenes_messages,
    script_messages,
    translation_messages,
)
from pipeline.revision import Revision
from pipeline.rules import BULLET_MAX, MAX_BULLETS, MAX_SCENES_ACCEPTED, TITLE_MAX
from pipeline.video_types import Brief, spec_for

MAX_ERROR_CHARS = 600
Draft = TypeVar("Draft", bound=BaseModel)
Result = TypeVar("Result")


class _Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SceneDraft(_Draft):
    """One scene as the model writes it; the writer numbers scenes by position."""

    title: Headline = Field(
        description=f"Headline shown on the slide, at most {TITLE_MAX} characters."
    )
    purpose: str = Field(description="What the scene must achieve, in one sentence.")
    bullets: Points = Field(
        description=f"0-{MAX_BULLETS} short on-screen points, each at most {BULLET_MAX} characters."
    )
    visual_kind: VisualKind = Field(description="Slide layout.")
    duration_hint_s: float = Field(description="Planned length in seconds.")

    @field_validator("duration_hint_s")
    @classmethod
    def _positive(cls, value: float) -> float:
        if not 0 < value <= 600:
            raise ValueError("duration_hint_s must be a positive number of seconds")
        return value


class StoryboardDraft(_Draft):
    """The storyboard the model returns."""

    scenes: list[SceneDraft]

    @field_validator("scenes")
    @classmethod
    def _some_scenes(cls, value: list[SceneDraft]) -> list[SceneDraft]:
        if not 1 <= len(value) <= MAX_SCENES_ACCEPTED:
            raise ValueError(f"give between 1 and {MAX_SCENES_ACCEPTED} scenes, not {len(value)}")
        return value


class LineDraft(_Draft):
    """One narration line as the model writes it."""

    scene_index: int = Field(description="The number of the scene this line is spoken over.")
    narration: str = Field(description="What the voice says during the scene.")

    @field_validator("narration")
    @classmethod
    def _said(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("every line needs narration")
        return value.strip()


class ScriptDraft(_Draft):
    """The narration the model returns."""

    lines: list[LineDraft]


class CaptionDraft(_Draft):
    """A social post's caption as the model writes it."""

    caption: str = Field(description="The post caption, hashtags at the end.")


class FieldDraft(_Draft):
    """One brief field's translated texts (one text, or one per list item)."""

    name: str = Field(description="The brief field's name, as given.")
    texts: list[str] = Field(description="Its text(s) in the target language, in order.")


class SceneTextDraft(_Draft):
    """One scene's on-screen words, translated."""

    index: int = Field(description="The scene's number, as given.")
    title: Headline = Field(description=f"The headline, at most {TITLE_MAX} characters.")
    purpose: str = Field(description="The note for reviewers.")
    bullets: Points = Field(description=f"The bullets, each at most {BULLET_MAX} characters.")


class TranslationDraft(_Draft):
    """The translation the model returns (lists only: structured outputs take no free maps)."""

    brief_fields: list[FieldDraft]
    scenes: list[SceneTextDraft]
    lines: list[LineDraft]
    post_caption: str = Field(description="The post caption translated; '' when there is none.")

    def translation(self, shapes: dict[str, str | list[str]]) -> Translation:
        """As a `Translation`; `shapes` (the source's fields) says which field is one text."""
        brief: dict[str, str | list[str]] = {}
        for item in self.brief_fields:
            one = isinstance(shapes.get(item.name), str)
            if one and len(item.texts) != 1:
                raise _Unusable(f"brief field {item.name} takes exactly one text")
            brief[item.name] = item.texts[0] if one else list(item.texts)
        return Translation(
            brief=brief,
            scenes=[SceneText(**scene.model_dump()) for scene in self.scenes],
            script=[LineText(**line.model_dump()) for line in self.lines],
            post_caption=self.post_caption.strip() or None,
        )


class _Unusable(Exception):
    """The model's answer parsed but breaks a rule; its text goes back to the model."""


class OpenAIWriter:
    """`Writer` backed by a chat model; `previous` (optional) is the version being revised."""

    name = "openai"

    def __init__(
        self,
        endpoint: OpenAIEndpoint,
        model: str,
        *,
        api: Literal["chat", "responses"] = "chat",
        repair_attempts: int = 2,
    ) -> None:
        self.endpoint = endpoint
        self.model = model
        self.api = api
        self.repair_attempts = repair_attempts

    def write_scenes(
        self,
        brief: Brief,
        revision: Revision,
        *,
        previous: Scenes | None = None,
        check: Callable[[Scenes], None] = no_check,
    ) -> Scenes:
        """The storyboard for `brief`, revised by all of `revision`'s feedback."""
        messages = scenes_messages(brief, revision, previous)

        def accept(draft: StoryboardDraft) -> Scenes:
            scenes = Scenes(
                scenes=[
                    Scene(index=n, **scene.model_dump()) for n, scene in enumerate(draft.scenes, 1)
                ],
                version=revision.version,
            )
            _check(check, scenes)
            return scenes

        return self.structured("scenes", messages, StoryboardDraft, accept)

    def write_script(
        self,
        brief: Brief,
        scenes: Scenes,
        revision: Revision,
        *,
        previous: Script | None = None,
        check: Callable[[Script], None] = no_check,
    ) -> Script:
        """One narration line per approved scene, revised by all of `revision`'s feedback."""
        messages = script_messages(brief, scenes, revision, previous)

        def accept(draft: ScriptDraft) -> Script:
            lines = [
                ScriptLine(scene_index=line.scene_index, narration=line.narration)
                for line in draft.lines
            ]
            script = Script(lines=_fair_balance(brief, scenes, lines), version=revision.version)
            _check(check, script)
            return script

        return self.structured("script", messages, ScriptDraft, accept)

    def write_post_caption(self, brief: Brief, script: Script) -> str:
        """The caption beside a social post; the type's rules (risks, link) kept word for word."""
        spec = spec_for(brief)
        limit = spec.caption_limit(brief) or 0
        fields = ("important_risks", "risk_info_url")
        needed = [text for text in (getattr(brief, f, None) for f in fields) if text]

        def accept(draft: CaptionDraft) -> str:
            caption = draft.caption.strip()
            missing = [text for text in needed if text not in caption]
            if missing:
                raise _Unusable(f"the caption must contain word for word: {'; '.join(missing)}")
            if not caption or len(caption) > limit:
                raise _Unusable(f"the caption must have 1 to {limit} characters")
            return caption

        return self.structured("script", caption_messages(brief, script), CaptionDraft, accept)

    def translate(
        self,
        brief: Brief,
        source: Translation,
        *,
        source_language: str,
        language: str,
        revision: Revision,
        previous: Translation | None = None,
        check: Callable[[Translation], None] = no_check,
    ) -> Translation:
        """`source` (a master's words) in `language`, revised by all of `revision`'s feedback.

        `check` holds the answer to its master (every scene, field and line); what it rejects
        goes back to the model like any invalid answer.
        """
        messages = translation_messages(
            brief,
            source,
            source_language=source_language,
            language=language,
            revision=revision,
            previous=previous,
        )

        def accept(draft: TranslationDraft) -> Translation:
            translation = draft.translation(source.brief)
            _check(check, translation)
            return translation

        return self.structured("translation", messages, TranslationDraft, accept)

    def structured(
        self,
        stage: str,
        messages: list[Message],
        draft_type: type[Draft],
        accept: Callable[[Draft], Result],
    ) -> Result:
        """One structured answer from the model: ask, parse and check with `accept`.

        Each failure goes back to the model to repair, then it gives up clearly. Every stage's
        draft comes through here, and so does the compliance judge's.
        """
        error = ""
        attempts = self.repair_attempts + 1
        for _ in range(attempts):
            try:
                return accept(self._ask(stage, messages, draft_type))
            except ValidationError as exc:
                error = _validation_summary(exc)
            except openai.LengthFinishReasonError:
                error = "it was cut off at the length limit; answer more briefly"
            except _Unusable as exc:
                error = str(exc)
            messages = [*messages, repair_message(error)]
        raise self.endpoint.error(
            stage,
            self.name,
            f"model {self.model!r} gave no valid {stage} in {attempts} attempt(s); "
            f"last problem: {error}",
            "regenerate to try again, or choose another model (REELFLOW_OPENAI_TEXT_MODEL)",
        )

    def _ask(self, stage: str, messages: list[Message], draft_type: type[Draft]) -> Draft:
        """One structured-output request (with transport retries); refusals end the stage."""
        what = f"{stage} from {self.model}"
        if self.api == "responses":
            response = self.endpoint.call(
                stage,
                self.name,
                what,
                lambda timeout: self.endpoint.client.responses.parse(
                    model=self.model, input=messages, text_format=draft_type, timeout=timeout
                ),
            )
            refusal = _responses_refusal(response)
            parsed = response.output_parsed
        else:
            completion = self.endpoint.client.chat.completions
            result = self.endpoint.call(
                stage,
                self.name,
                what,
                lambda timeout: completion.parse(
                    model=self.model, messages=messages, response_format=draft_type, timeout=timeout
                ),
            )
            if not result.choices:
                raise _Unusable("the answer held no choices")
            message = result.choices[0].message
            refusal, parsed = message.refusal, message.parsed
        if refusal:
            raise self.endpoint.error(
                stage,
                self.name,
                f"model {self.model!r} refused: {refusal}",
                "rephrase the brief or the feedback, or use another model",
            )
        if parsed is None:
            raise _Unusable("the answer was empty")
        return parsed


def _check(check: Callable[[Result], None], output: Result) -> None:
    """Run the stage's check; its complaint becomes a repair message instead of a failure."""
    try:
        check(output)
    except StageError as exc:
        raise _Unusable(exc.cause) from None


def _fair_balance(brief: Brief, scenes: Scenes, lines: list[ScriptLine]) -> list[ScriptLine]:
    """The safety line reads the brief's fair balance verbatim, whatever the model did.

    Fair balance is dictated by the brief, not written: the safety line is the brief's exact
    words and nothing else, so the slide showing them is on screen from the first word spoken.
    """
    text = spec_for(brief).fair_balance(brief)
    if text is None:
        return lines
    safety = {s.index for s in scenes.scenes if s.visual_kind == "safety"}
    return [
        ScriptLine(scene_index=line.scene_index, narration=text)
        if line.scene_index in safety and line.narration != text
        else line
        for line in lines
    ]


def _responses_refusal(response: object) -> str | None:
    for output in getattr(response, "output", None) or []:
        for content in getattr(output, "content", None) or []:
            if getattr(content, "type", "") == "refusal":
                return content.refusal
    return None


def _validation_summary(error: ValidationError) -> str:
    """The validation errors in a line or two, as the model needs them to fix its answer."""
    parts = []
    for item in error.errors(include_url=False):
        where = ".".join(str(p) for p in item["loc"]) or "(answer)"
        parts.append(f"{where}: {str(item['msg']).removeprefix('Value error, ')}")
    text = "; ".join(parts)
    return text if len(text) <= MAX_ERROR_CHARS else f"{text[:MAX_ERROR_CHARS]}…"
