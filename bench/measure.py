"""Measuring tools: frames decoded by ffmpeg, SSIM in numpy, and peak memory of a process tree."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

import numpy as np

from pipeline.media.ffmpeg import ffmpeg_exe


def gray_frame(video: Path, at_s: float, size: tuple[int, int]) -> np.ndarray:
    """The frame shown at `at_s`, decoded by ffmpeg to 8-bit grayscale."""
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-ss", f"{at_s:.3f}", "-i", str(video), "-frames:v", "1"]
        + ["-f", "rawvideo", "-pix_fmt", "gray", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(size[1], size[0])


def ssim(a: np.ndarray, b: np.ndarray, block: int = 8) -> float:
    """Mean SSIM over non-overlapping `block`-pixel windows of two grayscale frames."""
    h, w = (
        (min(a.shape[0], b.shape[0]) // block) * block,
        (min(a.shape[1], b.shape[1]) // block) * block,
    )

    def windows(x: np.ndarray) -> np.ndarray:
        x = x[:h, :w].astype(np.float64)
        return x.reshape(h // block, block, w // block, block).transpose(0, 2, 1, 3)

    x, y = windows(a), windows(b)
    mx, my = x.mean(axis=(2, 3)), y.mean(axis=(2, 3))
    vx, vy = x.var(axis=(2, 3)), y.var(axis=(2, 3))
    cov = ((x - mx[..., None, None]) * (y - my[..., None, None])).mean(axis=(2, 3))
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    value = ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx**2 + my**2 + c1) * (vx + vy + c2))
    return float(value.mean())


def sampled_ssim(a: Path, b: Path, size: tuple[int, int], times: list[float]) -> list[float]:
    """SSIM between the two videos' frames at each of `times`."""
    return [ssim(gray_frame(a, t, size), gray_frame(b, t, size)) for t in times]


def _command(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and all its descendants, from /proc.

    A child caught between fork and exec (same command line as its parent) is skipped: it shares
    every page with the parent, and counting it would add the whole Python process again each
    time an ffmpeg starts (more often the more scenes, a false growth with video length).
    """
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        me = int(status.parent.name)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(me)
        rss[me] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        parent = _command(current)
        todo.extend(c for c in children.get(current, []) if _command(c) != parent)
    return total


def peak_tree_rss(command: list[str], *, interval_s: float = 0.05) -> tuple[int, float]:
    """Run `command`; return (peak summed RSS of it and its children in bytes, wall seconds)."""
    start = time.perf_counter()
    process = subprocess.Popen(command)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(interval_s)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    status = process.wait()
    done.set()
    sampler.join()
    if status != 0:
        raise RuntimeError(f"{command} exited with status {status}")
    return peak, time.perf_counter() - start


def encoder_limit(
    video: Path, scratch: Path, *, size: tuple[int, int], fps: int, preset: str, crf: int
) -> tuple[float, int]:
    """Seconds libx264 takes for `video`'s own frames (decoded to raw first), and bytes out."""
    raw, out = scratch / "frames.yuv", scratch / f"limit-{preset}.mp4"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-i",
            str(video),
            "-f",
            "rawvideo",
            "-pix_fmt",
            "yuv420p",
            str(raw),
        ]
        if not raw.exists()
        else ["true"],
        check=True,
    )
    start = time.perf_counter()
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "yuv420p"]
        + ["-s", f"{size[0]}x{size[1]}", "-framerate", str(fps), "-i", str(raw)]
        + ["-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-pix_fmt", "yuv420p", str(out)],
        check=True,
    )
    return time.perf_counter() - start, out.stat().st_size
