"""Regulatory rules as data, and what a check reports: findings with their evidence.

A rule profile is versioned data (an id, a version, the date it takes effect, its rules), so a
rule change is a data change with a test, not a code hunt. Every rule names its source; every
finding carries the rule, the source, the severity and the evidence a reviewer needs to judge it.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["block", "warn"]
CheckStage = Literal["brief", "scenes", "script", "render"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Data):
    """One rule of a profile: what it asks, where it comes from, when it runs, how hard."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    rule: str = Field(description="The rule in one line.")
    source: str = Field(description="The regulation, code or guidance it comes from.")
    stage: CheckStage = Field(description="The stage after which it is checked.")
    severity: Severity
    types: tuple[str, ...] = Field(
        default=(), description="Video types it applies to; empty means every type."
    )


class RuleProfile(_Data):
    """The rules of one market, as of one date."""

    id: str
    version: str
    effective: date
    title: str
    rules: tuple[Rule, ...]

    def rule(self, rule_id: str) -> Rule | None:
        """The profile's rule with this id, if it has one."""
        return next((rule for rule in self.rules if rule.id == rule_id), None)


class Evidence(_Data):
    """What a finding points at: the words, where they are, and what was measured."""

    text: str
    where: str = Field(description='"brief: field", "scene 3", "script line 3" …')
    measured: str = ""
    limit: str = ""


class Finding(_Data):
    """A rule a video breaks (block) or a reviewer should look at (warn)."""

    rule_id: str
    rule: str
    source: str
    severity: Severity
    stage: CheckStage
    message: str
    evidence: tuple[Evidence, ...] = ()


class CheckReport(_Data):
    """Every finding of one check, under the profile and version that produced it."""

    profile: str
    profile_version: str
    stage: CheckStage | Literal["all"]
    findings: tuple[Finding, ...] = ()

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """Findings that stop delivery unless a reviewer waives them in writing."""
        return tuple(f for f in self.findings if f.severity == "block")
