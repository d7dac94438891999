"""A localized version's words as tasks: the master translated, then its scenes and script.

The translation runs once per master, language and revision (cached like every stage); the
version's scenes and script stages take their words from it. A regenerate with feedback asks the
model again with the version the reviewer saw and all feedback, keeping the brief's translated
fields as the version was made with (its folder and checks depend on them).
"""

from __future__ import annotations

from dataclasses import dataclass

from prefect import task
from prefect.cache_policies import NO_CACHE

from pipeline.briefs import LineText, SceneText, Translation
from pipeline.errors import StageError
from pipeline.job import Job
from pipeline.localization.master import Master
from pipeline.localization.texts import (
    fair_balance_read,
    localized_scenes,
    localized_script,
    source_text,
    translation_problems,
)
from pipeline.outputs import Scenes, Script
from pipeline.previews import scenes_markdown, script_markdown
from pipeline.providers.registry import translator_for
from pipeline.revision import Revision
from pipeline.settings import current_settings
from pipeline.stages.scenes import check_scenes
from pipeline.stages.script import check_script
from pipeline.video_types import Brief
from tasks.artifacts import publish
from tasks.caching import translation_cache_key
from tasks.retries import retry_transient
from tasks.secrets import prefect_secret


@task(
    name="translation",
    retries=2,
    retry_condition_fn=retry_transient,
    retry_delay_seconds=[1, 5],
    timeout_seconds=600,
    cache_key_fn=translation_cache_key,
    persist_result=True,
)
def translation_task(
    master: Master,
    language: str,
    brief: Brief,
    revision: Revision,
    previous: Translation | None = None,
) -> Translation:
    """The master's words in `language` from the configured model.

    `brief` is the version's brief once it exists (a regenerate), else the master's.
    """
    translator = translator_for(current_settings(), secret_loader=prefect_secret)
    fixed = previous.brief if previous is not None else None

    def check(translation: Translation) -> None:
        problems = translation_problems(master, translation)
        if problems:
            raise StageError("translation", translator.name, "; ".join(problems))

    translation = translator.translate(
        brief,
        source_text(master),
        source_language=master.language,
        language=language,
        revision=revision,
        previous=previous,
        check=check,
    )
    if fixed is not None:  # the version's brief is settled: its words stay as they were
        translation = translation.model_copy(update={"brief": fixed})
    return translation


@dataclass
class TranslatedWords:
    """The `Words` of a localized version: scenes and script from the master's translation."""

    master: Master
    translation: Translation
    provider: str

    def scenes(self, job: Job, revision: Revision, previous: Scenes | None) -> Scenes:
        """The master's storyboard with translated words (retranslated on a regenerate)."""
        words = self._words(job, revision, previous_scenes=previous)
        return localized_scenes_task(job, self.master, words, revision)

    def script(
        self, job: Job, scenes: Scenes, revision: Revision, previous: Script | None
    ) -> Script:
        """The translated narration for the approved scenes (retranslated on a regenerate)."""
        words = self._words(job, revision, previous_script=previous)
        return localized_script_task(job, scenes, words, revision, self.provider)

    def _words(
        self,
        job: Job,
        revision: Revision,
        previous_scenes: Scenes | None = None,
        previous_script: Script | None = None,
    ) -> Translation:
        if revision.version == 1:
            return self.translation
        seen = self.translation
        if previous_scenes is not None:
            seen = seen.model_copy(update={"scenes": _scene_texts(previous_scenes)})
        if previous_script is not None:
            seen = seen.model_copy(update={"script": _line_texts(previous_script)})
        return translation_task(self.master, job.brief.language, job.brief, revision, seen)


@task(name="scenes", cache_policy=NO_CACHE)  # no model call: the translation is cached
def localized_scenes_task(
    job: Job, master: Master, translation: Translation, revision: Revision
) -> Scenes:
    """The version's storyboard: the master's scenes, kinds and timings with translated words."""
    scenes = localized_scenes(master, translation, revision.version)
    check_scenes(job.brief, scenes, provider=job.providers.writer)
    publish("scenes", revision.version, scenes_markdown(scenes))
    return scenes


@task(name="script", cache_policy=NO_CACHE)
def localized_script_task(
    job: Job, scenes: Scenes, translation: Translation, revision: Revision, provider: str
) -> Script:
    """The version's narration, its safety line reading the translated safety information."""
    script = fair_balance_read(job.brief, scenes, localized_script(translation, revision.version))
    check_script(job.brief, scenes, script, provider=provider)
    publish("script", revision.version, script_markdown(scenes, script))
    return script


def _scene_texts(scenes: Scenes) -> list[SceneText]:
    return [
        SceneText(index=s.index, title=s.title, purpose=s.purpose, bullets=s.bullets)
        for s in scenes.scenes
    ]


def _line_texts(script: Script) -> list[LineText]:
    return [LineText(scene_index=x.scene_index, narration=x.narration) for x in script.lines]
