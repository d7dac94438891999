"""Disease awareness: unbranded and help-seeking, naming no product."""

from __future__ import annotations

from prefect import flow
from prefect.states import State

from flows.creator import Delivery, ReviewPolicy, make_video, run_name
from pipeline.video_types import DiseaseAwarenessBrief


@flow(name="disease_awareness", flow_run_name=run_name, log_prints=True, persist_result=True)
def disease_awareness(
    brief: DiseaseAwarenessBrief, review: ReviewPolicy = ReviewPolicy.every
) -> Delivery | State:
    """Tell people about a condition and its signs, and send them to their doctor."""
    return make_video(brief, review)
