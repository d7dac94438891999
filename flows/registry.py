"""Video type → flow, for the CLI and the tests."""

from __future__ import annotations

from prefect import Flow
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
from prefect.states import State

from flows.compliance_video import compliance_video
from flows.doctor_ad import doctor_ad
from flows.moa import moa
from flows.product_ad import product_ad
from flows.review import ReviewPolicy
from flows.social_media import social_media
from pipeline.briefs import Brief, VideoType

FLOWS: dict[VideoType, Flow] = {
    VideoType.moa: moa,
    VideoType.product_ad: product_ad,
    VideoType.doctor_ad: doctor_ad,
    VideoType.social_media: social_media,
    VideoType.compliance_video: compliance_video,
}


def run_here(video_type: VideoType, brief: Brief, review: ReviewPolicy) -> State:
    """Run a video's flow in this process, as `reelflow run` does, and return its final state.

    Prefect 3.8's flow heartbeat thread sleeps in one-second steps and the engine waits for it
    when the flow ends, which added up to a second to every run (0.85 s of a 1.1 s cached rerun).
    Heartbeats only feed zombie-run automations, which watch worker-run deployments (they keep
    them); a run in the user's own terminal is watched by the user, so it goes without.
    """
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        return FLOWS[video_type](brief=brief, review=review, return_state=True)
