"""Short social post, framed and timed for its platform."""

from __future__ import annotations

from prefect import flow
from prefect.states import State

from flows.creator import Delivery, ReviewPolicy, make_video, run_name
from pipeline.video_types import SocialMediaBrief


@flow(name="social_media", flow_run_name=run_name, log_prints=True, persist_result=True)
def social_media(
    brief: SocialMediaBrief, review: ReviewPolicy = ReviewPolicy.every
) -> Delivery | State:
    """Make a platform-shaped short video (vertical, square or wide) on one topic."""
    return make_video(brief, review)
