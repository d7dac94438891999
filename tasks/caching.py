"""The one place cache keys are built.

Prefect's default cache policy includes the flow run id, so a new run would redo everything. Our
key is the video type, the stage, the stage version and a hash of the stage's inputs (brief,
profile, providers, upstream outputs, feedback): a rerun of the same brief hits, a regenerate
(version + 1, new feedback) misses by construction, and a changed upstream output misses too.
"""

from __future__ import annotations

from typing import Any

from prefect.context import TaskRunContext

from pipeline.workspace import content_hash

CACHE_KEY_VERSION = "4"  # bump when stage code changes what it produces for the same inputs


def stage_cache_key(context: TaskRunContext, parameters: dict[str, Any]) -> str:
    """`<type>-<stage>-v<version>-<hash>` for a whole-stage task."""
    job = parameters["job"]
    stage = context.task.name
    revision = parameters.get("revision")
    version = revision.version if revision is not None else 1
    digest = content_hash(CACHE_KEY_VERSION, stage, *_ordered(parameters))[:24]
    return f"{job.video_type}-{stage}-v{version}-{digest}"


def scene_cache_key(context: TaskRunContext, parameters: dict[str, Any]) -> str:
    """`<type>-<task>-s<scene>-t<take>-<hash>` for per-scene work inside a stage.

    Only the scene's own inputs (its `work` item) count, so feedback naming scene 3 leaves every
    other scene's key, and so its cached result, untouched.
    """
    job, work = parameters["job"], parameters["work"]
    take = getattr(work, "take", 1)
    digest = content_hash(CACHE_KEY_VERSION, context.task.name, *_ordered(parameters))[:24]
    return f"{job.video_type}-{context.task.name}-s{work.scene_index}-t{take}-{digest}"


def _ordered(parameters: dict[str, Any]) -> list[Any]:
    return [(name, parameters[name]) for name in sorted(parameters)]


def translation_cache_key(context: TaskRunContext, parameters: dict[str, Any]) -> str:
    """`<type>-translation-<language>-v<version>-<hash>`: one master's words in one language.

    The master is keyed by its manifest's hash, so a re-rendered master is translated afresh.
    """
    master, language = parameters["master"], parameters["language"]
    revision = parameters.get("revision")
    version = revision.version if revision is not None else 1
    digest = content_hash(CACHE_KEY_VERSION, context.task.name, *_ordered(parameters))[:24]
    return f"{master.video_type}-translation-{language}-v{version}-{digest}"
