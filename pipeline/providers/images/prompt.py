"""The prompt the images provider sends: a named `str.format` template and its builder.

It sits beside the provider that sends it, not with the writer's prompts: the images backend has
no other reason to import the writer package. Values are filled in by `str.format` only, so a
scene title that happens to contain "{brand}" stays as written.
"""

from __future__ import annotations

from pipeline.outputs import Scene
from pipeline.video_types import Brief

IMAGE_PROMPT = """\
A clean, modern, friendly editorial illustration for one slide of a {video_type} video by
{brand}. The slide is titled "{title}" and its purpose is: {purpose}
{details}Use a palette that harmonises with {primary} and {secondary}, with plenty of calm space.
No text, letters, numbers, logos, watermarks or brand marks anywhere in the image.
Take {take}: {take_note}{notes}"""

IMAGE_TAKE_NOTES = (
    "a calm, simple composition.",
    "a different composition and viewpoint from the first take.",
    "a bolder, more graphic take with a different arrangement.",
)


def image_prompt(brief: Brief, scene: Scene, notes: list[str], take: int) -> str:
    """What to ask the images API for: a text-free illustration for one scene."""
    details = "".join(f"- {bullet}\n" for bullet in scene.bullets)
    note_text = "".join(f"\nReviewer note: {note}" for note in notes if note)
    return IMAGE_PROMPT.format(
        video_type=brief.video_type.replace("_", " "),
        brand=brief.brand.name,
        title=scene.title,
        purpose=scene.purpose,
        details=f"It shows these points:\n{details}" if details else "",
        primary=brief.brand.primary_color,
        secondary=brief.brand.secondary_color,
        take=take,
        take_note=IMAGE_TAKE_NOTES[(max(1, take) - 1) % len(IMAGE_TAKE_NOTES)],
        notes=note_text,
    )
