"""Speech: real espeak-ng audio with engine timings, gTTS failing fast offline, the tts stage."""

from __future__ import annotations

import base64
import io
import subprocess
import threading
import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
import requests
from requests.adapters import HTTPAdapter

from pipeline.errors import ProviderUnavailable, StageError
from pipeline.outputs import Script, ScriptLine, WordTiming
from pipeline.providers.registry import speaker_for
from pipeline.providers.speech import Speech
from pipeline.providers.speech.espeak import EspeakSpeaker
from pipeline.providers.speech.gtts_speaker import GttsSpeaker
from pipeline.providers.speech.timing import (
    estimate_word_timings,
    pad_wav,
    read_wav,
    speech_bounds,
    spoken_words,
    wav_duration,
    write_wav,
)
from pipeline.revision import Revision
from pipeline.settings import Settings
from pipeline.stages.tts import SpeechWork, speak_scene
from pipeline.workspace import Workspace, file_hash
from tests.support.stages import narrate

ENGLISH = "Metformin lowers blood sugar, and most patients tolerate it well. Ask your doctor."
GERMAN = "Guten Tag, dieses Medikament senkt den Blutzucker. Fragen Sie Ihren Arzt."
FRENCH = "Bonjour, ce médicament réduit la glycémie. Parlez-en à votre médecin."


def rms(samples: np.ndarray) -> float:
    """Loudness of int16 samples (speech from espeak sits in the thousands)."""
    return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))


def assert_real_speech(result: Speech, wav: Path, text: str, rate_wpm: int = 160) -> None:
    """The WAV holds audible speech of plausible length, with one timing per word, in order."""
    samples, rate = read_wav(wav)
    assert rate == 22050
    assert result.duration_s == pytest.approx(len(samples) / rate)
    assert rms(samples) > 500, "speech should be clearly audible, not near-silence"
    words = spoken_words(text)
    nominal = len(words) * 60 / rate_wpm
    assert 0.6 * nominal < result.duration_s < 1.8 * nominal
    assert [timing.word for timing in result.words] == words
    starts = [timing.start for timing in result.words]
    assert starts == sorted(starts)
    assert all(0 <= t.start < t.end <= result.duration_s for t in result.words)
    onset, _ = speech_bounds(samples, rate)
    assert abs(result.words[0].start - onset) < 0.05
    assert result.timing_source == "engine"


@pytest.mark.parametrize(("language", "text"), [("en", ENGLISH), ("de", GERMAN), ("fr", FRENCH)])
def test_espeak_speaks_each_language_with_engine_timings(
    tmp_path: Path, language: str, text: str
) -> None:
    wav = tmp_path / f"{language}.wav"
    result = EspeakSpeaker().synthesize(text, language, wav)
    assert_real_speech(result, wav, text)


def test_espeak_regional_tag_picks_a_different_voice(tmp_path: Path) -> None:
    speaker = EspeakSpeaker()
    speaker.synthesize("Tomato and schedule.", "en-US", tmp_path / "us.wav")
    speaker.synthesize("Tomato and schedule.", "en-GB", tmp_path / "gb.wav")
    assert file_hash(tmp_path / "us.wav") != file_hash(tmp_path / "gb.wav")


def test_espeak_voice_setting_accepts_a_name_or_a_language_tag(tmp_path: Path) -> None:
    by_tag = EspeakSpeaker(voice="en-gb").synthesize("Hello there.", "de", tmp_path / "t.wav")
    by_name = EspeakSpeaker(voice="English (Great Britain)").synthesize(
        "Hello there.", "de", tmp_path / "n.wav"
    )
    assert [t.word for t in by_tag.words] == [t.word for t in by_name.words] == ["Hello", "there"]
    with pytest.raises(StageError, match="no voice named 'Robot Nine'"):
        EspeakSpeaker(voice="Robot Nine").synthesize("Hello.", "en", tmp_path / "k.wav")


def test_espeak_rate_changes_pace(tmp_path: Path) -> None:
    slow = EspeakSpeaker(rate_wpm=120).synthesize(ENGLISH, "en", tmp_path / "slow.wav")
    fast = EspeakSpeaker(rate_wpm=220).synthesize(ENGLISH, "en", tmp_path / "fast.wav")
    assert fast.duration_s < 0.8 * slow.duration_s


