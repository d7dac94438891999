"""The deterministic checks: the brief before any stage, then the storyboard and the script.

Each check reads the brief, the scenes and the script (what is shown and what is said) and
reports findings under one rule of the brief's market profile; a rule the profile does not have,
or that does not apply to the video type, is not checked. Everything here is offline and fast:
`reelflow check` runs the brief, scenes and script checks in about a second.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

from pipeline.briefs import BriefBase
from pipeline.compliance.claims import backed_by, claim_kind, sentences
from pipeline.compliance.lexicon import LEXICON
from pipeline.compliance.models import CheckReport, CheckStage, Evidence, Finding, Severity
from pipeline.compliance.prescriber_words import names_a_prescriber
from pipeline.compliance.profiles import profile_for
from pipeline.outputs import Scenes, Script
from pipeline.video_types import spec_for

Texts = list[tuple[str, str]]
"""(where, text) pairs: everything a video shows or says, with where it is."""
Found = Iterator[tuple[Severity | None, str, tuple[Evidence, ...]]]
"""What a check yields: (severity, or None for the rule's own; message; evidence)."""


def check_brief(brief: BriefBase) -> CheckReport:
    """The checks that need only the brief: run before any stage, so a refusal costs nothing."""
    return _report(brief, "brief", {"market-gate": _market_gate, "regulation-cited": _regulation})


def check_outputs(brief: BriefBase, scenes: Scenes, script: Script | None = None) -> CheckReport:
    """The checks on what the video shows (scenes) and, once written, says (script)."""
    texts = _shown(scenes, brief) + (_said(script) + _caption(script) if script else [])
    checks: dict[str, Callable[..., Found]] = {
        "misleading-phrase": lambda b: _lexicon(b, texts, "misleading-phrase"),
        "new-wording": lambda b: _lexicon(b, texts, "new-wording"),
        "no-product-names": lambda b: _product_names(b, texts),
    }
    if script is not None:
        said = _said(script)
        checks |= {
            "claims-referenced": lambda b: _claims(b, said + _caption(script)),
            "names-together": lambda b: _names_together(b, texts),
            "indication-stated": lambda b: _indication(b, texts),
            "adequate-provision": lambda b: _provision(b, texts),
            "major-statement-spoken": lambda b: _major_statement(b, said),
            "rules-shown-and-said": lambda b: _rules_shown_and_said(b, scenes, script),
            "testimonial-disclosure": lambda b: _testimonials(b, said),
            "board-named": lambda b: _board(b, texts),
            "social-risk-with-claims": lambda b: _social_risk(b, said),
            "social-post-caption": lambda b: _post_caption(b, texts, script),
            "acknowledgement-slide": lambda b: _acknowledgement(b, scenes),
        }
    return _report(brief, "script" if script else "scenes", checks)


def _report(
    brief: BriefBase, stage: CheckStage, checks: dict[str, Callable[[BriefBase], Found]]
) -> CheckReport:
    profile = profile_for(brief.market)
    kind = spec_for(brief).name
    findings = []
    for rule_id, check in checks.items():
        rule = profile.rule(rule_id)
        if rule is None or (rule.types and kind not in rule.types):
            continue
        for severity, message, evidence in check(brief):
            findings.append(
                Finding(
                    rule_id=rule.id,
                    rule=rule.rule,
                    source=rule.source,
                    severity=severity or rule.severity,
                    stage=rule.stage,
                    message=message,
                    evidence=evidence,
                )
            )
    return CheckReport(
        profile=profile.id, profile_version=profile.version, stage=stage, findings=tuple(findings)
    )


def _shown(scenes: Scenes, brief: BriefBase | None = None) -> Texts:
    """Every slide's title and points, and (with `brief`) the lines the type draws on them.

    The kicker, subtitle, footer and call-to-action button come from the brief, not the scenes,
    but they are on screen all the same.
    """
    shown = [
        (f"scene {s.index} (on screen)", text)
        for s in scenes.scenes
        for text in (s.title, *s.bullets)
    ]
    if brief is not None:
        spec = spec_for(brief)
        drawn = (spec.subject(brief), spec.subtitle(brief), spec.sponsor_line(brief))
        shown += [("every slide (kicker, subtitle, footer)", t) for t in drawn if t]
        button = spec.call_to_action(brief)
        shown += [("call-to-action button", button)] if button else []
    return shown


def _said(script: Script) -> Texts:
    """The narration; the captions are its words, cue by cue (`pipeline/media/captions.py`)."""
    return [(f"scene {line.scene_index} (narration)", line.narration) for line in script.lines]


def _caption(script: Script | None) -> Texts:
    return [("post caption", script.post_caption)] if script and script.post_caption else []


def _contains(texts: Texts, phrase: str) -> list[Evidence]:
    needle = re.sub(r"\s+", " ", phrase.casefold()).strip(" .")
    return [Evidence(text=text, where=where) for where, text in texts if needle in text.casefold()]


# --- Brief. ---


def _market_gate(brief: BriefBase) -> Found:
    if getattr(brief, "prescription_only", False) and not getattr(brief, "for_hcps", True):
        yield (
            None,
            f"a prescription-only product may not be advertised to the public in the "
            f"{brief.market.upper()}: make a disease_awareness video (no product named) instead, "
            "or set for_hcps for material directed only at healthcare professionals",
            (Evidence(text="prescription_only: true, for_hcps: false", where="brief"),),
        )


_VERSION = re.compile(
    r"\b(v(ersion)?\.?\s?\d[\w.]*|rev(ision)?\.?\s?\w+|edition|issue\s\d+|(19|20)\d{2})\b"
    r"|\d+\.\d+",
    re.IGNORECASE,
)


def _regulation(brief: BriefBase) -> Found:
    regulation = getattr(brief, "regulation", None)
    if not regulation:
        yield (
            None,
            "the brief names no regulation or SOP (with its version) for the training to cite",
            (Evidence(text="regulation: (empty)", where="brief"),),
        )
    elif not _VERSION.search(regulation):
        yield (
            None,
            f"'{regulation}' gives no version: add it (e.g. '{regulation} v3', "
            f"'{regulation} rev. B', '{regulation} (2025)') so the training record names it",
            (Evidence(text=regulation, where="brief: regulation", measured="no version"),),
        )


# --- Words. ---


def _lexicon(brief: BriefBase, texts: Texts, rule_id: str) -> Found:
    for phrase in LEXICON:
        if phrase.rule_id != rule_id or brief.market not in phrase.markets:
            continue
        for where, text in texts:
            match = phrase.pattern.search(text)
            if not match:
                continue
            evidence = (Evidence(text=text, where=where, measured=match.group(0)),)
            if phrase.window_months is None:
                yield (phrase.severity, f"'{match.group(0)}' {phrase.why}: {phrase.fix}", evidence)
                continue
            since = brief.available_since
            if since is None:
                yield (
                    "warn",
                    f"'{match.group(0)}' {phrase.why}, and the brief gives no available_since "
                    f"date to check it against: {phrase.fix}",
                    evidence,
                )
                continue
            months = _months_between(since, date.today())
            if months > phrase.window_months:
                yield (
                    phrase.severity,
                    f"'{match.group(0)}' {phrase.why}; available since {since} ({months} months): "
                    f"{phrase.fix}",
                    (
                        evidence[0].model_copy(
                            update={
                                "measured": f"{months} months since {since}",
                                "limit": f"{phrase.window_months} months",
                            }
                        ),
                    ),
                )


def _months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` (0 for a date still to come)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return max(0, months - (end.day < start.day))


def _product_names(brief: BriefBase, texts: Texts) -> Found:
    spec = spec_for(brief)
    for where, text in texts:
        named = spec.banned_names(brief, text)
        if named:
            names = ", ".join(repr(n) for n in named)
            yield (None, f"names {names}", (Evidence(text=text, where=where, measured=names),))


def _claims(brief: BriefBase, said: Texts) -> Found:
    claims = [claim.text for claim in brief.claims]
    for where, text in said:
        for sentence in sentences(text):
            kind = claim_kind(sentence)
            if kind is None or backed_by(sentence, claims):
                continue
            severity: Severity = "warn" if kind == "benefit" else "block"
            yield (
                severity,
                f"a {kind} claim with no referenced claim in the brief behind it: add it to the "
                "brief's claims with its reference, or reword it",
                (Evidence(text=sentence, where=where, measured=kind),),
            )


def _names_together(brief: BriefBase, texts: Texts) -> Found:
    generic = getattr(brief, "generic_name", None)
    if not generic:
        yield (None, "the brief has no generic_name to say with the product's name", ())
        return
    together = [e for e in _contains(texts, generic) if brief.title.casefold() in e.text.casefold()]
    if not together:
        yield (
            None,
            f"'{generic}' never appears together with '{brief.title}'",
            tuple(_contains(texts, brief.title)[:1]),
        )


def _indication(brief: BriefBase, texts: Texts) -> Found:
    indication = getattr(brief, "indication", None)
    if not indication:
        yield (None, "the brief states no indication (what the product is approved for)", ())
    elif not _contains(texts, indication):
        yield (None, f"the indication '{indication}' is never shown or said", ())


def _provision(brief: BriefBase, texts: Texts) -> Found:
    routes = [r for r in (getattr(brief, "pi_url", None), getattr(brief, "phone", None)) if r]
    if not routes:
        yield (None, "the brief gives no pi_url or phone for the full prescribing information", ())
        return
    if not any(_contains(texts, route) for route in routes):
        yield (None, f"{' or '.join(routes)} is never shown or said", ())
    language = str(getattr(brief, "language", "en") or "en")
    if not any(names_a_prescriber(t, language) for _, t in texts):
        yield (None, f"nothing tells the viewer to ask a doctor or pharmacist ({language})", ())


def _major_statement(brief: BriefBase, said: Texts) -> Found:
    statement = spec_for(brief).fair_balance(brief)
    if statement and not any(statement in text for _, text in said):
        wanted = Evidence(text=statement, where="brief: the major statement", measured="not said")
        yield (None, "the major statement is not spoken in full, word for word", (wanted,))


def _rules_shown_and_said(brief: BriefBase, scenes: Scenes, script: Script) -> Found:
    shown, said = _shown(scenes), _said(script)
    regulation = getattr(brief, "regulation", None)
    wanted = [(rule, "key_rules") for rule in getattr(brief, "key_rules", [])]
    wanted += [(regulation, "regulation")] if regulation else []
    for text, field in wanted:
        missing = [n for n, t in (("shown", shown), ("said", said)) if not _contains(t, text)]
        if missing:
            what = "the rule" if field == "key_rules" else "the regulation it implements"
            yield (
                None,
                f"{what} is not {' or '.join(missing)} in full",
                (Evidence(text=text, where=f"brief: {field}"),),
            )


_ACKNOWLEDGED = re.compile(
    r"\b(acknowledg\w*|I confirm|I have (read|watched|completed)|I understand)\b", re.I
)


def _acknowledgement(brief: BriefBase, scenes: Scenes) -> Found:
    last = scenes.scenes[-1]
    if not any(_ACKNOWLEDGED.search(text) for text in (last.title, *last.bullets)):
        yield (
            None,
            "the training does not end on an acknowledgement slide (e.g. 'I have completed this "
            "training and will follow these rules'): regenerate the storyboard",
            (Evidence(text=last.title, where=f"scene {last.index} (last, on screen)"),),
        )


_TESTIMONIAL = re.compile(
    r"\b(our patients say|patients? (tell|told) us|testimonial)\b|[“\"]", re.IGNORECASE
)
_DISCLOSED = re.compile(r"\b(results (may )?vary|individual results|typical)\b", re.I)


def _testimonials(brief: BriefBase, said: Texts) -> Found:
    for where, text in said:
        if re.search(
            r"\b(our patients say|patients? (tell|told) us|testimonial)\b|[“\"]", text, re.I
        ):
            if not re.search(r"\b(results (may )?vary|individual results|typical)\b", text, re.I):
                yield (
                    None,
                    "a testimonial without a typical-results disclosure: add 'individual "
                    "results vary'",
                    (Evidence(text=text, where=where),),
                )


def _board(brief: BriefBase, texts: Texts) -> Found:
    for where, text in texts:
        match = re.search(r"\bboard[- ]certified\b(?!\s+(by|in)\s+the\s+\w+)", text, re.I)
        if match:
            yield (
                None,
                "'board certified' must name the board (e.g. 'certified by the American Board "
                "of Dermatology')",
                (Evidence(text=text, where=where, measured=match.group(0)),),
            )


def _post_caption(brief: BriefBase, texts: Texts, script: Script) -> Found:
    """A post with a claim carries its most serious risks and a link to the rest in its caption."""
    claims = [(w, s) for w, text in texts for s in sentences(text) if claim_kind(s) is not None]
    if not claims:
        return
    where, sentence = claims[0]
    claim = Evidence(text=sentence, where=where, measured="claim")
    caption = script.post_caption or ""
    if not caption:
        yield (None, "the post makes a claim but has no post caption", (claim,))
        return
    shown = Evidence(text=caption, where="post caption")
    risks, link = getattr(brief, "important_risks", None), getattr(brief, "risk_info_url", None)
    if not risks:
        yield (None, "the brief gives no important_risks for the caption to carry", (claim,))
    elif not _contains([("post caption", caption)], risks):
        yield (None, "the post caption does not carry the most serious risks", (claim, shown))
    if not link:
        yield (None, "the brief gives no risk_info_url for the caption to link to", (claim,))
    elif link not in caption:
        yield (None, "the post caption has no link to the full risk information", (claim, shown))


def _social_risk(brief: BriefBase, said: Texts) -> Found:
    claims = [
        (where, s) for where, text in said for s in sentences(text) if claim_kind(s) is not None
    ]
    risky = re.compile(r"\b(risks?|side effects?|safety|warnings?)\b", re.I)
    if claims and not any(risky.search(text) for _, text in said):
        where, sentence = claims[0]
        yield (
            None,
            "the post makes a benefit claim but presents no risk information",
            (Evidence(text=sentence, where=where),),
        )
