"""The MLR pack built from a planned timeline (no render): rows, claims, report, hashes, diff.

The storyboard needs a real video and is tested in tests/e2e/test_mlr_pack_video.py; here only
its frame choice and the exact-frame extraction (on a tiny synthetic clip) are.
"""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from imageio_ffmpeg import get_ffmpeg_exe
from PIL import Image

from pipeline.audit import DecisionRecord
from pipeline.compliance.models import CheckReport, Evidence, Finding
from pipeline.compliance.pack import PackInputs, build_pack, verify
from pipeline.compliance.pack.frames import storyboard_frames
from pipeline.compliance.pack.storyboard import extract_frames
from pipeline.compliance.profiles import load_profile
from pipeline.compliance.timeline import build_timeline
from pipeline.outputs import Animations, SceneAnimation
from pipeline.providers.writer.offline import OfflineWriter
from pipeline.revision import Revision
from pipeline.video_types import parse_brief
from tests.conftest import example_data
from tests.pipeline.test_timeline import narration_for
from tests.support.pdf import needs_poppler, pdf_text

FPS = 25
WAIVER = "Claim approved in MLR meeting 2026-11-20, ref. PRC-118."


def made(data: dict, *, with_timeline: bool = True, decisions=()) -> PackInputs:
    brief = parse_brief(data)
    writer = OfflineWriter()
    scenes = writer.write_scenes(brief, Revision())
    script = writer.write_script(brief, scenes, Revision())
    animations = Animations(items=[SceneAnimation(scene_index=s.index) for s in scenes.scenes])
    timeline = build_timeline(
        brief, scenes, script, animations, narration_for(script), fps=FPS, size=(640, 360)
    )
    return PackInputs(
        brief=brief,
        report=report(),
        status="delivered" if with_timeline else "blocked",
        stopped_at="" if with_timeline else "script",
        decisions=tuple(decisions),
        stage_versions={"scenes": 1, "script": 2},
        providers={"writer": "offline", "speech": "espeak"},
        scenes=scenes,
        script=script,
        timeline=timeline if with_timeline else None,
    )


def report() -> CheckReport:
    def finding(rule_id: str, severity: str, text: str) -> Finding:
        return Finding(
            rule_id=rule_id,
            rule=f"the {rule_id} rule",
            source="21 CFR 202.1(e)(6)",
            severity=severity,
            stage="script",
            message=f"{rule_id} found",
            evidence=(Evidence(text=text, where="scene 3 (narration)"),),
        )

    return CheckReport(
        profile="us-fda",
        profile_version=load_profile("us-fda").version,
        stage="all",
        findings=(
            finding("claims-referenced", "block", "Lowers A1c by 1.2 points"),
            finding("misleading-phrase", "warn", "the best monitor"),
        ),
    )


def brief_data(**changes) -> dict:
    return example_data("product_ad") | {"target_duration_s": 30} | changes


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def delivered(tmp_path):
    decisions = [
        DecisionRecord(stage="scenes", version=1, decision="accept", reviewer="ana"),
        DecisionRecord(
            stage="script", version=2, decision="accept", reviewer="dr-lee", waiver=WAIVER
        ),
    ]
    inputs = made(brief_data(), decisions=decisions)
    return inputs, build_pack(inputs, tmp_path / "out" / "first")


def test_the_annotated_script_has_a_row_per_line_with_its_timecodes(delivered):
    inputs, pack = delivered
    rows = rows_of(pack / "annotated-script.csv")
    sentences = inputs.timeline.sentences
    assert [r["line"] for r in rows] == [s.number for s in sentences]
    for row, sentence in zip(rows, sentences, strict=True):
        assert (row["tc_in"], row["tc_out"]) == (sentence.span.tc_in, sentence.span.tc_out)
        assert row["spoken"] == sentence.text
        assert row["major_statement"] == ("yes" if sentence.major_statement else "no")
    flagged = [r["spoken"] for r in rows if r["major_statement"] == "yes"]
    assert " ".join(flagged) == inputs.brief.safety_information
    said = {r["spoken"].rstrip("."): r for r in rows}
    claim = inputs.brief.claims[1].text  # "Alerts before lows and highs"
    assert said[claim]["claims"].startswith("C2 [")
    assert "Alerts before lows and highs" in said[claim]["on_screen"]


def test_the_claims_file_says_where_each_claim_is_used_and_its_reference(delivered):
    inputs, pack = delivered
    claims = json.loads((pack / "claims.json").read_text())["claims"]
    assert [c["id"] for c in claims] == ["C1", "C2", "C3"]
    rows = {r["line"]: r for r in rows_of(pack / "annotated-script.csv")}
    for claim, brief_claim in zip(claims, inputs.brief.claims, strict=True):
        assert claim["citation"] == brief_claim.reference.citation
        assert claim["locator"] == brief_claim.reference.locator
        spoken = [u for u in claim["uses"] if u["how"] == "spoken"]
        assert len(spoken) == 1
        row = rows[spoken[0]["line"]]
        assert (spoken[0]["tc_in"], spoken[0]["tc_out"]) == (row["tc_in"], row["tc_out"])
        assert f"{claim['id']} [{claim['footnote']}]" in row["claims"]
        assert any(u["how"] == "on screen" and u["tc_in"] for u in claim["uses"])
    assert sorted(c["footnote"] for c in claims) == [1, 2, 3]
    table = rows_of(pack / "claims.csv")
    assert table[0]["used_at"].startswith(claims[0]["uses"][0]["line"] + " spoken 00:00:")


