"""Stage 5: speak the approved script, one WAV per scene, with real lengths and word timings.

The narration decides how long the video is, so each clip's duration is measured from the file
(tail silence included), never taken from a plan. File names carry a hash of everything that
changes the sound, so a regenerated scene gets a new file and older versions stay playable.
"""

from __future__ import annotations

import os

from pydantic import BaseModel, ConfigDict

from pipeline.outputs import Narration, NarrationClip, Script, ScriptLine, WordTiming
from pipeline.providers.speech import Speaker
from pipeline.providers.speech.timing import clean_word, pad_wav
from pipeline.revision import Revision
from pipeline.workspace import Workspace, content_hash, file_hash

TAIL_SILENCE_S = 0.35  # a breath after each scene so cuts do not clip the last word


class SpeechWork(BaseModel):
    """One scene's line to speak, and its take (a retake gets a new file)."""

    model_config = ConfigDict(frozen=True)

    line: ScriptLine
    take: int = 1

    @property
    def scene_index(self) -> int:
        """The scene this line is spoken over."""
        return self.line.scene_index


def speech_work(script: Script, revision: Revision) -> list[SpeechWork]:
    """A clip per line, each with its take from `revision`."""
    return [SpeechWork(line=line, take=revision.take(line.scene_index)) for line in script.lines]


def speak_scene(
    work: SpeechWork,
    *,
    language: str,
    workspace: Workspace,
    speaker: Speaker,
    tail_silence_s: float = TAIL_SILENCE_S,
) -> NarrationClip:
    """Speak one scene into `narration/scene-XX-<hash8>.wav` and describe the clip.

    The WAV is written under a temporary name and moved into place only when complete, so a
    failed or interrupted synthesis never leaves a half-written file a cached result points to.
    """
    line = work.line
    # rate changes the sound too; speakers without one (gTTS) contribute None
    digest = content_hash(
        line.narration,
        language,
        speaker.name,
        speaker.voice,
        getattr(speaker, "rate_wpm", None),
        work.take,
    )[:8]
    out = workspace.folder("narration") / f"scene-{line.scene_index:02d}-{digest}.wav"
    partial = out.with_name(f".{out.stem}.partial.wav")
    try:
        speech = speaker.synthesize(line.narration, language, partial)
        duration = pad_wav(partial, tail_silence_s)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return NarrationClip(
        scene_index=line.scene_index,
        audio=workspace.relative(out),
        duration_s=duration,
        words=punctuated(speech.words, line.narration),
        timing_source=speech.timing_source,
        sha256=file_hash(out),
    )


def collect_narration(
    clips: list[NarrationClip], *, speaker: Speaker, revision: Revision
) -> Narration:
    """The stage's output from its clips, naming the voice ("auto": chosen per language)."""
    return Narration(
        clips=sorted(clips, key=lambda clip: clip.scene_index),
        provider=speaker.name,
        voice=speaker.voice or "auto",
        version=revision.version,
    )


def punctuated(words: list[WordTiming], text: str) -> list[WordTiming]:
    """Give timed words back the punctuation of the written line ("you," not "you").

    Engines report bare words; captions need the commas and full stops to break phrases where
    the speaker pauses and to read like the script. Words that do not line up stay as they are.
    """
    tokens = [token for token in text.split() if clean_word(token)]
    if len(tokens) != len(words):
        return words
    return [
        word.model_copy(update={"word": token}) if clean_word(token) == word.word else word
        for word, token in zip(words, tokens, strict=True)
    ]
