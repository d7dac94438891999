"""Product advertisement, always closing with its safety information."""

from __future__ import annotations

from prefect import flow
from prefect.states import State

from flows.creator import Delivery, ReviewPolicy, make_video, run_name
from pipeline.video_types import ProductAdBrief


@flow(name="product_ad", flow_run_name=run_name, log_prints=True, persist_result=True)
def product_ad(
    brief: ProductAdBrief, review: ReviewPolicy = ReviewPolicy.every
) -> Delivery | State:
    """Advertise a product's benefits with a call to action and its full safety information."""
    return make_video(brief, review)
