"""The numbers every writer, check, model and slide reads: one home per rule.

A limit written twice drifts (the scene range once rounded in the prompt and used ceil/floor in
the offline planner, so a 28 s brief asked a model for 4-6 scenes and planned 4-5 offline). Every
module that needs one of these imports it from here; the output models in `outputs.py` carry them
as field constraints, so a model-backed writer's answer is held to them by validation.
"""

from __future__ import annotations

import math

MIN_SCENES = 3
"""Fewest scenes a storyboard plans: an opening, a body and a close."""
MAX_SCENES = 10
"""Most scenes a storyboard plans for any duration (a reviewer reads every one)."""
SECONDS_PER_SCENE = (5.0, 8.0)
"""A scene holds the screen 5-8 s: shorter flickers, longer drags."""
MAX_SCENES_ACCEPTED = 12
"""Most scenes accepted from a model or a reviewer's "add …" before the storyboard is refused."""

MAX_BULLETS = 4
"""On-screen points per slide: more do not fit at a readable size."""
TITLE_MAX = 48
"""Characters in a slide headline (two lines at the headline size on a 9:16 frame)."""
BULLET_MAX = 52
"""Characters in an ordinary on-screen bullet (one or two lines beside its icon)."""
WHOLE_ITEM_MAX = 200
"""Characters in an item shown whole (a compliance rule): the slide shrinks its type to fit."""

WORDS_PER_SECOND = 2.6
"""Narration pace the writers aim at: a calm medical voice-over (~156 words a minute)."""

OVERSCAN = 1.12
"""Stills are drawn this much larger than the frame, so a Ken Burns zoom never shows an edge."""


def scene_range(target_s: float) -> tuple[int, int]:
    """How many scenes suit a video of `target_s` seconds: one per 5-8 s, 3 to 10."""
    slow, fast = SECONDS_PER_SCENE
    low = min(MAX_SCENES, max(MIN_SCENES, math.ceil(target_s / fast)))
    return low, min(MAX_SCENES, max(low, math.floor(target_s / slow)))


def spoken_seconds(words: int) -> float:
    """How long `words` take to say at the narration pace the writers aim at."""
    return words / WORDS_PER_SECOND