def test_the_check_report_names_the_profile_and_carries_the_waiver(delivered):
    _, pack = delivered
    report = json.loads((pack / "check-report.json").read_text())
    assert (report["profile"], report["profile_version"]) == (
        "us-fda",
        load_profile("us-fda").version,
    )
    assert report["profile_effective"]
    blocking, warning = report["findings"]
    assert blocking["waiver"]["text"] == WAIVER and blocking["waiver"]["reviewer"] == "dr-lee"
    assert warning["waiver"] is None
    assert report["blocking_unwaived"] == 0
    text = (pack / "check-report.txt").read_text()
    assert "BLOCK claims-referenced" in text and "WAIVED claims-referenced by dr-lee" in text
    audit = json.loads((pack / "audit-trail.json").read_text())
    assert [d["reviewer"] for d in audit["decisions"]] == ["ana", "dr-lee"]


def test_the_manifest_hashes_every_file_of_the_pack(delivered):
    _, pack = delivered
    manifest = json.loads((pack / "manifest.json").read_text())
    files = {p.relative_to(pack).as_posix() for p in pack.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == files - {"manifest.json"}
    for name, entry in manifest["files"].items():
        assert hashlib.sha256((pack / name).read_bytes()).hexdigest() == entry["sha256"]
    assert manifest["rule_profile"]["id"] == "us-fda"
    assert manifest["stage_versions"] == {"scenes": 1, "script": 2}
    assert manifest["providers"]["speech"] == "espeak"
    assert manifest["software"]["fpdf2"]
    assert verify(pack, manifest) == []
    with (pack / "claims.csv").open("a") as handle:
        handle.write("tampered\n")
    assert verify(pack, manifest) == ["claims.csv"]


def test_the_first_pack_says_so_and_a_changed_brief_diffs_against_it(delivered, tmp_path):
    inputs, first = delivered
    assert json.loads((first / "diff.json").read_text())["first_pack"] is True
    assert "First pack" in (first / "diff.txt").read_text()
    claims = brief_data()["claims"]
    claims[1] = claims[1] | {"reference": claims[1]["reference"] | {"locator": "section 5.4"}}
    changed = brief_data(
        call_to_action="Talk to your doctor about GlucoSense",
        claims=claims,
    )
    second = build_pack(made(changed), tmp_path / "out" / "second")
    diff = json.loads((second / "diff.json").read_text())
    assert diff["first_pack"] is False
    assert diff["previous"]["folder"] == str(tmp_path / "out" / "first")
    assert {c["field"] for c in diff["brief"]} == {"call_to_action", "claims"}
    assert diff["claims"]["changed"] == [
        {"id": "C2", "text": "Alerts before lows and highs", "fields": ["locator"]}
    ]
    spoken = [c["after"]["spoken"] for c in diff["lines"]["changed"] if "spoken" in c["fields"]]
    assert spoken and all("Talk to your doctor" in s for s in spoken)
    assert diff["findings"] == {"new": [], "resolved": []}
    text = (second / "diff.txt").read_text()
    assert "BRIEF call_to_action" in text and "CLAIM CHANGED C2 (locator)" in text


def test_a_pack_replaces_the_one_in_its_folder_and_diffs_against_it(delivered):
    inputs, pack = delivered
    again = build_pack(inputs, pack.parent.parent)
    assert again == pack
    diff = json.loads((pack / "diff.json").read_text())
    assert diff["first_pack"] is False and diff["summary"].endswith(
        "lines +0 -0 ~0; claims +0 -0 ~0; findings 0 new, 0 resolved."
    )
    assert not [p for p in pack.parent.iterdir() if p.name.startswith(".mlr")]


def test_a_blocked_run_before_the_render_gets_a_pack_without_times(tmp_path):
    pack = build_pack(made(brief_data(), with_timeline=False), tmp_path / "video")
    rows = rows_of(pack / "annotated-script.csv")
    assert rows and all(r["tc_in"] == "" for r in rows)
    assert any(r["major_statement"] == "yes" for r in rows)
    manifest = json.loads((pack / "manifest.json").read_text())
    assert manifest["status"] == "blocked" and manifest["stopped_at"] == "script"
    assert manifest["storyboard"]["pages"] == 0 and manifest["video"] is None
    assert not (pack / "storyboard.pdf").exists()


@needs_poppler
def test_the_script_pdf_prints_other_scripts_and_the_footnotes(tmp_path):
    claims = [
        {
            "text": "Réduit l’HbA1c de façon durable",
            "reference": {
                "citation": "Müller et al. 2025, Ελληνικά και кириллица",
                "locator": "p. 3",
            },
        }
    ]
    data = brief_data(claims=claims, key_benefits=["Réduit l’HbA1c de façon durable"])
    pack = build_pack(made(data), tmp_path / "video")
    text = pdf_text(pack / "annotated-script.pdf")
    assert "Müller et al. 2025, Ελληνικά και кириллица, p. 3" in text
    assert "[1] C1 “Réduit l’HbA1c de façon durable”" in text
    assert "C1 [1]" in text


SAFETY = {
    "ja": "MRI検査中は使用しないでください。センサー部位に皮膚刺激が起こることがあります。",
    "ar": "لا تستخدم GlucoSense أثناء فحص الرنين المغناطيسي. قد يحدث تهيج في الجلد.",
}
BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


@needs_poppler
@pytest.mark.parametrize("language", sorted(SAFETY))
def test_a_pack_in_another_script_prints_it_shaped_in_its_own_font(tmp_path, language):
    """Japanese and Arabic words come back from the PDF as written (Roboto has neither)."""
    data = brief_data(language=language, safety_information=SAFETY[language])
    pack = build_pack(made(data), tmp_path / "video")
    text = pdf_text(pack / "annotated-script.pdf").translate(BIDI_MARKS)
    # Table cells wrap: whole Arabic words, and Japanese phrases short enough to sit on a line.
    # pdftotext reads the lam-alef ligature (لا) back as its letters in visual order: skip it.
    arabic = [word for word in SAFETY["ar"].split() if "لا" not in word]
    words = arabic if language == "ar" else ["MRI検査中は使用しない", "刺激が起こる"]
    assert all(word.strip(".") in text for word in words), (words, text[:2000])
    fonts = subprocess.run(
        ["pdffonts", str(pack / "annotated-script.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "Roboto" in fonts and ("CJK" if language == "ja" else "Arabic") in fonts


def test_storyboard_frames_cover_scenes_text_changes_and_the_major_statement(delivered):
    inputs, _ = delivered
    timeline = inputs.timeline
    frames = storyboard_frames(timeline)
    numbers = [f.frame for f in frames]
    assert numbers == sorted(set(numbers))
    entry = {t.scene_index: t.span.end_frame for t in timeline.transitions}
    for scene in timeline.scenes:
        assert entry[scene.index] in numbers
    for text in timeline.texts:
        assert (text.steady.start_frame if text.steady.frames else text.span.start_frame) in numbers
    major = timeline.major_statement.span
    middle = (major.start_frame + major.end_frame - 1) // 2
    for frame in (major.start_frame, middle, major.end_frame - 1):
        assert frame in numbers
    for item in frames:
        assert item.timecode == f"00:00:{item.frame // FPS:02d}:{item.frame % FPS:02d}"


def test_frames_are_extracted_exactly_by_number(tmp_path):
    levels = np.arange(0, 240, 10, dtype=np.uint8)  # frame k is grey level 10k
    raw = np.repeat(levels, 32 * 32).tobytes()
    clip = tmp_path / "grey.mp4"
    subprocess.run(
        [
            get_ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "gray",
            "-s",
            "32x32",
            "-r",
            "12",
            "-i",
            "-",
            "-c:v",
            "libx264",
            "-qp",
            "0",
            "-pix_fmt",
            "yuv444p",
            str(clip),
        ],
        input=raw,
        check=True,
    )
    wanted = [0, 5, 6, 17, 23]
    images = extract_frames(clip, wanted, tmp_path)
    got = [int(round(np.asarray(Image.open(p).convert("L")).mean() / 10)) for p in images]
    assert got == wanted


def test_frames_can_be_scaled_down_as_they_are_decoded(tmp_path):
    clip = tmp_path / "big.mp4"
    subprocess.run(
        [
            get_ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=640x360:rate=10",
            "-t",
            "1",
            "-pix_fmt",
            "yuv420p",
            str(clip),
        ],
        check=True,
    )
    (image,) = extract_frames(clip, [4], tmp_path, max_side=320)
    assert Image.open(image).size == (320, 180)


def test_a_reference_file_is_copied_into_the_pack_and_hashed(tmp_path):
    source = tmp_path / "ifu rev4.pdf"
    source.write_bytes(b"%PDF-1.4 instructions for use")
    claims = brief_data()["claims"]
    claims[0] = claims[0] | {"reference": claims[0]["reference"] | {"file": str(source)}}
    pack = build_pack(made(brief_data(claims=claims)), tmp_path / "video")
    entry = json.loads((pack / "claims.json").read_text())["claims"][0]
    assert entry["file"] == "references/C1-ifu rev4.pdf"
    assert (pack / entry["file"]).read_bytes() == source.read_bytes()
    manifest = json.loads((pack / "manifest.json").read_text())
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert manifest["files"]["references/C1-ifu rev4.pdf"]["sha256"] == digest
