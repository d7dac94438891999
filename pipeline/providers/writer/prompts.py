"""Every prompt reelflow sends to a model, as named `str.format` templates, and their builders.

Templates take named fields only; values are filled in by `str.format`, never by replacing
placeholders in text, so a brief that happens to contain "{topic}" stays as written. The
builders return chat messages; the Responses API takes the same list as its `input`.
"""

from __future__ import annotations

import json

from pipeline.briefs import Translation
from pipeline.outputs import Scenes, Script
from pipeline.revision import Revision
from pipeline.rules import BULLET_MAX, MAX_BULLETS, TITLE_MAX, WORDS_PER_SECOND, scene_range
from pipeline.video_types import Brief, spec_for

Message = dict[str, str]

WRITER_SYSTEM = """\
You write short medical and healthcare marketing and training videos for {brand}.
Use only facts the brief states; never invent statistics, claims, dosages or contact details.
Write in the language with BCP-47 code "{language}". Plain, careful, compliant wording."""

SCENES_REQUEST = """\
Plan the storyboard for a {video_type} video of about {seconds:g} seconds.

The brief (JSON):
{brief_json}

Rules:
- {scene_range} scenes, in running order; each has a headline title of at most {title_max}
  characters, a one-sentence purpose for reviewers, 0-{max_bullets} short on-screen bullets
  (each at most {bullet_max} characters), a visual_kind and a duration_hint_s in seconds (the
  hints add up to about {seconds:g}).
- visual_kind is one of: title, bullets, mechanism, process, stat, contact, safety, cta.
- The first scene is a title scene.{extra_rules}"""

SCRIPT_REQUEST = """\
Write the narration for the approved storyboard below: exactly one line per scene, with
scene_index matching the scene's number, in the same order. Each line is what the voice says
while that scene is on screen; speak about {words_per_second:g} words per second of the scene's
duration_hint_s.

The brief (JSON):
{brief_json}

The approved scenes (JSON):
{scenes_json}{extra_rules}"""

CAPTION_REQUEST = """\
Write the post caption for this {platform} video: the text the platform shows beside it. Open
with the topic, keep to facts the brief and the narration state, and make no claim the video
does not make.

The brief (JSON):
{brief_json}

The narration, scene by scene:
{narration}

Rules:{rules}"""

FAIR_BALANCE_SCENES_RULE = """
- The last scene has visual_kind "safety" and presents the important safety information."""

FAIR_BALANCE_SCRIPT_RULE = """
- The safety scene's line must contain this safety information word for word:
  {safety}"""

REVISION_NOTE = """\
This is version {version}. The reviewer rejected earlier versions with this feedback, oldest
first; honour all of it (later notes win where they conflict):
{feedback}"""

VARIANT_NOTE = """
The reviewer asked for several versions side by side; this is variant {variant}: take a clearly
different approach (wording, angle, order) from a plain revision while honouring the feedback."""

PREVIOUS_VERSION = """\
The version the reviewer just rejected (JSON) - change it as the feedback asks and keep what
the feedback does not mention:
{previous_json}"""

TRANSLATE_SYSTEM = """\
You translate approved medical and healthcare marketing and training videos for {brand} from
the language with BCP-47 code "{source_language}" into the language with BCP-47 code
"{language}", for review by that market's medical, legal and regulatory team.
Translate faithfully: add, drop or soften nothing; keep every number, unit, product, medicine,
brand, person and place name, address, phone number and web address exactly as written."""

TRANSLATE_REQUEST = """\
Translate the approved video below. It is JSON with four parts:
- brief_fields: the brief's text fields, each with its texts (one, or one per list item);
- scenes: each scene's on-screen title (at most {title_max} characters), purpose (a note for
  reviewers) and bullets (each at most {bullet_max} characters);
- lines: the narration spoken over each scene;
- post_caption: the text a social platform shows beside the video ('' when there is none: keep
  it ''), its risks, link and hashtags kept.
Answer with the same parts: every field with the same name and as many texts, every scene with
its index and as many bullets, every line with its scene_index, in the same order. Narration
should take about as long to say as the original.{fixed_rules}

The video (JSON):
{source_json}"""

TRANSLATE_VERBATIM_RULE = """
- Where a line reads a brief field word for word (safety information), its translation reads
  that field's translation word for word."""

REPAIR_REQUEST = """\
Your answer could not be used: {error}
Answer again with the complete corrected result in the same JSON format."""


def brief_json(brief: Brief) -> str:
    """The brief as the model reads it: its fields, without local file paths."""
    data = brief.model_dump(mode="json", exclude={"brand": {"logo"}, "translations": True})
    return json.dumps(data, indent=2, ensure_ascii=False)


def scenes_messages(brief: Brief, revision: Revision, previous: Scenes | None) -> list[Message]:
    """The conversation that asks for a storyboard (draft `revision.version`)."""
    low, high = scene_range(brief.target_duration_s)
    request = SCENES_REQUEST.format(
        video_type=brief.video_type.replace("_", " "),
        seconds=brief.target_duration_s,
        brief_json=brief_json(brief),
        scene_range=f"{low}-{high}",
        title_max=TITLE_MAX,
        max_bullets=MAX_BULLETS,
        bullet_max=BULLET_MAX,
        extra_rules=_type_rules(brief, FAIR_BALANCE_SCENES_RULE),
    )
    previous_json = _scenes_json(previous) if previous is not None else None
    return _conversation(brief, request, revision, previous_json)


