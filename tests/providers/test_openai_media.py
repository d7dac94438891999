"""OpenAI images and speech over real HTTP: files in the run's folder, real lengths, timings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.outputs import Scene, Scenes, Script, ScriptLine
from pipeline.profile import RenderProfile
from pipeline.providers.images import SlideRequest
from pipeline.providers.registry import artist_for, speaker_for
from pipeline.providers.speech.openai_speech import OpenAISpeaker, decode_wav
from pipeline.providers.speech.timing import read_wav, spoken_words, wav_duration
from pipeline.revision import Revision
from pipeline.workspace import Workspace
from tests.conftest import short_brief
from tests.support.fake_openai import FakeOpenAI, tone_wav
from tests.support.stages import make_visuals, narrate

GENERATED = (40, 160, 120)  # the fake server's picture colour
TEXT = "Metformin lowers blood sugar, and most patients tolerate it well. Ask your doctor."


def scene(index: int, kind: str, bullets: list[str] | None = None) -> Scene:
    return Scene(
        index=index,
        title=f"Scene {index} about blood sugar",
        purpose="Explain.",
        bullets=bullets or [],
        visual_kind=kind,
        duration_hint_s=3,
    )


def test_visuals_stage_illustrates_with_the_images_api(
    server: FakeOpenAI, make_settings, tmp_path: Path
) -> None:
    brief = short_brief("moa")
    scenes = Scenes(
        scenes=[
            scene(1, "title"),
            scene(2, "bullets", ["Less sugar made", "More sugar used"]),
            scene(3, "mechanism", ["Metformin", "Liver", "Lower glucose"]),
        ]
    )
    script = Script(lines=[ScriptLine(scene_index=i, narration="Words.") for i in (1, 2, 3)])
    profile = RenderProfile.for_aspect(brief.aspect, short_side=180)
    workspace = Workspace(root=tmp_path / "run")
    artist = artist_for(make_settings(openai_image_model="img-model"))

    visuals = make_visuals(
        brief,
        scenes,
        script,
        revision=Revision(),
        profile=profile,
        workspace=workspace,
        artist=artist,
    )

    assert visuals.provider == "openai"
    requests = server.on("images")
    assert len(requests) == 2  # the mechanism diagram stays Pillow's
    assert requests[0].body["model"] == "img-model"
    assert "No text, letters" in requests[0].body["prompt"]
    assert requests[1].body["size"] in ("1024x1024", "1536x1024", "1024x1536")
    for item in visuals.items[:2]:
        path = workspace.path(item.image)
        art = path.with_name(f"{path.stem}-art.png")
        assert art.is_file() and art.parent == workspace.folder("visuals")
        with Image.open(path) as slide:
            assert slide.size == profile.still_size
            pixels = np.asarray(slide.convert("RGB")).reshape(-1, 3)
        share = np.mean(np.all(np.abs(pixels.astype(int) - GENERATED) <= 2, axis=1))
        assert 0.05 < share < 0.6  # the picture sits in its box; the text layout surrounds it


def test_a_redrawn_slide_reuses_its_saved_illustration(
    server: FakeOpenAI, make_settings, tmp_path: Path
) -> None:
    artist = artist_for(make_settings())
    request = SlideRequest(
        brief=short_brief("moa"), scene=scene(1, "bullets", ["A point"]), size=(320, 180)
    )
    artist.draw(request, tmp_path / "one.png")
    (tmp_path / "one.png").unlink()
    artist.draw(request, tmp_path / "one.png")
    assert len(server.on("images")) == 1


def test_no_art_feedback_keeps_the_pillow_slide(
    server: FakeOpenAI, make_settings, tmp_path: Path
) -> None:
    artist = artist_for(make_settings())
    request = SlideRequest(
        brief=short_brief("moa"),
        scene=scene(1, "bullets", ["A point"]),
        size=(320, 180),
        notes=("no images please",),
    )
    artist.draw(request, tmp_path / "s.png")
    assert (tmp_path / "s.png").is_file() and server.on("images") == []


@pytest.mark.parametrize("streamed", [False, True])
def test_speech_duration_is_measured_and_timings_fit_the_audio(
    server: FakeOpenAI, make_settings, tmp_path: Path, streamed: bool
) -> None:
    server.streamed_wav_header = streamed
    speaker = speaker_for(make_settings(openai_tts_model="tts-model", openai_voice="verse"))
    assert isinstance(speaker, OpenAISpeaker) and speaker.voice == "verse"
    out = tmp_path / "line.wav"

    speech = speaker.synthesize(TEXT, "en", out)

    words = len(TEXT.split())
    expected = 0.1 + words * 0.35  # the fake's tone-per-word WAV
    assert speech.duration_s == pytest.approx(expected, abs=0.01)
    assert wav_duration(out) == pytest.approx(speech.duration_s)
    samples, rate = read_wav(out)
    assert rate == 24_000 and samples.dtype == np.int16
    assert speech.timing_source == "estimated"
    assert [w.word for w in speech.words] == spoken_words(TEXT)
    assert speech.words[0].start >= 0.09  # starts where the sound starts, not at 0
    assert speech.words[-1].end <= speech.duration_s
    assert all(a.start <= b.start for a, b in zip(speech.words, speech.words[1:], strict=False))
    body = server.on("speech")[0].body
    assert body == {
        "model": "tts-model",
        "voice": "verse",
        "input": TEXT,
        "response_format": "wav",
    }


def test_narration_stage_with_openai_speech(
    server: FakeOpenAI, make_settings, tmp_path: Path
) -> None:
    script = Script(
        lines=[
            ScriptLine(scene_index=1, narration="Hello and welcome."),
            ScriptLine(scene_index=2, narration="Ask your doctor today."),
        ]
    )
    workspace = Workspace(root=tmp_path / "run")
    narration = narrate(
        script,
        language="en",
        revision=Revision(),
        workspace=workspace,
        speaker=speaker_for(make_settings()),
    )
    assert narration.provider == "openai" and narration.voice == "alloy"
    for clip in narration.clips:
        assert clip.duration_s == pytest.approx(wav_duration(workspace.path(clip.audio)))
        assert clip.words[-1].end < clip.duration_s  # tail silence follows the last word


def test_decode_wav_mixes_stereo_and_refuses_broken_audio() -> None:
    mono = tone_wav(1)
    samples, rate = decode_wav(mono)
    assert rate == 24_000 and len(samples) == int(0.45 * 24_000)
    with pytest.raises(Exception, match="truncated"):
        decode_wav(mono[:-1000][:40] + (10**6).to_bytes(4, "little") + mono[44:100])
    with pytest.raises(Exception, match="not a WAV"):
        decode_wav(b"ID3....")
