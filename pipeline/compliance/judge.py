"""An optional model-backed judge: warn-level findings on a video's overall impression.

The deterministic checks read words and timings; they cannot tell that a script, each sentence
fine, leaves the viewer thinking the product is safer or better than the label says (the "net
impression" regulators judge an ad by). When a model writer is configured, the judge asks that
model, as an MLR reviewer would, and reports what it says as `overall-impression` warnings: a
prompt for the human reviewer, never a block, never in place of a deterministic check. Offline
runs have no model and no judge. A judge that fails (network, refusal) is skipped with a
warning: the run's findings are the deterministic ones.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pipeline.briefs import BriefBase
from pipeline.compliance.models import CheckReport, Evidence, Finding
from pipeline.compliance.profiles import profile_for
from pipeline.errors import StageError
from pipeline.outputs import Scenes, Script

RULE_ID = "overall-impression"
MAX_IMPRESSIONS = 5
logger = logging.getLogger(__name__)

JUDGE_REQUEST = """\
You are a medical-legal-regulatory (MLR) reviewer for {market} ({profile}). Read this video as a
viewer would and judge its overall (net) impression: does it, taken as a whole, overstate the
benefit, play down or bury the risks, imply a claim it does not state, or mislead in tone or
emphasis? Do not repeat the findings the automated checks already made (listed below); do not
judge wording rules, timing or layout. Give at most {most} concerns, each with the exact words
it is about and where they are ("scene 3 (narration)", "scene 2 (on screen)", "post caption").
Give none if the impression is fair.

The brief (JSON):
{brief_json}

The video, scene by scene:
{video}

Findings already made:
{findings}"""


class ImpressionDraft(BaseModel):
    """One concern the judge raises."""

    model_config = ConfigDict(extra="forbid")
    concern: str = Field(description="What a viewer would wrongly take away, in one sentence.")
    words: str = Field(description="The exact words it is about.")
    where: str = Field(description='Where they are, e.g. "scene 3 (narration)".')


class JudgeDraft(BaseModel):
    """The judge's answer: concerns about the overall impression (none if it is fair)."""

    model_config = ConfigDict(extra="forbid")
    impressions: list[ImpressionDraft]


def judge_model(writer: object) -> Any | None:
    """The model writer behind `writer` (a fallback's primary), or None: no model, no judge."""
    primary = getattr(writer, "primary", writer)
    return primary if callable(getattr(primary, "structured", None)) else None


def judged(
    brief: BriefBase, scenes: Scenes, script: Script, report: CheckReport, writer: object
) -> CheckReport:
    """`report` plus the judge's warnings, when `writer` is a model and the profile has the rule."""
    model, rule = judge_model(writer), profile_for(brief.market).rule(RULE_ID)
    if model is None or rule is None:
        return report
    messages = [
        {"role": "system", "content": "You review pharmaceutical and healthcare videos for MLR."},
        {"role": "user", "content": _request(brief, scenes, script, report)},
    ]
    try:
        draft = model.structured("script", messages, JudgeDraft, lambda d: d)
    except StageError as exc:  # its message names model and cause, never the key
        logger.warning("The compliance judge was skipped: %s", exc)
        return report
    except Exception as exc:  # noqa: BLE001 - the judge never fails a run; its text may echo a key
        logger.warning("The compliance judge was skipped: %s", type(exc).__name__)
        return report
    findings = tuple(
        Finding(
            rule_id=rule.id,
            rule=rule.rule,
            source=rule.source,
            severity="warn",  # a model's reading: for the reviewer to weigh, never to block
            stage=rule.stage,
            message=f"model {model.model!r}: {item.concern.strip()}",
            evidence=(Evidence(text=item.words.strip(), where=item.where.strip()),),
        )
        for item in draft.impressions[:MAX_IMPRESSIONS]
        if item.concern.strip()
    )
    return report.model_copy(update={"findings": report.findings + findings})


def _request(brief: BriefBase, scenes: Scenes, script: Script, report: CheckReport) -> str:
    said = {line.scene_index: line.narration for line in script.lines}
    video = "\n".join(
        f"{s.index}. on screen: {' / '.join((s.title, *s.bullets))}\n"
        f"   said: {said.get(s.index, '')}"
        for s in scenes.scenes
    )
    if script.post_caption:
        video += f"\npost caption: {script.post_caption}"
    findings = "\n".join(f"- {f.rule_id}: {f.message}" for f in report.findings) or "(none)"
    data = brief.model_dump(mode="json", exclude={"brand": {"logo"}, "translations": True})
    return JUDGE_REQUEST.format(
        market=brief.market.upper(),
        profile=f"{report.profile} {report.profile_version}",
        most=MAX_IMPRESSIONS,
        brief_json=json.dumps(data, indent=2, ensure_ascii=False),
        video=video,
        findings=findings,
    )
