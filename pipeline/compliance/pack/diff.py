"""What changed since the previous pack of the same brief: brief fields, lines, claims, findings.

MLR re-review is mostly "what is different from the version we saw": a changed brief lands in a
new folder (folders are named by the brief's hash), so the previous pack is looked up among the
sibling folders by the brief's video type, title and language, newest first, including the pack
this one replaces in its own folder. Lines are matched by what is said (difflib over the spoken
texts), so inserting a sentence reads as one added line, not every later line changed.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

from pipeline.compliance.pack.tables import read_csv
from pipeline.workspace import slug

PACK_PARTS = ("final", "mlr")
LINE_FIELDS = ("tc_in", "tc_out", "on_screen", "claims", "major_statement", "unreferenced_claim")


def pack_key(video_type: str, title: str, language: str) -> str:
    """What makes two packs "of the same brief": type, title and language."""
    return f"{video_type}/{slug(title, 60)}/{language}"


def previous_pack(history_root: Path, key: str) -> Path | None:
    """The newest pack folder under `history_root/*/final/mlr` with the same key, if any."""
    found: list[tuple[str, Path]] = []
    for manifest in history_root.glob("*/" + "/".join(PACK_PARTS) + "/manifest.json"):
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if data.get("pack_key") == key:
            found.append((str(data.get("created_at", "")), manifest.parent))
    return max(found)[1] if found else None


class PackSnapshot:
    """The parts of a pack the diff compares, read from its files."""

    def __init__(
        self,
        manifest: dict[str, Any],
        rows: list[dict[str, str]],
        claims: list[dict[str, Any]],
        findings: list[dict[str, Any]],
    ) -> None:
        self.manifest, self.rows, self.claims, self.findings = manifest, rows, claims, findings

    @classmethod
    def read(cls, folder: Path) -> PackSnapshot:
        """The snapshot of the pack in `folder` (missing parts read as empty)."""

        def load(name: str) -> dict[str, Any]:
            path = folder / name
            return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

        script = folder / "annotated-script.csv"
        return cls(
            manifest=load("manifest.json"),
            rows=read_csv(script) if script.is_file() else [],
            claims=load("claims.json").get("claims", []),
            findings=load("check-report.json").get("findings", []),
        )

    def with_manifest(self, manifest: dict[str, Any]) -> PackSnapshot:
        """The same snapshot with `manifest` (a pack being made has none on disk yet)."""
        return PackSnapshot(manifest, self.rows, self.claims, self.findings)


def pack_diff(previous: PackSnapshot | None, current: PackSnapshot) -> dict[str, Any]:
    """diff.json's content: the changes from `previous` to `current` ("first pack" if none)."""
    if previous is None:
        return {"first_pack": True, "previous": None, "summary": "First pack for this brief."}
    before = previous.manifest
    changes: dict[str, Any] = {
        "first_pack": False,
        "previous": {
            "folder": before.get("folder", ""),
            "created_at": before.get("created_at", ""),
            "status": before.get("status", ""),
            "video_sha256": (before.get("video") or {}).get("sha256", ""),
        },
        "brief": _brief_changes(before.get("brief", {}), current.manifest.get("brief", {})),
        "lines": _line_changes(previous.rows, current.rows),
        "claims": _claim_changes(previous.claims, current.claims),
        "findings": _finding_changes(previous.findings, current.findings),
    }
    changes["summary"] = _summary(changes)
    return changes


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 300 else text[:297] + "..."


def _brief_changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {"field": key, "before": _short(before.get(key, "")), "after": _short(after.get(key, ""))}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    ]


