"""Compliance checks that assist MLR review; they are not legal advice.

Rules are data (one profile per market), checks read what a video shows and says, and reports
carry the evidence a reviewer can act on.
"""

from pipeline.compliance.checks import check_brief, check_outputs
from pipeline.compliance.models import CheckReport, Evidence, Finding, Rule, RuleProfile
from pipeline.compliance.profiles import load_profile, profile_for

__all__ = [
    "CheckReport",
    "Evidence",
    "Finding",
    "Rule",
    "RuleProfile",
    "check_brief",
    "check_outputs",
    "load_profile",
    "profile_for",
]
