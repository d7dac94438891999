"""Local advertisement for a doctor or practice."""

from __future__ import annotations

from prefect import flow
from prefect.states import State

from flows.creator import Delivery, ReviewPolicy, make_video, run_name
from pipeline.video_types import DoctorAdBrief


@flow(name="doctor_ad", flow_run_name=run_name, log_prints=True, persist_result=True)
def doctor_ad(brief: DoctorAdBrief, review: ReviewPolicy = ReviewPolicy.every) -> Delivery | State:
    """Present a practice's specialty, services, location and contact details."""
    return make_video(brief, review)