def test_espeak_unknown_language_names_it_and_lists_some(tmp_path: Path) -> None:
    with pytest.raises(StageError) as caught:
        EspeakSpeaker().synthesize("Hello.", "xx-QQ", tmp_path / "x.wav")
    message = str(caught.value)
    assert caught.value.stage == "tts" and caught.value.provider == "espeak"
    assert "'xx-QQ'" in message and "en-gb" in message and "de" in message
    assert not (tmp_path / "x.wav").exists()


def test_espeak_two_threads_at_once_both_get_their_own_audio(tmp_path: Path) -> None:
    jobs = {"en": ENGLISH, "de": GERMAN}
    results: dict[str, Speech] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(jobs))

    def speak(language: str) -> None:
        try:
            barrier.wait()
            for round_ in range(3):
                wav = tmp_path / f"{language}-{round_}.wav"
                results[language] = EspeakSpeaker().synthesize(jobs[language], language, wav)
        except BaseException as error:  # surfaced in the main thread below
            errors.append(error)

    threads = [threading.Thread(target=speak, args=(language,)) for language in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    for language, text in jobs.items():
        assert_real_speech(results[language], tmp_path / f"{language}-2.wav", text)
        # espeak carries a little voice state between calls, so compare loosely, not by hash
        alone = EspeakSpeaker().synthesize(text, language, tmp_path / f"{language}-alone.wav")
        assert results[language].duration_s == pytest.approx(alone.duration_s, abs=0.05)
        for shared, solo in zip(results[language].words, alone.words, strict=True):
            assert shared.word == solo.word and shared.start == pytest.approx(solo.start, abs=0.05)


def test_espeak_times_written_words_even_when_it_splits_or_skips_parts(tmp_path: Path) -> None:
    text = "A well-known drug: 25 mg at 8:30. Don't stop! Call 555-1234 — “today”."
    result = EspeakSpeaker().synthesize(text, "en", tmp_path / "tricky.wav")
    assert [t.word for t in result.words] == [
        "A",
        "well-known",
        "drug",
        "25",
        "mg",
        "at",
        "8:30",
        "Don't",
        "stop",
        "Call",
        "555-1234",
        "today",
    ]
    assert all(later.start >= earlier.end for earlier, later in pairwise(result.words))
    number = next(t for t in result.words if t.word == "555-1234")
    assert number.end - number.start > 1.5, "seven digits take a while to say"


def test_estimated_timings_follow_syllables_and_pause_at_punctuation() -> None:
    timings = estimate_word_timings("One, two three. Extraordinary idea", 4.0, speech_start_s=0.5)
    assert [t.word for t in timings] == ["One", "two", "three", "Extraordinary", "idea"]
    assert timings[0].start == 0.5 and timings[-1].end == pytest.approx(4.0, abs=0.002)
    gap = [later.start - earlier.end for earlier, later in pairwise(timings)]
    assert gap[0] > 0 and gap[1] == pytest.approx(0, abs=0.002) and gap[2] > gap[0]
    lengths = {t.word: t.end - t.start for t in timings}
    assert lengths["Extraordinary"] > 3 * lengths["two"]
    assert estimate_word_timings("— …", 2.0) == []


def test_pad_wav_appends_exact_silence(tmp_path: Path) -> None:
    wav = tmp_path / "tone.wav"
    tone = (8000 * np.sin(np.arange(22050) * 2 * np.pi * 440 / 22050)).astype(np.int16)
    write_wav(wav, tone, 22050)
    assert pad_wav(wav, 0.5) == pytest.approx(1.5)
    samples, _ = read_wav(wav)
    assert len(samples) == 22050 + 11025 and not samples[22050:].any()
    assert speech_bounds(samples, 22050) == pytest.approx((0.0, 1.0), abs=0.011)


def test_gtts_without_network_fails_fast_with_a_hint(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(ProviderUnavailable) as caught:
        GttsSpeaker(timeout_s=2).synthesize("Hello there.", "en", tmp_path / "g.wav")
    assert time.monotonic() - started < 2 + 3
    error = caught.value
    assert (error.stage, error.provider) == ("tts", "gtts")
    assert error.cause and "REELFLOW_SPEECH=espeak" in str(error)


def test_gtts_unknown_language_is_refused_before_any_request(tmp_path: Path) -> None:
    with pytest.raises(StageError, match="no voice for language 'tlh'"):
        GttsSpeaker(timeout_s=2).synthesize("Hello.", "tlh", tmp_path / "g.wav")


@pytest.fixture
def hanging_transport(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An HTTP transport that never answers (like a black-holed proxy), released at teardown."""
    release = threading.Event()

    def never_answers(self: HTTPAdapter, request: requests.PreparedRequest, **_: object) -> None:
        release.wait(60)
        raise requests.ConnectionError("released")

    monkeypatch.setattr(HTTPAdapter, "send", never_answers)
    yield
    release.set()


@pytest.mark.usefixtures("hanging_transport")
def test_gtts_deadline_holds_even_when_the_connection_hangs(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(ProviderUnavailable, match="no answer from translate.google.com"):
        GttsSpeaker(timeout_s=2).synthesize("Hello there.", "en", tmp_path / "g.wav")
    assert 2 <= time.monotonic() - started < 2 + 3


@pytest.fixture(scope="module")
def tone_mp3(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real MP3 like gTTS returns: 0.3 s of silence, then 1.5 s of sound, 24 kHz mono."""
    path = tmp_path_factory.mktemp("mp3") / "tone.mp3"
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=1.5:sample_rate=24000",
            "-af",
            "adelay=300,volume=0.5",
            "-ac",
            "1",
            "-c:a",
            "libmp3lame",
            "-b:a",
            "32k",
            "-y",
            str(path),
        ],
        check=True,
        timeout=60,
    )
    return path.read_bytes()


def test_gtts_success_decodes_mp3_and_estimates_timings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tone_mp3: bytes
) -> None:
    sent: list[requests.PreparedRequest] = []

    def google_answers(self: HTTPAdapter, request: requests.PreparedRequest, **_: object):
        sent.append(request)
        payload = base64.b64encode(tone_mp3).decode()
        body = f')]}}\'\n[["wrb.fr","jQ1olc","[\\"{payload}\\"]",null,null,null,"generic"]]\n'
        response = requests.Response()
        response.status_code, response.url, response.request = 200, request.url, request
        response.raw = io.BytesIO(body.encode())
        return response

    monkeypatch.setattr(HTTPAdapter, "send", google_answers)
    text = "Take one tablet, twice daily."
    result = GttsSpeaker(timeout_s=2).synthesize(text, "en-GB", tmp_path / "g.wav")

    assert "translate.google.co.uk" in sent[0].url and "Take%20one" in str(sent[0].body)
    samples, rate = read_wav(tmp_path / "g.wav")
    assert rate == 24000 and rms(samples) > 1000
    assert result.duration_s == pytest.approx(wav_duration(tmp_path / "g.wav"))
    assert 1.75 < result.duration_s < 2.0
    assert result.timing_source == "estimated"
    assert [t.word for t in result.words] == ["Take", "one", "tablet", "twice", "daily"]
    assert result.words[0].start == pytest.approx(0.3, abs=0.06)
    assert result.words[-1].end == pytest.approx(1.8, abs=0.08)


