"""The issues' targets (6, 10, 11), checked against one benchmark record: a run says what it met."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """One target: what was asked, what this run measured, and whether it is met."""

    asked: str
    measured: str
    met: bool


def _regenerate_only_that_scene(regen: dict) -> bool:
    """Encoded segments are the regenerated scene's and the next scene's entry, nothing else.

    The next scene's entry is its crossfade, whose frames show the changed scene's last frame.
    """
    index = regen["scene"]
    allowed = {(index, "entry"), (index, "body"), (index + 1, "entry")}
    encoded = {(int(name.split("-")[1]), name.split("-")[2]) for name in regen["segments_encoded"]}
    return bool(encoded) and encoded <= allowed and len(encoded) < regen["segments"]


def check(record: dict) -> list[Target]:
    """Every target the record has the rows for (a skipped row leaves its targets out)."""
    main = record["presets"][record["preset"]]
    found = [
        Target(
            "render ≤ 1.5× the encoder's limit",
            f"{main['render_over_limit']:.2f}×",
            main["render_over_limit"] <= 1.5,
        ),
        Target(  # issue 10: the restructuring must not slow the render down
            "render ≤ 1.3× the encoder's limit (no regression)",
            f"{main['render_over_limit']:.2f}×",
            main["render_over_limit"] <= 1.3,
        ),
    ]
    if "baseline" in record:
        base = record["baseline"]
        found += [
            Target("≥ 8× faster than moviepy", f"{base['speedup']:.1f}×", base["speedup"] >= 8),
            Target(
                "SSIM vs moviepy ≥ 0.95 (sampled frames)",
                f"{base['ssim_min']:.3f} (lowest)",
                base["ssim_min"] >= 0.95,
            ),
            Target(
                "same resolution, frame rate and duration as moviepy",
                f"{base['frames']} frames each"
                if base["frames"] == base["reelflow_frames"]
                else f"{base['reelflow_frames']} vs {base['frames']} frames",
                base["frames"] == base["reelflow_frames"],
            ),
        ]
    if "flow" in record:
        flow = record["flow"]
        found += [
            Target(
                "cached rerun ≤ 5 % of the first run",
                f"{100 * flow['cached_over_first']:.1f} %",
                flow["cached_over_first"] <= 0.05,
            ),
            Target(
                "Prefect's overhead ≤ 0.3 s per stage",
                f"{flow['prefect_overhead_per_stage_s']:.2f} s",
                flow["prefect_overhead_per_stage_s"] <= 0.3,
            ),
        ]
        if "compliance_over_first" in flow:  # issue 11
            found.append(
                Target(
                    "compliance checks ≤ 5 % of a full offline run",
                    f"{100 * flow['compliance_over_first']:.2f} %",
                    flow["compliance_over_first"] <= 0.05,
                )
            )
    regen = record["regenerate"]
    found.append(
        Target(
            "a regenerated scene re-encodes only itself (and the next scene's crossfade); "
            "the join copies",
            f"{len(regen['segments_encoded'])} of {regen['segments']} segments",
            _regenerate_only_that_scene(regen),
        )
    )
    memory = record.get("memory", [])
    if memory:
        peak = max(item["peak_rss_mib"] for item in memory)
        found.append(Target("peak RSS ≤ 1 GiB", f"{peak:.0f} MiB", peak <= 1024))
    if len(memory) == 2:
        growth = memory[1]["peak_rss_mib"] / memory[0]["peak_rss_mib"] - 1
        found.append(
            Target(
                f"RSS growth {memory[0]['seconds']:.0f} s → {memory[1]['seconds']:.0f} s ≤ 10 %",
                f"{100 * growth:+.1f} %",
                growth <= 0.10,
            )
        )
    return found


def table(targets: list[Target]) -> str:
    """The targets as a Markdown table."""
    lines = ["| target | this run | |", "|---|---|---|"]
    for target in targets:
        verdict = "met" if target.met else "**not met**"
        lines.append(f"| {target.asked} | {target.measured} | {verdict} |")
    return "\n".join(lines)
