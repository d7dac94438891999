"""Localized versions of an approved master: one reviewed, audited run per language.

`localize` checks the whole request (master, languages, translations, a model for the rest),
then starts a `localized_version` run per language: through the `localized-version` deployment
when it runs as a deployment (each version on a worker, reviewed on its own, at once), else as
subflows one after another. A version keeps the master's scenes, kinds and timings; its words
come from the supplied translation or the configured model; slides, voice and render are its
own, and its manifest links the master (folder, run, manifest hash, languages).
"""

from __future__ import annotations

import time
from pathlib import Path
from uuid import UUID

from prefect import flow
from prefect.client.orchestration import get_client
from prefect.deployments import run_deployment
from prefect.logging import get_run_logger
from prefect.runtime import deployment, flow_run
from prefect.states import Failed, State
from pydantic import BaseModel

from flows.creator import Delivery, ReviewPolicy, make_video
from flows.master_run import MasterRunError, as_run_id, delivery_of, master_folder
from pipeline.briefs import Translation
from pipeline.errors import StageError
from pipeline.job import Job
from pipeline.languages import check_language
from pipeline.localization.link import MasterLink, write_link
from pipeline.localization.master import Master, MasterError, load_master
from pipeline.localization.plan import LocalizeError, plan_versions
from pipeline.localization.texts import TranslationError, check_translation
from pipeline.revision import Revision
from pipeline.settings import current_settings
from pipeline.workspace import slug
from tasks.localize import TranslatedWords, translation_task

VERSION_DEPLOYMENT = "localized_version/localized-version"
POLL_S = 2.0
START_TIMEOUT_S = 900.0
"""How long a version may wait for a worker to pick it up before `localize` gives up on it."""


class VersionResult(BaseModel):
    """How one language's version ended, and where it is."""

    language: str
    run_id: str = ""
    state: str = ""
    message: str = ""
    folder: str = ""
    mp4: str = ""
    manifest: str = ""


class Localization(BaseModel):
    """What `localize` hands back: the master and each version's outcome."""

    master: str
    master_run_id: str = ""
    versions: list[VersionResult] = []


def _version_run_name() -> str:
    folder = Path(str(flow_run.parameters.get("master", "master"))).name
    return f"localized-{flow_run.parameters.get('language', '')}-{slug(folder, 40)}"


@flow(
    name="localized_version",
    flow_run_name=_version_run_name,
    log_prints=True,
    persist_result=True,
)
def localized_version(
    master: str,
    language: str,
    review: ReviewPolicy = ReviewPolicy.every,
    translation: Translation | None = None,
    master_run_id: str = "",
) -> Delivery | State:
    """One language's version of the approved master at folder `master`, reviewed like any run."""
    try:
        source = load_master(Path(master), master_run_id)
        language = check_language(language)
    except (MasterError, ValueError) as exc:
        return Failed(message=str(exc))
    supplied = translation or source.brief.translations.get(language)
    provider = "supplied" if supplied is not None else "openai"
    try:
        words = supplied or translation_task(source, language, source.brief, Revision())
        brief = check_translation(source, words, language, strict=supplied is not None)
    except (StageError, TranslationError) as exc:
        return Failed(message=f"The {language} version of {source.folder.name}: {exc}")
    settings = current_settings()
    job = Job.create(brief, settings, variant=source.manifest_sha256, writer=provider)
    translated_by = provider if supplied else f"{provider}:{settings.openai_text_model}"
    write_link(job.root, _link(source, language, translated_by))
    get_run_logger().info(
        "The %s version of %s (%s), translated by %s",
        language,
        source.folder,
        source.language,
        translated_by,
    )
    return make_video(brief, review, job=job, words=TranslatedWords(source, words, provider))


def _link(source: Master, language: str, translated_by: str) -> MasterLink:
    return MasterLink(
        folder=str(source.folder),
        manifest=str(source.manifest),
        manifest_sha256=source.manifest_sha256,
        run_id=source.run_id,
        video_type=source.video_type,
        source_language=source.language,
        language=language,
        translated_by=translated_by,
    )