class ToneSpeaker:
    """A fake speaker with an exactly known output: one second of tone, one word."""

    name = "tone"
    voice = "a440"

    def synthesize(self, text: str, language: str, out: Path) -> Speech:
        """Write 1 s of 440 Hz at 16 kHz and time the single word across it."""
        tone = (8000 * np.sin(np.arange(16000) * 2 * np.pi * 440 / 16000)).astype(np.int16)
        write_wav(out, tone, 16000)
        return Speech(
            duration_s=1.0,
            words=[WordTiming(word=text, start=0.0, end=1.0)],
            timing_source="estimated",
        )


def test_speak_scene_counts_tail_silence_in_the_measured_duration(tmp_path: Path) -> None:
    workspace = Workspace(root=tmp_path)
    line = ScriptLine(scene_index=3, narration="Hello")

    clip = speak_scene(
        SpeechWork(line=line), language="en", workspace=workspace, speaker=ToneSpeaker()
    )

    wav = workspace.path(clip.audio)
    assert clip.audio.startswith("narration/scene-03-") and clip.audio.endswith(".wav")
    assert len(Path(clip.audio).stem) == len("scene-03-") + 8
    assert clip.duration_s == pytest.approx(1.35) == wav_duration(wav)
    samples, _ = read_wav(wav)
    assert len(samples) == 16000 + 5600 and not samples[16000:].any() and samples[:16000].any()
    assert clip.words == [WordTiming(word="Hello", start=0.0, end=1.0)]
    assert clip.timing_source == "estimated" and clip.sha256 == file_hash(wav)
    assert sorted(p.name for p in wav.parent.iterdir()) == [wav.name], "no partial files left"

    second = speak_scene(
        SpeechWork(line=line, take=2), language="en", workspace=workspace, speaker=ToneSpeaker()
    )
    assert second.audio != clip.audio and wav.exists() and workspace.path(second.audio).exists()


