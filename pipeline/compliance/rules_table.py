"""The README's table of every rule in every profile, made from the profiles themselves.

`python -m pipeline.compliance.rules_table` prints it; a test holds the README's copy to it, so
the README cites the source of every rule as the profiles do, and cannot go stale.
"""

from __future__ import annotations

from pipeline.compliance.profiles import MARKET_PROFILES, load_profile

BEGIN = "<!-- rules-table: python -m pipeline.compliance.rules_table -->"
END = "<!-- /rules-table -->"


def markdown() -> str:
    """One row per rule and profile: id, severity, stage, video types, the rule, its source."""
    rows = [
        "| profile | rule | severity | after | types | rule | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for profile_id in MARKET_PROFILES.values():
        profile = load_profile(profile_id)
        for rule in profile.rules:
            types = ", ".join(rule.types) or "all"
            cells = (
                f"{profile.id} {profile.version}",
                f"`{rule.id}`",
                rule.severity,
                rule.stage,
                types,
                rule.rule,
                rule.source,
            )
            rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join([BEGIN, *rows, END])


if __name__ == "__main__":
    print(markdown())
