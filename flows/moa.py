"""Mechanism-of-action explainer: how a drug works, for patients or HCPs."""

from __future__ import annotations

from prefect import flow
from prefect.states import State

from flows.creator import Delivery, ReviewPolicy, make_video, run_name
from pipeline.video_types import MoaBrief


@flow(name="moa", flow_run_name=run_name, log_prints=True, persist_result=True)
def moa(brief: MoaBrief, review: ReviewPolicy = ReviewPolicy.every) -> Delivery | State:
    """Explain a drug's mechanism of action as a narrated, captioned video with a diagram."""
    return make_video(brief, review)