def test_speak_scene_with_espeak_breathes_after_the_last_word(tmp_path: Path) -> None:
    workspace = Workspace(root=tmp_path)
    line = ScriptLine(scene_index=1, narration=ENGLISH)
    clip = speak_scene(
        SpeechWork(line=line), language="en", workspace=workspace, speaker=EspeakSpeaker()
    )
    wav = workspace.path(clip.audio)
    samples, rate = read_wav(wav)
    assert clip.duration_s == pytest.approx(wav_duration(wav))
    assert not samples[-int(0.35 * rate) :].any()
    assert clip.duration_s - clip.words[-1].end >= 0.35
    assert clip.timing_source == "engine" and len(clip.words) == len(spoken_words(ENGLISH))


def test_narrate_versions_only_the_scenes_feedback_named(tmp_path: Path) -> None:
    workspace = Workspace(root=tmp_path)
    script = Script(
        lines=[
            ScriptLine(scene_index=1, narration="First scene."),
            ScriptLine(scene_index=2, narration="Second scene."),
        ],
        version=2,
    )
    first = narrate(
        script, language="en", revision=Revision(), workspace=workspace, speaker=EspeakSpeaker()
    )
    revision = Revision().next("scene 2: slower please")
    second = narrate(
        script, language="en", revision=revision, workspace=workspace, speaker=EspeakSpeaker()
    )
    assert (second.provider, second.voice, second.version) == ("espeak", "auto", 2)
    assert second.for_scene(1).audio == first.for_scene(1).audio
    assert second.for_scene(2).audio != first.for_scene(2).audio
    assert second.total_s == pytest.approx(sum(c.duration_s for c in second.clips))
    assert second.for_scene(2).words == first.for_scene(2).words


def test_speaker_for_builds_the_configured_backend() -> None:
    espeak = speaker_for(Settings(speech="espeak", voice="", speech_rate_wpm=180))
    assert isinstance(espeak, EspeakSpeaker) and espeak.rate_wpm == 180
    gtts = speaker_for(Settings(speech="gtts", voice="co.uk", gtts_timeout_s=3))
    assert isinstance(gtts, GttsSpeaker) and (gtts.tld, gtts.timeout_s) == ("co.uk", 3)
    with pytest.raises(ProviderUnavailable, match="OPENAI_API_KEY"):
        speaker_for(Settings(_env_file=None, speech="openai", openai_api_key=None))


def test_timed_words_get_the_scripts_punctuation_back() -> None:
    from pipeline.media.captions import caption_cues
    from pipeline.outputs import WordTiming
    from pipeline.stages.tts import punctuated

    text = "If it's new for you, get it checked. Don't wait."
    bare = ["If", "it's", "new", "for", "you", "get", "it", "checked", "Don't", "wait"]
    words = [WordTiming(word=w, start=i * 0.3, end=i * 0.3 + 0.25) for i, w in enumerate(bare)]
    fixed = punctuated(words, text)
    assert [w.word for w in fixed][4] == "you," and fixed[7].word == "checked."
    assert [(w.start, w.end) for w in fixed] == [(w.start, w.end) for w in words]
    cues = [c.text for c in caption_cues(fixed, 3.0)]
    assert cues == ["If it's new for you,", "get it checked.", "Don't wait."]
    assert punctuated(words[:3], text) == words[:3]  # misaligned: left alone
