"""A master's words, out and back in: what is translated, and the version built from a translation.

Only words change in a localized version: the storyboard's scene count, kinds and planned
durations are the master's, so `localized_scenes` copies each approved scene and swaps its title,
purpose and bullets. The brief's own text fields (its safety information, call to action, key
points) are translated too, so slides and checks that read the brief read it in the version's
language; names, contact details and choices stay as written (`kept_in_translation`).
"""

from __future__ import annotations

from pipeline.briefs import BriefError, BriefFileError, LineText, SceneText, Translation
from pipeline.localization.master import Master
from pipeline.outputs import Scenes, Script, ScriptLine
from pipeline.video_types import Brief, parse_brief, spec_for


class TranslationError(ValueError):
    """A translation that does not fit its master; the message lists every mismatch."""


def source_text(master: Master) -> Translation:
    """The master's words in its own language: the text a translation must cover, no more."""
    return Translation(
        brief=spec_for(master.brief).translatable_fields(master.brief),
        scenes=[
            SceneText(index=s.index, title=s.title, purpose=s.purpose, bullets=s.bullets)
            for s in master.scenes.scenes
        ],
        script=[
            LineText(scene_index=line.scene_index, narration=line.narration)
            for line in master.script.lines
        ],
        post_caption=master.script.post_caption,
    )


def translation_problems(master: Master, translation: Translation) -> list[str]:
    """Where `translation` does not match the master scene for scene and field for field."""
    source = source_text(master)
    problems: list[str] = []
    if len(translation.scenes) != len(source.scenes):
        problems.append(
            f"it has {len(translation.scenes)} scene(s) but the master has {len(source.scenes)}: "
            "translate every scene, no more"
        )
    for mine, theirs in zip(source.scenes, translation.scenes, strict=False):
        if len(theirs.bullets) != len(mine.bullets):
            problems.append(
                f"scene {mine.index} has {len(theirs.bullets)} bullet(s) but the master's has "
                f"{len(mine.bullets)}: translate each bullet"
            )
    missing = sorted(set(source.brief) - set(translation.brief))
    extra = sorted(set(translation.brief) - set(source.brief))
    if missing:
        problems.append(f"brief field(s) {', '.join(missing)} are not translated: add them")
    if extra:
        problems.append(
            f"brief field(s) {', '.join(extra)} are not translated text of this "
            f"{master.video_type} brief (translate only: {', '.join(source.brief) or 'none'})"
        )
    for name in sorted(set(source.brief) & set(translation.brief)):
        want, got = source.brief[name], translation.brief[name]
        if isinstance(want, list) != isinstance(got, list):
            shape = "a list of texts" if isinstance(want, list) else "one text"
            problems.append(f"brief field {name} must be {shape}, as in the master's brief")
        elif isinstance(want, list) and len(want) != len(got):
            problems.append(f"brief field {name} has {len(got)} item(s); the master's {len(want)}")
    problems += _caption_problems(source.post_caption, translation.post_caption)
    return problems


def _caption_problems(master: str | None, translated: str | None) -> list[str]:
    """A social master's post caption is translated with its words; other masters have none."""
    if master and not translated:
        return ["the post caption is not translated: add post_caption (the master's, translated)"]
    if translated and not master:
        return ["the master has no post caption: leave post_caption out"]
    return []


def check_translation(
    master: Master, translation: Translation, language: str, *, strict: bool = True
) -> Brief:
    """The version's brief, or `TranslationError` listing every way the translation falls short.

    A supplied translation (`strict`) is held to fair balance as the master was: its safety
    line reads the translated safety information word for word. A model's has that line made
    to, as the writer does for a master's script.
    """
    problems = translation_problems(master, translation)
    if not problems:
        try:
            brief = localized_brief(master, language, translation)
        except (BriefError, BriefFileError) as exc:
            problems.append(f"the translated brief is not valid:\n{exc}")
        else:
            script = localized_script(translation)
            limit = spec_for(brief).caption_limit(brief)
            caption = translation.post_caption or ""
            if limit is not None and len(caption) > limit:
                problems.append(
                    f"the post caption has {len(caption)} characters; the platform shows {limit}: "
                    "shorten it"
                )
            elif not strict or fair_balance_read(brief, master.scenes, script) == script:
                return brief
            problems.append(
                "the safety scene's line does not read the translated safety information word "
                "for word: put the brief field's translation into that line"
            )
    lines = "\n".join(f"  - {problem}" for problem in problems)
    raise TranslationError(f"The {language} translation does not fit the master:\n{lines}")


def fair_balance_read(brief: Brief, scenes: Scenes, script: Script) -> Script:
    """`script` with its safety line reading `brief`'s fair balance in full.

    As for a model's script in the master's language, a safety line that paraphrases the
    safety information is replaced by its exact words.
    """
    text = spec_for(brief).fair_balance(brief)
    safety = [scene.index for scene in scenes.scenes if scene.visual_kind == "safety"]
    if text is None or not safety or text in script.for_scene(safety[-1]).narration:
        return script
    lines = [
        ScriptLine(scene_index=line.scene_index, narration=text)
        if line.scene_index == safety[-1]
        else line
        for line in script.lines
    ]
    return script.model_copy(update={"lines": lines})


def localized_brief(master: Master, language: str, translation: Translation) -> Brief:
    """The master's brief in `language`: its text fields translated, everything else kept."""
    data = master.brief.model_dump(mode="json", exclude={"translations"})
    data.update(translation.brief)
    data["language"] = language
    return parse_brief(data, source=f"the {language} version's brief")


def localized_scenes(master: Master, translation: Translation, version: int = 1) -> Scenes:
    """The master's storyboard with the translated words: layout, kind and timing unchanged."""
    words = {scene.index: scene for scene in translation.scenes}
    return Scenes(
        scenes=[
            scene.model_copy(
                update={
                    "title": words[scene.index].title,
                    "purpose": words[scene.index].purpose or scene.purpose,
                    "bullets": list(words[scene.index].bullets),
                }
            )
            for scene in master.scenes.scenes
        ],
        version=version,
    )


def localized_script(translation: Translation, version: int = 1) -> Script:
    """The translated narration (and a social post's caption) as the version's script."""
    return Script(
        lines=[
            ScriptLine(scene_index=line.scene_index, narration=line.narration)
            for line in translation.script
        ],
        version=version,
        post_caption=translation.post_caption,
    )