def script_messages(
    brief: Brief, scenes: Scenes, revision: Revision, previous: Script | None
) -> list[Message]:
    """The conversation that asks for the narration of approved `scenes`."""
    request = SCRIPT_REQUEST.format(
        brief_json=brief_json(brief),
        scenes_json=_scenes_json(scenes),
        words_per_second=WORDS_PER_SECOND,
        extra_rules=_type_rules(brief, FAIR_BALANCE_SCRIPT_RULE),
    )
    previous_json = (
        json.dumps([line.model_dump() for line in previous.lines], indent=2, ensure_ascii=False)
        if previous is not None
        else None
    )
    return _conversation(brief, request, revision, previous_json)


def caption_messages(brief: Brief, script: Script) -> list[Message]:
    """The conversation that asks for a social post's caption, after its script."""
    spec = spec_for(brief)
    request = CAPTION_REQUEST.format(
        platform=str(getattr(brief, "platform", "social")).replace("_", " "),
        brief_json=brief_json(brief),
        narration="\n".join(f"{line.scene_index}. {line.narration}" for line in script.lines),
        rules="".join(f"\n- {rule}" for rule in spec.caption_rules(brief)),
    )
    return _conversation(brief, request, Revision(), None)


def translation_messages(
    brief: Brief,
    source: Translation,
    *,
    source_language: str,
    language: str,
    revision: Revision,
    previous: Translation | None,
) -> list[Message]:
    """The conversation that asks for the master's words in `language`.

    `brief` is the version's brief: when its safety information is already translated (a
    regenerate), the model is told to read it word for word.
    """
    fair_balance = spec_for(brief).fair_balance(brief)
    fixed = TRANSLATE_VERBATIM_RULE
    if fair_balance is not None and brief.language == language:
        fixed += FAIR_BALANCE_SCRIPT_RULE.format(safety=fair_balance)
    system = TRANSLATE_SYSTEM.format(
        brand=brief.brand.name, source_language=source_language, language=language
    )
    request = TRANSLATE_REQUEST.format(
        title_max=TITLE_MAX,
        bullet_max=BULLET_MAX,
        fixed_rules=fixed,
        source_json=_translation_json(source),
    )
    messages: list[Message] = [
        {"role": "system", "content": system},
        {"role": "user", "content": request},
    ]
    if revision.version > 1 or revision.feedback:
        feedback = "\n".join(
            f"{n}. {text or '(no comment: just make it different)'}"
            for n, text in enumerate(revision.feedback, 1)
        )
        note = REVISION_NOTE.format(version=revision.version, feedback=feedback or "(none)")
        if revision.variant > 1:
            note += VARIANT_NOTE.format(variant=revision.variant)
        messages.append({"role": "user", "content": note})
    if previous is not None:
        messages.append(
            {
                "role": "user",
                "content": PREVIOUS_VERSION.format(previous_json=_translation_json(previous)),
            }
        )
    return messages


def _translation_json(translation: Translation) -> str:
    """A translation in the draft's shape (lists, never free-form maps), as the model answers."""
    data = {
        "brief_fields": [
            {"name": name, "texts": [text] if isinstance(text, str) else list(text)}
            for name, text in translation.brief.items()
        ],
        "scenes": [scene.model_dump() for scene in translation.scenes],
        "lines": [line.model_dump() for line in translation.script],
        "post_caption": translation.post_caption or "",
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def repair_message(error: str) -> Message:
    """The follow-up that hands the model its validation error."""
    return {"role": "user", "content": REPAIR_REQUEST.format(error=error)}


def _type_rules(brief: Brief, fair_balance_rule: str) -> str:
    """The extra rules the brief's video type brings: its fair balance, and its own rules."""
    spec = spec_for(brief)
    safety = spec.fair_balance(brief)
    rules = "" if safety is None else fair_balance_rule.format(safety=safety)
    return rules + "".join(f"\n- {rule}" for rule in spec.writer_rules(brief))


def _conversation(
    brief: Brief, request: str, revision: Revision, previous_json: str | None
) -> list[Message]:
    system = WRITER_SYSTEM.format(brand=brief.brand.name, language=brief.language)
    messages: list[Message] = [
        {"role": "system", "content": system},
        {"role": "user", "content": request},
    ]
    if revision.version > 1 or revision.feedback:
        feedback = "\n".join(
            f"{n}. {text or '(no comment: just make it different)'}"
            for n, text in enumerate(revision.feedback, 1)
        )
        note = REVISION_NOTE.format(version=revision.version, feedback=feedback or "(none)")
        if revision.variant > 1:
            note += VARIANT_NOTE.format(variant=revision.variant)
        messages.append({"role": "user", "content": note})
    if previous_json is not None:
        messages.append(
            {"role": "user", "content": PREVIOUS_VERSION.format(previous_json=previous_json)}
        )
    return messages


def _scenes_json(scenes: Scenes) -> str:
    return json.dumps([scene.model_dump() for scene in scenes.scenes], indent=2, ensure_ascii=False)
