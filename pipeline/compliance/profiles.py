"""Loading the rule profiles (versioned JSON data beside this module), one per market."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pipeline.compliance.models import RuleProfile

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"
MARKET_PROFILES = {"us": "us-fda", "eu": "eu", "uk": "uk"}


@cache
def load_profile(profile_id: str) -> RuleProfile:
    """The profile `profile_id` (e.g. "us-fda"), validated."""
    path = PROFILE_DIR / f"{profile_id}.json"
    return RuleProfile.model_validate_json(path.read_text(encoding="utf-8"))


def profile_for(market: str) -> RuleProfile:
    """The profile a brief's `market` is checked under."""
    return load_profile(MARKET_PROFILES[market])
