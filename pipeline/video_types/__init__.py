"""Every video type reelflow makes, registered once; everything type-shaped derives from here.

`SPECS` lists the type modules; from it come the `VideoType` enum, the `Brief` union that parses
any brief by its `video_type`, the brief-model map the CLI documents, and (in `flows/registry.py`)
the flows map. A new type is its module here, its flow file, its example and one `prefect.yaml`
entry: nothing else switches on the type.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter, ValidationError

from pipeline.briefs import BriefBase, BriefError, BriefFileError
from pipeline.video_types import (
    compliance_video,
    disease_awareness,
    doctor_ad,
    moa,
    product_ad,
    social_media,
)
from pipeline.video_types.compliance_video import ComplianceVideoBrief
from pipeline.video_types.disease_awareness import DiseaseAwarenessBrief
from pipeline.video_types.doctor_ad import DoctorAdBrief
from pipeline.video_types.moa import MoaBrief
from pipeline.video_types.product_ad import ProductAdBrief
from pipeline.video_types.social_media import Platform, SocialMediaBrief
from pipeline.video_types.spec import DiagramHint, VideoTypeSpec

__all__ = [
    "BRIEF_MODELS",
    "SPECS",
    "Brief",
    "ComplianceVideoBrief",
    "DiagramHint",
    "DiseaseAwarenessBrief",
    "DoctorAdBrief",
    "MoaBrief",
    "Platform",
    "ProductAdBrief",
    "SocialMediaBrief",
    "VideoType",
    "VideoTypeSpec",
    "parse_brief",
    "spec_for",
]

SPECS: dict[str, VideoTypeSpec[Any]] = {
    spec.name: spec
    for spec in (
        product_ad.SPEC,
        moa.SPEC,
        doctor_ad.SPEC,
        social_media.SPEC,
        compliance_video.SPEC,
        disease_awareness.SPEC,
    )
}
"""Every video type by name, in the order the CLI and the README list them."""

VideoType = StrEnum("VideoType", {name: name for name in SPECS})  # type: ignore[misc]
"""The video types as an enum (CLI choices, flow parameters)."""

BRIEF_MODELS: dict[str, type[BriefBase]] = {name: spec.brief for name, spec in SPECS.items()}

Brief = Annotated[
    Union[tuple(BRIEF_MODELS.values())],  # type: ignore[valid-type]  # noqa: UP007
    Field(discriminator="video_type"),
]
"""Any brief, told apart by its `video_type`."""
_BRIEF_ADAPTER: TypeAdapter[Any] = TypeAdapter(Brief)


def spec_for(brief: BriefBase) -> VideoTypeSpec[Any]:
    """The spec of `brief`'s video type: what code elsewhere asks instead of `isinstance`."""
    return SPECS[brief.video_type]


def parse_brief(data: dict, video_type: str | None = None, *, source: str = "") -> Any:
    """Validate raw brief data; a given `video_type` (CLI or flow) wins over the data's.

    `source` names where the data came from (a file, a spreadsheet row) in every message.
    """
    data = dict(data)
    where = f"{source}: " if source else ""
    written = data.get("video_type")
    if video_type is not None and written not in (None, video_type):
        raise BriefFileError(
            f"{where}this is a {written} brief (its video_type), not a {video_type} one: make it "
            f"with the {written} type instead, or change its video_type and fields"
        )
    if video_type is not None:
        data["video_type"] = video_type
    kind = str(data.get("video_type", "?"))
    if kind not in SPECS:
        raise BriefFileError(
            f"{where}video_type {kind!r} is unknown: use one of {', '.join(SPECS)}"
        )
    try:
        return _BRIEF_ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise BriefError(kind, exc, source) from None
