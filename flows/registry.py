"""Video type → flow, for the CLI and the tests."""

from __future__ import annotations

from prefect import Flow

from flows.compliance_video import compliance_video
from flows.doctor_ad import doctor_ad
from flows.moa import moa
from flows.product_ad import product_ad
from flows.social_media import social_media
from pipeline.briefs import VideoType

FLOWS: dict[VideoType, Flow] = {
    VideoType.moa: moa,
    VideoType.product_ad: product_ad,
    VideoType.doctor_ad: doctor_ad,
    VideoType.social_media: social_media,
    VideoType.compliance_video: compliance_video,
}
