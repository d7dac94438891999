"""Turn a run's Prefect state into the messages clients read.

A pause becomes `completed` with the stage's output as JSON: the output is the stage task's
persisted result (what the flow itself passes on), read back through Prefect, and every media
path in it gets a `*_url` beside it under the console's `/media` mount. The decision history
comes from the video folder's review session, the same record the audit export uses.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from prefect.client.orchestration import PrefectClient
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterId,
    TaskRunFilter,
    TaskRunFilterState,
    TaskRunFilterStateType,
)
from prefect.client.schemas.objects import FlowRun, StateType
from pydantic import BaseModel

from flows.compliance import CHECKED_STAGES
from flows.stages import STAGES, VARIANT_STAGES
from pipeline.audit import DecisionLog
from pipeline.compliance import check_outputs
from pipeline.video_types import parse_brief
from pipeline.workspace import Workspace
from reelflow.console.runs import Pause

STAGE_TASKS = {
    "scenes": "scenes_task",
    "script": "script_task",
    "visuals": "visuals_task",
    "animations": "animations_task",
    "tts": "tts_task",
    "render": "render_task",
}
MEDIA_FIELDS = ("image", "audio", "preview", "mp4", "srt", "poster", "manifest", "video")
_VARIANTS = "variants side by side: pick one"
_WARNING = re.compile(r"^> ⚠️ (?P<message>.+)$", re.MULTILINE)
_FAILURE = re.compile(r"### This stage failed\s+```\n(?P<error>.*?)\n```", re.DOTALL)


class Views:
    """Builds messages for runs; remembers stage outputs already read (they never change)."""

    def __init__(self, client: PrefectClient, output_dir: Path, media_prefix: str = "/media"):
        self.client = client
        self.output_dir = output_dir.resolve()
        self.media_prefix = media_prefix.rstrip("/")
        self._results: dict[UUID, Any] = {}
        self._variants: dict[tuple[UUID, str, int], dict[int, BaseModel]] = {}

    async def completed(self, run: FlowRun, pause: Pause, description: str) -> dict[str, Any]:
        """The `completed` message for a run paused at `pause`."""
        workspace = self.workspace(run)
        outputs = await self.stage_outputs(run.id)
        self.picked(run.id, outputs, workspace)
        current = outputs.get(pause.stage, {})
        shown = (
            self.variants(run.id, pause.stage, pause.version) if _VARIANTS in description else []
        )
        number = STAGES.index(pause.stage) + 1 if pause.stage in STAGES else 0
        context = {
            stage: self.jsonable(versions[max(versions)], workspace)
            for stage, versions in outputs.items()
            if stage != pause.stage and versions
        }
        failure = _FAILURE.search(description)
        warning = _WARNING.search(description)
        return {
            "status": "completed",
            "run_id": str(run.id),
            "run_name": run.name,
            "stage": pause.stage,
            "version": pause.version,
            "pause": pause.review,
            "pause_key": pause.key,
            "paused_at": pause.at.isoformat(),
            "progress": {"stage": number, "of": len(STAGES), "stages": list(STAGES)},
            "earlier": list(STAGES[: max(number - 1, 0)]),
            "data": self.jsonable(current.get(pause.version), workspace),
            "variants": [self.jsonable(v, workspace) for v in shown],
            "variants_compliance": [
                self.compliance(run, pause, _with(outputs, pause, variant)) for variant in shown
            ],
            # A run made from a brief writes its own words, so they may be asked for as variants;
            # a localized version's words are its translation (the flow refuses variants there).
            "variant_stages": list(VARIANT_STAGES) if "brief" in run.parameters else [],
            "previous": self.jsonable(current.get(pause.version - 1), workspace),
            "context": context,
            "history": self.history(workspace, pause.stage),
            "compliance": self.compliance(run, pause, outputs),
            "message": warning["message"] if warning else "",
            "failed": failure is not None,
            "error": failure["error"] if failure else "",
            "description": description,
        }

    async def final(self, run: FlowRun) -> dict[str, Any]:
        """The message for a run that has ended: `pipeline_complete`, `stopped` or `failed`."""
        state = run.state
        base = {"run_id": str(run.id), "run_name": run.name, "message": state.message or ""}
        if state.type is StateType.COMPLETED:
            delivery = await state.aresult(raise_on_failure=False)
            data = delivery.model_dump(mode="json") if isinstance(delivery, BaseModel) else {}
            for name in ("mp4", "srt", "poster", "manifest", "audit"):
                if data.get(name):
                    data[f"{name}_url"] = self.url_for(Path(data[name]))
            data["video_url"] = data.get("mp4_url")
            outputs = await self.stage_outputs(run.id)
            renders = outputs.get("render", {})
            workspace = self.workspace(run)
            data["video"] = self.jsonable(renders[max(renders)], workspace) if renders else None
            return {"status": "pipeline_complete", **base, "data": data}
        if state.type is StateType.CANCELLED:
            return {"status": "stopped", **base}
        return {"status": "failed", **base, "state": state.name}

    def running(self, run: FlowRun, **extra: Any) -> dict[str, Any]:
        """A `running` message: the run is working (or queued) towards its next review."""
        state = run.state
        return {
            "status": "running",
            "run_id": str(run.id),
            "run_name": run.name,
            "state": state.name if state else "Unknown",
            **extra,
        }

    async def stage_outputs(self, run_id: UUID) -> dict[str, dict[int, BaseModel]]:
        """Every completed stage task result of the run: stage → version → output."""
        task_runs = await self.client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run_id])),
            task_run_filter=TaskRunFilter(
                state=TaskRunFilterState(type=TaskRunFilterStateType(any_=[StateType.COMPLETED]))
            ),
            limit=200,
        )
        stages = {f"{task}-": stage for stage, task in STAGE_TASKS.items()}
        found: dict[str, dict[int, BaseModel]] = {}
        for task_run in sorted(task_runs, key=lambda t: t.expected_start_time or _EPOCH):
            stage = next((s for p, s in stages.items() if task_run.task_key.startswith(p)), None)
            if stage is None:
                continue
            output = self._results.get(task_run.id)
            if output is None:
                if task_run.state is None:  # filtered on its state type, read before its state
                    continue
                output = await task_run.state.aresult(raise_on_failure=False)
                if not isinstance(output, BaseModel):
                    continue
                self._results[task_run.id] = output
            version, variant = getattr(output, "version", 1), getattr(output, "variant", 0)
            if variant:  # made side by side: shown together, the pick goes on (history says it)
                self._variants.setdefault((run_id, stage, version), {})[variant] = output
            found.setdefault(stage, {})[version] = output
        for (run, stage, version), made in self._variants.items():
            if run == run_id and version in found.get(stage, {}):
                found[stage][version] = made[min(made)]
        return found

    def variants(self, run_id: UUID, stage: str, version: int) -> list[BaseModel]:
        """The variants of one stage version (read by `stage_outputs`), in order."""
        made = self._variants.get((run_id, stage, version), {})
        return [made[number] for number in sorted(made)]

    def picked(
        self, run_id: UUID, outputs: dict[str, dict[int, BaseModel]], workspace: Workspace | None
    ) -> None:
        """Replace each stage version made as variants by the one the reviewer picked."""
        if workspace is None:
            return
        for record in DecisionLog(workspace).records():
            made = self._variants.get((run_id, record.stage, record.version), {})
            if record.pick and record.pick in made:
                outputs.setdefault(record.stage, {})[record.version] = made[record.pick]

    def compliance(
        self, run: FlowRun, pause: Pause, outputs: dict[str, dict[int, Any]]
    ) -> dict[str, Any] | None:
        """The findings the flow shows on this pause (scenes and script reviews), as JSON."""
        if pause.stage not in CHECKED_STAGES:
            return None
        try:
            brief = parse_brief(run.parameters["brief"])
        except (KeyError, ValueError, TypeError):
            return None
        scenes = outputs.get("scenes", {})
        script = outputs.get("script", {})
        if not scenes:
            return None
        current_script = script.get(pause.version) if pause.stage == "script" else None
        scenes_now = scenes.get(pause.version if pause.stage == "scenes" else max(scenes))
        if scenes_now is None:
            return None
        report = check_outputs(brief, scenes_now, current_script)
        return report.model_dump(mode="json") | {"blocking": len(report.blocking)}

    def workspace(self, run: FlowRun) -> Workspace | None:
        """The run's video folder, derived from its brief as the flow derives it."""
        try:
            brief = parse_brief(run.parameters["brief"])
        except (KeyError, ValueError, TypeError):
            return None
        return Workspace.for_brief(self.output_dir, brief)

    def history(self, workspace: Workspace | None, stage: str) -> list[dict[str, Any]]:
        """Decisions recorded on `stage` in the open review session."""
        if workspace is None:
            return []
        records = DecisionLog(workspace).records()
        return [r.model_dump(mode="json") for r in records if stage in (r.stage, r.back_to)]

    def jsonable(self, output: BaseModel | None, workspace: Workspace | None) -> Any:
        """The output as JSON with a `<field>_url` beside every media path."""
        if output is None:
            return None
        data = output.model_dump(mode="json")
        if workspace is not None:
            _add_urls(data, lambda rel: self.url_for(workspace.path(rel)))
        return data

    def url_for(self, path: Path) -> str | None:
        """The console URL of a file under the output folder (None outside it)."""
        try:
            relative = path.resolve().relative_to(self.output_dir).as_posix()
        except ValueError:
            return None
        return f"{self.media_prefix}/{relative}"


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _with(
    outputs: dict[str, dict[int, Any]], pause: Pause, variant: BaseModel
) -> dict[str, dict[int, Any]]:
    """`outputs` with the paused stage's version replaced by one of its variants."""
    return outputs | {pause.stage: outputs.get(pause.stage, {}) | {pause.version: variant}}


def _add_urls(value: Any, url: Any) -> None:
    """Walk the dumped model; next to each media path field add its URL."""
    if isinstance(value, dict):
        for name in list(value):
            item = value[name]
            if name in MEDIA_FIELDS and isinstance(item, str) and item:
                value[f"{name}_url"] = url(item)
            else:
                _add_urls(item, url)
    elif isinstance(value, list):
        for item in value:
            _add_urls(item, url)
