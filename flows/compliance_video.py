"""Compliance training: the rules of one policy, said plainly."""

from __future__ import annotations

from prefect import flow
from prefect.states import State

from flows.creator import Delivery, ReviewPolicy, make_video, run_name
from pipeline.video_types import ComplianceVideoBrief


@flow(name="compliance_video", flow_run_name=run_name, log_prints=True, persist_result=True)
def compliance_video(
    brief: ComplianceVideoBrief, review: ReviewPolicy = ReviewPolicy.every
) -> Delivery | State:
    """Teach a policy's key rules to the staff who must follow them."""
    return make_video(brief, review)
