"""Briefs: the examples validate, and a bad brief names each bad field and the fix."""

from __future__ import annotations

import pytest

from pipeline.briefs import Aspect, BriefBase, BriefError
from pipeline.profile import RenderProfile
from pipeline.video_types import BRIEF_MODELS, parse_brief
from pipeline.workspace import slug
from tests.conftest import VIDEO_TYPES, example_data


@pytest.mark.parametrize("video_type", VIDEO_TYPES)
def test_example_briefs_validate(video_type):
    brief = parse_brief(example_data(video_type))
    assert brief.video_type == video_type
    assert brief.title


def test_platform_sets_the_frame():
    reels = parse_brief(example_data("social_media"))
    linkedin = parse_brief(example_data("social_media") | {"platform": "linkedin"})
    assert reels.aspect is Aspect.portrait and linkedin.aspect is Aspect.square
    assert (
        RenderProfile.for_aspect(reels.aspect).width,
        RenderProfile.for_aspect(reels.aspect).height,
    ) == (1080, 1920)
    assert (RenderProfile.for_aspect(Aspect.landscape).width, 1080) == (1920, 1080)
    assert RenderProfile.for_aspect(linkedin.aspect).width == 1080


def test_unknown_video_type_lists_the_valid_ones():
    with pytest.raises(ValueError, match="use one of product_ad, moa"):
        parse_brief({"video_type": "webinar"})


def test_unknown_field_is_reported_not_ignored():
    with pytest.raises(BriefError, match="drug_nme: is not a field"):
        parse_brief(example_data("moa") | {"drug_nme": "x"})


@pytest.mark.parametrize("video_type", VIDEO_TYPES)
def test_bad_brief_names_every_bad_field(video_type):
    model = BRIEF_MODELS[video_type]
    own = [n for n, f in model.model_fields.items() if n not in BriefBase.model_fields]
    field = next(n for n in own if model.model_fields[n].is_required())
    data = example_data(video_type) | {field: None}
    data["brand"] = {**data["brand"], "primary_color": "blue"}
    with pytest.raises(BriefError) as caught:
        parse_brief(data)
    message = str(caught.value)
    assert "brand.primary_color" in message and "#RRGGBB" in message
    assert f"  - {field}:" in message
    assert caught.value.fields == sorted(
        caught.value.fields, key=lambda name: message.index(f"  - {name}:")
    )


def test_social_brief_over_platform_limit_says_how_to_fix():
    data = example_data("social_media") | {"platform": "youtube_shorts", "target_duration_s": 90}
    with pytest.raises(BriefError, match="youtube_shorts allows"):
        parse_brief(data)


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Глюкометр Плюс", "gliukometr-plius"),
        ("Ελληνικά νέα", "ellenika-nea"),
        ("How Atorvastatin works", "how-atorvastatin-works"),
        ("!!!", "video"),
    ],
)
def test_folder_and_file_names_are_readable_from_any_script(title, name):
    assert slug(title) == name
