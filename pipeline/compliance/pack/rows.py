"""The annotated script's rows and the claims' uses, read off the timeline.

A row is a sentence of the script: when it is said (the timeline's word timings), which scene
shows, which slide texts and captions are on screen meanwhile, and which brief claims it states,
matched the way the claims check matches them (`claims.backed_by`). A slide text that states a
claim counts as a use too, with the frames the text is visible. When the run stopped before the
render there is no timeline: rows then come from the script (or the storyboard) without times.
"""

from __future__ import annotations

from pipeline.compliance.claims import backed_by, claim_kind, sentences
from pipeline.compliance.onscreen import slide_texts
from pipeline.compliance.pack.models import ClaimEntry, ClaimUse, PackInputs, ScriptRow
from pipeline.compliance.timeline import ScreenText, Span, Timeline
from pipeline.outputs import Scenes, Script, ScriptLine
from pipeline.video_types import Brief, spec_for


def claim_ids(brief: Brief) -> dict[str, str]:
    """Claim text → its id ("C1", "C2" … in the brief's order)."""
    return {claim.text: f"C{n}" for n, claim in enumerate(brief.claims, start=1)}


def script_rows(inputs: PackInputs) -> list[ScriptRow]:
    """One row per line of what the video says (or, with no script yet, shows)."""
    if inputs.timeline is not None and inputs.scenes is not None:
        return _timed_rows(inputs.brief, inputs.scenes, inputs.timeline)
    if inputs.scenes is not None:
        return _untimed_rows(inputs.brief, inputs.scenes, inputs.script)
    return []


def _timed_rows(brief: Brief, scenes: Scenes, timeline: Timeline) -> list[ScriptRow]:
    ids, titles = claim_ids(brief), {s.index: s.title for s in scenes.scenes}
    rows = []
    for sentence in timeline.sentences:
        span = sentence.span or timeline.scene(sentence.scene_index).span
        visible = _shown(timeline, span, sentence.scene_index)
        slides = tuple(dict.fromkeys(t.text for t in visible if t.kind != "caption"))
        captions = tuple(dict.fromkeys(t.text for t in visible if t.kind == "caption"))
        rows.append(
            ScriptRow(
                line=sentence.number,
                scene=sentence.scene_index,
                scene_title=titles.get(sentence.scene_index, ""),
                tc_in=span.tc_in,
                tc_out=span.tc_out,
                start_frame=span.start_frame,
                end_frame=span.end_frame,
                spoken=sentence.text,
                on_screen=slides,
                captions=captions,
                claims=_stated((sentence.text,), ids),
                shown_claims=_stated(slides, ids),
                unreferenced=_unbacked(sentence.text, ids),
                major_statement=sentence.major_statement,
            )
        )
    return rows


def _untimed_rows(brief: Brief, scenes: Scenes, script: Script | None) -> list[ScriptRow]:
    ids = claim_ids(brief)
    statement = (spec_for(brief).fair_balance(brief) or "").casefold().strip()
    rows = []
    for scene in scenes.scenes:
        line = _line(script, scene.index)
        slides = tuple(dict.fromkeys(t for _, t in slide_texts(brief, scene, line) if t.strip()))
        said = sentences(line.narration) if line is not None else [""]
        for n, sentence in enumerate(said, start=1):
            rows.append(
                ScriptRow(
                    line=f"{scene.index}.{n}",
                    scene=scene.index,
                    scene_title=scene.title,
                    spoken=sentence,
                    on_screen=slides,
                    claims=_stated((sentence,), ids),
                    shown_claims=_stated(slides, ids),
                    unreferenced=_unbacked(sentence, ids),
                    major_statement=bool(sentence and statement)
                    and sentence.casefold().rstrip(".!? ") in statement,
                )
            )
    return rows


def _line(script: Script | None, index: int) -> ScriptLine | None:
    lines = script.lines if script is not None else []
    return next((line for line in lines if line.scene_index == index), None)


def _shown(timeline: Timeline, span: Span, scene_index: int) -> list[ScreenText]:
    """The burned-in texts seen while a line is said.

    A line's speech may start a frame before its scene's picture (frames and speech run on
    different clocks) or be said during a crossfade; texts of another scene count only when they
    are at full strength for at least half of the line, so a line is not annotated with the
    previous slide's claims for the frame it overlaps.
    """
    return [
        text
        for text in timeline.visible(span)
        if text.scene_index == scene_index or 2 * _overlap(text.steady, span) >= span.frames
    ]


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end_frame, b.end_frame) - max(a.start_frame, b.start_frame))


def _stated(texts: tuple[str, ...], ids: dict[str, str]) -> tuple[str, ...]:
    """Ids of the claims `texts` state, in claim order."""
    claims = list(ids)
    found = {backed_by(text, claims) for text in texts if text}
    return tuple(ids[c] for c in claims if c in found)


def _unbacked(sentence: str, ids: dict[str, str]) -> str:
    kind = claim_kind(sentence) if sentence else None
    return kind if kind is not None and not backed_by(sentence, list(ids)) else ""


def claim_entries(inputs: PackInputs, rows: list[ScriptRow]) -> list[ClaimEntry]:
    """Every brief claim with its uses; footnotes numbered by first use in the script."""
    ids = claim_ids(inputs.brief)
    uses = {cid: _uses(cid, text, rows, inputs.timeline) for text, cid in ids.items()}
    order = [cid for row in rows for cid in (*row.claims, *row.shown_claims)]
    footnotes = {cid: n for n, cid in enumerate(dict.fromkeys(order), start=1)}
    return [
        ClaimEntry(
            id=ids[claim.text],
            footnote=footnotes.get(ids[claim.text]),
            text=claim.text,
            citation=claim.reference.citation,
            locator=claim.reference.locator,
            quote=claim.reference.quote,
            file=reference_name(n, claim.reference.file.name) if claim.reference.file else "",
            uses=uses[ids[claim.text]],
        )
        for n, claim in enumerate(inputs.brief.claims, start=1)
    ]


def reference_name(number: int, name: str) -> str:
    """Where claim `number`'s reference file is copied inside the pack."""
    return f"references/C{number}-{name}"


def _uses(
    cid: str, text: str, rows: list[ScriptRow], timeline: Timeline | None
) -> tuple[ClaimUse, ...]:
    found: list[ClaimUse] = []
    for row in rows:
        if cid in row.claims:
            found.append(
                ClaimUse(
                    line=row.line,
                    how="spoken",
                    text=row.spoken,
                    tc_in=row.tc_in,
                    tc_out=row.tc_out,
                )
            )
    shown: dict[str, ClaimUse] = {}
    for row in rows:
        for slide in row.on_screen:
            if cid in row.shown_claims and backed_by(slide, [text]) and slide not in shown:
                shown[slide] = _shown_use(row, slide, timeline)
    return tuple(found) + tuple(shown.values())


def _shown_use(row: ScriptRow, slide: str, timeline: Timeline | None) -> ClaimUse:
    """A slide text's use of a claim, timed by the frames the text is on screen."""
    if timeline is not None:
        text = next(
            (t for t in timeline.texts if t.text == slide and t.scene_index == row.scene), None
        ) or next((t for t in timeline.texts if t.text == slide), None)
        if text is not None:
            return ClaimUse(
                line=f"scene {text.scene_index}",
                how="on screen",
                text=slide,
                tc_in=text.span.tc_in,
                tc_out=text.span.tc_out,
            )
    return ClaimUse(line=f"scene {row.scene}", how="on screen", text=slide)
