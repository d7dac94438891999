"""Run the ffmpeg bundled with imageio-ffmpeg: join segments, encode audio, mux, count frames.

Only the bundled binary is used, so a render behaves the same on every machine whatever ffmpeg
(if any) the system has. Every failure becomes a `StageError` carrying the tail of ffmpeg's log,
because "exit status 1" alone tells a user nothing.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import imageio_ffmpeg

from pipeline.errors import StageError

if TYPE_CHECKING:
    from typing_extensions import Buffer

STDERR_TAIL_LINES = 12


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """Path of the bundled ffmpeg (looked up once)."""
    return imageio_ffmpeg.get_ffmpeg_exe()


def run_ffmpeg(args: Sequence[str | Path], *, stage: str) -> subprocess.CompletedProcess[str]:
    """Run ffmpeg with `args`, quietly; raise a StageError naming `stage` if it fails."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-v", "error", *map(str, args)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-STDERR_TAIL_LINES:])
        raise StageError(
            stage,
            "ffmpeg",
            f"exit status {result.returncode}: {tail or 'no message'}",
            hint="Check that the input files exist and are complete, then run the stage again.",
        )
    return result


def encode_yuv_frames(
    frames: Iterable[Iterable[Buffer]],
    output: Path,
    *,
    size: tuple[int, int],
    fps: int,
    preset: str,
    crf: int,
    threads: int = 0,
    stage: str = "render",
) -> Path:
    """Encode raw yuv420p frames (each given plane by plane) to a video-only H.264 MP4.

    The frames arrive already in the encoder's pixel format, so ffmpeg does no per-frame
    conversion; they stream through a pipe, so only one frame is ever held in memory.
    """
    command = [
        ffmpeg_exe(),
        *("-hide_banner", "-nostdin", "-y", "-v", "error"),
        *("-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{size[0]}x{size[1]}"),
        *("-framerate", str(fps), "-i", "pipe:0"),
        *("-an", "-c:v", "libx264", "-preset", preset, "-crf", str(crf)),
        *(("-threads", str(threads)) if threads > 0 else ()),
        *("-pix_fmt", "yuv420p", "-movflags", "+faststart", str(output)),
    ]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=log)
        assert process.stdin is not None
        try:
            for planes in frames:
                for plane in planes:
                    process.stdin.write(plane)
        except BrokenPipeError:
            pass  # ffmpeg stopped early; its exit status and log below say why
        except BaseException:
            process.kill()
            process.wait()
            raise
        finally:
            try:
                process.stdin.close()
            except BrokenPipeError:
                pass
        status = process.wait()
        if status != 0:
            log.seek(0)
            lines = log.read().decode("utf-8", "replace").strip().splitlines()
            raise StageError(
                stage,
                "ffmpeg",
                f"encoding {output.name} failed, exit status {status}: "
                + ("\n".join(lines[-STDERR_TAIL_LINES:]) or "no message"),
                hint="Check the x264 preset and the free disk space, then run the stage again.",
            )
    return output


def concat_copy(segments: Sequence[Path], output: Path, *, stage: str = "render") -> Path:
    """Join same-format video segments end to end without re-encoding (concat demuxer)."""
    if not segments:
        raise StageError(stage, "ffmpeg", "no segments to join")
    with tempfile.NamedTemporaryFile(
        "w", suffix=".txt", dir=output.parent, delete=False, encoding="utf-8"
    ) as listing:
        for segment in segments:
            quoted = str(segment.resolve()).replace("'", r"'\''")
            listing.write(f"file '{quoted}'\n")
    try:
        run_ffmpeg(
            [
                "-f",
                "concat",
                "-safe",
                "0",
                "-i",
                listing.name,
                "-map",
                "0:v:0",
                "-c:v",
                "copy",
                "-an",
                output,
            ],
            stage=stage,
        )
    finally:
        Path(listing.name).unlink(missing_ok=True)
    return output


def normalise_wav(
    source: Path, output: Path, *, sample_rate: int, channels: int, stage: str = "render"
) -> Path:
    """Convert a WAV to 16-bit PCM at `sample_rate`/`channels` so clips can be joined byte-wise."""
    run_ffmpeg(
        ["-i", source, "-ac", str(channels), "-ar", str(sample_rate), "-c:a", "pcm_s16le", output],
        stage=stage,
    )
    return output


def encode_aac(wav: Path, output: Path, *, bitrate: str = "160k", stage: str = "render") -> Path:
    """Encode the finished narration WAV to AAC (.m4a) once, for muxing beside the video."""
    run_ffmpeg(["-i", wav, "-vn", "-c:a", "aac", "-b:a", bitrate, output], stage=stage)
    return output


def mux(video: Path, audio: Path, output: Path, *, stage: str = "render") -> Path:
    """Put a video-only and an audio-only file into one MP4 (both copied; moov atom first)."""
    run_ffmpeg(
        [
            "-i",
            video,
            "-i",
            audio,
            "-map",
            "0:v:0",
            "-map",
            "1:a:0",
            "-c",
            "copy",
            "-movflags",
            "+faststart",
            output,
        ],
        stage=stage,
    )
    return output


def count_video_frames(path: Path, *, stage: str = "render") -> int:
    """Frames in the first video stream, counted from packets (no decoding, so it is cheap)."""
    result = run_ffmpeg(
        [
            "-i",
            path,
            "-map",
            "0:v:0",
            "-c",
            "copy",
            "-f",
            "null",
            "-",
            "-progress",
            "pipe:1",
            "-nostats",
        ],
        stage=stage,
    )
    counts = re.findall(r"^frame=(\d+)$", result.stdout, flags=re.MULTILINE)
    if not counts:
        raise StageError(stage, "ffmpeg", f"could not count frames in {path.name}")
    return int(counts[-1])


def extract_frame_png(video: Path, at_s: float, output: Path, *, stage: str = "render") -> Path:
    """Save the frame shown at `at_s` seconds as a PNG (used for posters and checks)."""
    run_ffmpeg(["-ss", f"{at_s:.3f}", "-i", video, "-frames:v", "1", output], stage=stage)
    return output
