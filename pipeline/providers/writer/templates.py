"""Every template the offline writer can use: each video type's copy, and the added-topic beat.

The copy itself lives with its video type (`pipeline/video_types/<type>.py`); this module only
merges it into the one table the writer looks beats up in, plus the one beat every type shares.
"""

from __future__ import annotations

from pipeline.beats import BeatTemplate
from pipeline.video_types import SPECS

ADDED_TOPIC = BeatTemplate(
    ("{topic_title}",) * 3,
    "Cover {topic}, as the reviewer asked; confirm facts before release.",
    ("Next: {topic}.", "Let's turn to {topic}.", "A word on {topic}."),
    ("{topic_followup}",),
    short="{topic}.",
)
"""A topic the reviewer asked to add: framed, never invented."""

TEMPLATES: dict[str, BeatTemplate] = {
    key: template for spec in SPECS.values() for key, template in spec.copy.items()
} | {"added.topic": ADDED_TOPIC}
