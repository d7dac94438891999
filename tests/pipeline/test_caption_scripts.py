"""Captions for scripts without spaces and for right-to-left ones: phrases, SRT, encoding."""

from __future__ import annotations

import numpy as np

from pipeline.media.captions import RLM, caption_cues, render_cue, write_srt
from pipeline.outputs import WordTiming

JAPANESE = "グルコセンスは毎分、血糖値を測定します。医師にご相談ください。"


def test_an_unspaced_clause_is_cut_into_phrases_the_language_allows():
    # espeak reports a Japanese sentence as one "word": it must not become one huge caption
    words = [WordTiming(word=JAPANESE, start=0.2, end=6.0)]
    cues = caption_cues(words, 6.5, language="ja")
    assert len(cues) >= 3
    assert "".join(c.text for c in cues) == JAPANESE  # nothing lost, no spaces added
    assert all(len(c.text) <= 13 for c in cues)  # Netflix: 13 Japanese characters a line
    assert all(not c.text.startswith(("、", "。")) for c in cues)
    assert cues[0].start == 0.2 and cues[-1].end == 6.5
    assert all(a.end <= b.start + 1e-9 for a, b in zip(cues, cues[1:], strict=False))


def test_thai_phrases_end_between_words():
    thai = "ยาตัวนี้ช่วยลดความดันโลหิตได้อย่างมีประสิทธิภาพมากสำหรับผู้ใหญ่ทุกคน"
    cues = caption_cues([WordTiming(word=thai, start=0.0, end=5.0)], 5.0, language="th")
    assert "".join(c.text for c in cues) == thai
    assert not any(c.text.endswith("ความดัน") for c in cues)


def test_spaced_languages_keep_their_words():
    words = [WordTiming(word=w, start=i * 0.4, end=i * 0.4 + 0.3) for i, w in enumerate(
        ["يقيس", "جهاز", "GlucoSense", "السكر", "كل", "دقيقة."]
    )]  # fmt: skip
    cues = caption_cues(words, 3.0, language="ar")
    assert " ".join(c.text for c in cues) == "يقيس جهاز GlucoSense السكر كل دقيقة."


def test_srt_is_utf8_and_right_to_left_cues_start_with_a_rtl_mark(tmp_path):
    words = [
        WordTiming(word="GlucoSense", start=0, end=0.5),
        WordTiming(word="يقيس", start=0.5, end=1),
    ]
    cues = caption_cues(words, 1.5, language="ar")
    text = write_srt(cues, tmp_path / "ar.srt", "ar").read_bytes().decode("utf-8")
    assert f"{RLM}GlucoSense يقيس" in text
    english = write_srt(cues, tmp_path / "en.srt", "en").read_text(encoding="utf-8")
    assert RLM not in english


def test_a_right_to_left_caption_is_centred_like_any_other():
    picture, (left, _) = render_cue("يقيس جهاز GlucoSense السكر", (640, 360), language="ar")
    alpha = np.asarray(picture)[:, :, 3]
    white = (np.asarray(picture)[:, :, :3].min(axis=2) > 200) & (alpha > 200)
    columns = np.flatnonzero(white.any(axis=0))
    middle = (columns.min() + columns.max()) / 2
    assert abs(middle - picture.width / 2) < picture.width * 0.08
    assert abs(left + picture.width / 2 - 320) <= 1