def _localize_run_name() -> str:
    languages = flow_run.parameters.get("languages") or []
    text = languages if isinstance(languages, str) else "-".join(languages)
    folder = Path(str(flow_run.parameters.get("master", "master"))).name
    return f"localize-{slug(text, 30)}-{slug(folder, 40)}"


@flow(name="localize", flow_run_name=_localize_run_name, log_prints=True, persist_result=True)
def localize(
    master: str,
    languages: list[str],
    review: ReviewPolicy = ReviewPolicy.every,
    translations: dict[str, Translation] | None = None,
) -> Localization | State:
    """Make a version of the approved master (a video folder or its run id) in each language."""
    try:
        run_id = as_run_id(master)
        folder = master_folder(run_id) if run_id is not None else master
        source = load_master(Path(folder), str(run_id or ""))
        plans = plan_versions(source, languages, translations, writer=current_settings().writer)
    except (MasterRunError, MasterError, LocalizeError) as exc:
        return Failed(message=str(exc))
    logger = get_run_logger()
    logger.info(
        "Localizing %s (%s) into %s",
        source.folder,
        source.language,
        ", ".join(p.language for p in plans),
    )
    base = {"master": str(source.folder), "review": review, "master_run_id": source.run_id}
    if deployment.id:
        results = _on_workers(base, plans)
    else:
        results = [
            _here(
                localized_version(
                    **base, language=p.language, translation=p.translation, return_state=True
                ),
                p.language,
            )
            for p in plans
        ]
    outcome = Localization(master=str(source.folder), master_run_id=source.run_id, versions=results)
    lines = [f"{v.language}: {v.state} {v.mp4 or v.message}".rstrip() for v in results]
    if all(v.state == "Completed" for v in results):
        logger.info("Every version delivered:\n%s", "\n".join(lines))
        return outcome
    return Failed(message="Not every version was delivered:\n" + "\n".join(lines))


def _here(state: State, language: str) -> VersionResult:
    """A subflow's outcome."""
    result = VersionResult(language=language, state=state.name, message=state.message or "")
    if state.is_completed():
        delivery = state.result()
        result.folder, result.mp4 = delivery.folder, delivery.mp4 or ""
        result.manifest = delivery.manifest or ""
    return result


def _on_workers(base: dict, plans: list) -> list[VersionResult]:
    """Each version as a run of the `localized-version` deployment; wait for them all to end."""
    started: dict[UUID, str] = {}
    for plan in plans:
        child = run_deployment(
            VERSION_DEPLOYMENT,
            parameters={**base, "language": plan.language, "translation": plan.translation},
            timeout=0,
            as_subflow=True,
        )
        started[child.id] = plan.language
    results: dict[UUID, VersionResult] = {}
    deadline = time.monotonic() + START_TIMEOUT_S
    with get_client(sync_client=True) as client:
        while len(results) < len(started):
            for run_id, language in started.items():
                if run_id in results:
                    continue
                state = client.read_flow_run(run_id).state
                if state is not None and (state.is_scheduled() or state.is_pending()):
                    if time.monotonic() > deadline:
                        results[run_id] = VersionResult(
                            language=language,
                            run_id=str(run_id),
                            state=state.name,
                            message=f"no worker started it within {START_TIMEOUT_S:g} s: start "
                            "one for the reelflow pool (prefect worker start --pool reelflow)",
                        )
                    continue
                if state is None or not state.is_final():
                    continue
                delivery = delivery_of(client, run_id) if state.is_completed() else {}
                results[run_id] = VersionResult(
                    language=language,
                    run_id=str(run_id),
                    state=state.name,
                    message=state.message or "",
                    folder=delivery.get("folder") or "",
                    mp4=delivery.get("mp4") or "",
                    manifest=delivery.get("manifest") or "",
                )
            time.sleep(POLL_S if len(results) < len(started) else 0)
    return [results[run_id] for run_id in started]