def _line_changes(before: list[dict[str, str]], after: list[dict[str, str]]) -> dict[str, list]:
    said_before = [r.get("spoken", "") for r in before]
    said_after = [r.get("spoken", "") for r in after]
    added, removed, changed = [], [], []
    matcher = difflib.SequenceMatcher(a=said_before, b=said_after, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            for old, new in zip(before[a0:a1], after[b0:b1], strict=True):
                fields = [f for f in LINE_FIELDS if old.get(f, "") != new.get(f, "")]
                if fields:
                    changed.append(_changed_line(old, new, fields))
            continue
        if op == "replace" and a1 - a0 == b1 - b0:
            changed += [
                _changed_line(old, new, ["spoken"])
                for old, new in zip(before[a0:a1], after[b0:b1], strict=True)
            ]
            continue
        removed += [_line(row) for row in before[a0:a1]]
        added += [_line(row) for row in after[b0:b1]]
    return {"added": added, "removed": removed, "changed": changed}


def _line(row: dict[str, str]) -> dict[str, str]:
    return {k: row.get(k, "") for k in ("line", "tc_in", "tc_out", "spoken")}


def _changed_line(old: dict[str, str], new: dict[str, str], fields: list[str]) -> dict[str, Any]:
    return {
        "line": new.get("line", ""),
        "was_line": old.get("line", ""),
        "fields": fields,
        "before": {f: old.get(f, "") for f in ("spoken", *fields)},
        "after": {f: new.get(f, "") for f in ("spoken", *fields)},
    }


def _claim_changes(before: list[dict], after: list[dict]) -> dict[str, list]:
    old = {c["text"]: c for c in before}
    new = {c["text"]: c for c in after}
    keys = ("citation", "locator", "quote", "uses")
    changed = []
    for text in old.keys() & new.keys():
        fields = [k for k in keys if old[text].get(k) != new[text].get(k)]
        if fields:
            changed.append({"id": new[text]["id"], "text": text, "fields": fields})
    return {
        "added": [{"id": new[t]["id"], "text": t} for t in new if t not in old],
        "removed": [{"id": old[t]["id"], "text": t} for t in old if t not in new],
        "changed": sorted(changed, key=lambda c: c["id"]),
    }


def _finding_key(finding: dict[str, Any]) -> tuple[str, str, str]:
    evidence = finding.get("evidence") or [{}]
    return finding.get("rule_id", ""), finding.get("message", ""), evidence[0].get("text", "")


def _finding_changes(before: list[dict], after: list[dict]) -> dict[str, list]:
    old = {_finding_key(f): f for f in before}
    new = {_finding_key(f): f for f in after}

    def brief(f: dict[str, Any]) -> dict[str, str]:
        return {k: f.get(k, "") for k in ("rule_id", "severity", "message")}

    return {
        "new": [brief(f) for k, f in new.items() if k not in old],
        "resolved": [brief(f) for k, f in old.items() if k not in new],
    }


def _summary(changes: dict[str, Any]) -> str:
    lines, claims, findings = changes["lines"], changes["claims"], changes["findings"]
    counts = [
        f"{len(changes['brief'])} brief field(s)",
        f"lines +{len(lines['added'])} -{len(lines['removed'])} ~{len(lines['changed'])}",
        f"claims +{len(claims['added'])} -{len(claims['removed'])} ~{len(claims['changed'])}",
        f"findings {len(findings['new'])} new, {len(findings['resolved'])} resolved",
    ]
    return "Changed since the previous pack: " + "; ".join(counts) + "."


def diff_text(changes: dict[str, Any]) -> str:
    """diff.txt: the same changes, for a person."""
    if changes["first_pack"]:
        return "First pack for this brief: there is no previous pack to compare with."
    previous = changes["previous"]
    out = [
        f"Compared with the pack of {previous['created_at']} ({previous['status']}) in "
        f"{previous['folder']}.",
        changes["summary"],
    ]
    for item in changes["brief"]:
        out.append(f"BRIEF {item['field']}: {item['before']!r} -> {item['after']!r}")
    lines = changes["lines"]
    out += [f"LINE ADDED {r['line']} {r['tc_in']}: {r['spoken']}" for r in lines["added"]]
    out += [f"LINE REMOVED {r['line']} {r['tc_in']}: {r['spoken']}" for r in lines["removed"]]
    for c in lines["changed"]:
        parts = "; ".join(f"{f} {c['before'][f]!r} -> {c['after'][f]!r}" for f in c["fields"])
        out.append(f"LINE CHANGED {c['was_line']} -> {c['line']}: {parts}")
    claims = changes["claims"]
    out += [f"CLAIM ADDED {c['id']}: {c['text']}" for c in claims["added"]]
    out += [f"CLAIM REMOVED {c['id']}: {c['text']}" for c in claims["removed"]]
    out += [
        f"CLAIM CHANGED {c['id']} ({', '.join(c['fields'])}): {c['text']}"
        for c in claims["changed"]
    ]
    findings = changes["findings"]
    out += [f"FINDING NEW {f['severity']} {f['rule_id']}: {f['message']}" for f in findings["new"]]
    out += [f"FINDING RESOLVED {f['rule_id']}: {f['message']}" for f in findings["resolved"]]
    return "\n".join(out)
