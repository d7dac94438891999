"""Everything `reelflow localize` (and the localize flow) checks before a version is started.

The languages, the master, the translations supplied for them and whether a model is there to
translate the others: every problem is collected into one `LocalizeError`, so a user fixes them
all at once and nothing is started or written until the whole request is sound.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from pipeline.briefs import Translation
from pipeline.languages import check_language
from pipeline.localization.master import Master
from pipeline.localization.texts import TranslationError, check_translation
from pipeline.providers.registry import TRANSLATION_NEEDS_A_MODEL


class LocalizeError(ValueError):
    """A localization request that cannot be started; the message lists every problem."""


class VersionPlan(BaseModel):
    """One language to make, with the translation supplied for it (None: a model translates)."""

    model_config = ConfigDict(frozen=True)

    language: str
    translation: Translation | None = None


def parse_languages(languages: str | list[str]) -> list[str]:
    """Tags in standard form, from "de,ja,ar" or a list; `LocalizeError` names every bad one."""
    items = languages.split(",") if isinstance(languages, str) else list(languages)
    tags = [item.strip() for item in items if item.strip()]
    if not tags:
        raise LocalizeError("--languages is empty: name one or more, e.g. --languages de,fr,es")
    problems, standard = [], []
    for tag in tags:
        try:
            found = check_language(tag)
        except ValueError as exc:
            problems.append(f"language {exc}")
            continue
        if found in standard:
            problems.append(f"language {tag!r} is listed twice: list each language once")
        standard.append(found)
    if problems:
        raise LocalizeError("\n".join(problems))
    return standard


def plan_versions(
    master: Master,
    languages: str | list[str],
    supplied: dict[str, Translation] | None = None,
    *,
    writer: str,
) -> list[VersionPlan]:
    """The versions to make, or `LocalizeError` with every problem found.

    `supplied` (from --translations) wins over the master brief's own `translations`; a language
    without either needs a model (`writer` other than "offline").
    """
    problems: list[str] = []
    try:
        tags = parse_languages(languages)
    except LocalizeError as exc:
        problems.append(str(exc))
        tags = []
    given: dict[str, Translation] = dict(master.brief.translations)
    for tag, translation in (supplied or {}).items():
        try:
            given[check_language(tag)] = translation
        except ValueError as exc:
            problems.append(f"translations: {exc}")
    unused = sorted(set(given) - set(tags) - set(master.brief.translations))
    if unused:
        problems.append(
            f"translations are given for {', '.join(unused)}, which --languages does not list: "
            "add them to --languages or leave them out"
        )
    for tag in tags:
        if tag == master.language:
            problems.append(f"the master is already narrated in {tag}: list only other languages")
        elif tag in given:
            try:
                check_translation(master, given[tag], tag)
            except TranslationError as exc:
                problems.append(str(exc))
    untranslated = [tag for tag in tags if tag not in given and tag != master.language]
    if writer == "offline" and untranslated:
        problems.append(
            f"no translation is supplied for {', '.join(untranslated)} and only the offline "
            f"writer is available, which cannot translate: {TRANSLATION_NEEDS_A_MODEL}"
        )
    if problems:
        raise LocalizeError("\n".join(problems))
    return [VersionPlan(language=tag, translation=given.get(tag)) for tag in tags]
