"""Columns → brief data, decided by the brief models' annotations; brief errors → the cells."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.briefs import Brand
from pipeline.video_types import (
    DoctorAdBrief,
    MoaBrief,
    ProductAdBrief,
    SocialMediaBrief,
    parse_brief,
)
from reelflow.batch.columns import Source, column_of, row_to_data, shape_of
from tests.conftest import example_data

HERE = Path("/sheets")
BRAND = {"brand.name": "Lumen Health", "brand.primary_color": "#1d2b53"}


def test_shapes_come_from_the_annotations():
    fields = ProductAdBrief.model_fields
    assert shape_of(fields["key_benefits"].annotation).kind == "list"
    assert shape_of(fields["brand"].annotation) == ("model", Brand)
    assert shape_of(fields["target_duration_s"].annotation) == ("scalar", float)
    assert shape_of(MoaBrief.model_fields["mechanism_notes"].annotation) == ("scalar", str)
    assert shape_of(Brand.model_fields["logo"].annotation) == ("scalar", Path)


def test_dotted_columns_fill_groups_and_semicolons_split_list_fields_only():
    cells = BRAND | {
        "product": "GlucoSense; CGM",  # text: a ';' in it stays
        "key_benefits": " Fast ;; Accurate ;",  # list: split, trimmed, empties dropped
        "target_duration_s": "6",
    }
    data, sources, problems = row_to_data(cells, ProductAdBrief, HERE)
    assert problems == []
    assert data["brand"] == {"name": "Lumen Health", "primary_color": "#1d2b53"}
    assert data["product"] == "GlucoSense; CGM"
    assert data["key_benefits"] == ["Fast", "Accurate"]
    assert sources["key_benefits.1"] == Source("key_benefits", 2)


def test_numbered_columns_make_a_list_in_number_order_and_gaps_close_up():
    cells = {"services.10": "ten", "services.2": "two", "services.1": "one"}
    data, sources, problems = row_to_data(cells, DoctorAdBrief, HERE)
    assert problems == []
    assert data["services"] == ["one", "two", "ten"]
    assert sources["services.2"] == Source("services.10")
    assert sources["services"] == Source("services.1…services.10")


def test_spreadsheet_numbers_and_dates_become_text_in_text_fields_and_stay_numbers_elsewhere():
    cells = {
        "contact": 5550142.0,  # XLSX reads a phone number typed as a number as a float
        "location": 214,
        "specialty": dt.date(2026, 1, 2),
        "services": 42,
        "target_duration_s": 6,
    }
    data, _, _ = row_to_data(cells, DoctorAdBrief, HERE)
    assert data["contact"] == "5550142"
    assert data["location"] == "214"
    assert data["specialty"] == "2026-01-02"
    assert data["services"] == ["42"]
    assert data["target_duration_s"] == 6


def test_batch_and_note_columns_are_not_brief_fields_and_json_lists_pass_through():
    cells = {"video_type": "social_media", "review": "none", "#owner": "Ana"}
    cells |= {"hashtags": ["#a", "b"]}
    data, _, problems = row_to_data(cells, SocialMediaBrief, HERE)
    assert data == {"hashtags": ["#a", "b"]} and problems == []


def test_relative_logo_paths_are_taken_from_the_sheets_folder():
    data, _, _ = row_to_data({"brand.logo": "logos/a.png"}, ProductAdBrief, HERE)
    assert data["brand"]["logo"] == str(Path("/sheets/logos/a.png").resolve())


def test_impossible_columns_are_problems_with_a_fix():
    cells = {
        "key_benefits": "a;b",
        "key_benefits.1": "c",
        "product.name": "x",
        "brand": "Lumen",
        "key_benefits.first": "y",
    }
    _, _, problems = row_to_data(cells, ProductAdBrief, HERE)
    said = dict(problems)
    assert "use one or the other" in said["key_benefits"]
    assert "product is a single value, not a group" in said["product.name"]
    assert "brand.name" in said["brand"]
    assert "numbered columns key_benefits.1" in said["key_benefits.first"]


def test_brief_errors_point_back_at_the_cells_the_user_typed():
    cells = BRAND | {"key_benefits.1": "ok", "key_benefits.3": "", "key_benefits.4": "x" * 200}
    cells = {k: v for k, v in cells.items() if v}
    data, sources, _ = row_to_data(cells, ProductAdBrief, HERE)
    assert column_of("key_benefits.1", sources, ProductAdBrief) == ("key_benefits.4", "")
    _, semi_sources, _ = row_to_data({"key_benefits": "a;b;c"}, ProductAdBrief, HERE)
    assert column_of("key_benefits.2", semi_sources, ProductAdBrief) == ("key_benefits", "item 3: ")
    assert column_of("brand", {}, ProductAdBrief) == ("brand.name", "")
    assert column_of("product", {}, ProductAdBrief) == ("product", "")
    assert column_of("(brief)", {}, ProductAdBrief) == ("(row)", "")


def test_a_converted_row_is_the_same_brief_as_the_json_example():
    cells = BRAND | {
        "product": "GlucoSense CGM",
        "key_benefits.1": "Readings every minute",
        "key_benefits.2": "Alerts before lows",
        "audience": "adults",
        "call_to_action": "Ask your doctor",
        "safety_information": "Do not use during MRI scans.",
        "target_duration_s": "6.5",
    }
    data, _, _ = row_to_data(cells, ProductAdBrief, HERE)
    brief = parse_brief(data, "product_ad")
    assert brief.target_duration_s == 6.5
    assert brief.brand.primary_color == "#1D2B53"
    assert brief.key_benefits == ["Readings every minute", "Alerts before lows"]


def test_a_list_of_groups_takes_numbered_sets_of_columns_and_errors_name_them():
    """A product ad's referenced claims in a spreadsheet: `claims.1.text`, `claims.1.reference.…`"""
    example = parse_brief(example_data("product_ad"))
    cells = {
        column: value
        for n, claim in enumerate(example.claims, start=1)
        for column, value in {
            f"claims.{n}.text": claim.text,
            f"claims.{n}.reference.citation": claim.reference.citation,
            f"claims.{n}.reference.locator": claim.reference.locator,
        }.items()
    }
    base = {k: v for k, v in example_data("product_ad").items() if k != "claims"}
    data, sources, problems = row_to_data(cells, ProductAdBrief, HERE)
    assert problems == []
    assert parse_brief(base | data, "product_ad").claims == example.claims
    assert column_of("claims.1.reference.citation", sources, ProductAdBrief) == (
        "claims.2.reference.citation",
        "",
    )
    del cells["claims.3.reference.citation"]
    _, sources, _ = row_to_data(cells, ProductAdBrief, HERE)
    missing = column_of("claims.2.reference.citation", sources, ProductAdBrief)
    assert missing == ("claims.3.reference.citation", "")
    _, _, problems = row_to_data({"claims": "Readings every minute"}, ProductAdBrief, HERE)
    assert "claims.1.text" in dict(problems)["claims"]
