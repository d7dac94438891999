"""Every entrypoint named in prefect.yaml loads as a flow whose parameters include a brief."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from prefect.flows import load_flow_from_entrypoint

from pipeline.video_types import parse_brief
from tests.conftest import VIDEO_TYPES

ROOT = Path(__file__).resolve().parents[2]
DEPLOYMENTS = yaml.safe_load((ROOT / "prefect.yaml").read_text())["deployments"]
LOCALIZING = {"localize", "localized_version"}  # flows over a master, not a brief


@pytest.mark.parametrize("deployment", DEPLOYMENTS, ids=[d["name"] for d in DEPLOYMENTS])
def test_entrypoint_loads_and_parameters_validate(deployment):
    flow = load_flow_from_entrypoint(str(ROOT / deployment["entrypoint"]))
    takes = {"master", "review"} if flow.name in LOCALIZING else {"brief", "review"}
    assert takes <= set(flow.parameters.properties)
    params = deployment.get("parameters", {})
    assert params["review"] in {"every", "key", "none"}
    if "brief" in params:
        assert parse_brief(params["brief"]).video_type == flow.name
    if "schedules" in deployment:
        assert params["review"] == "none", "scheduled runs cannot wait for a reviewer"


def test_every_video_type_has_an_interactive_deployment():
    interactive = {
        d["entrypoint"].split(":")[1]
        for d in DEPLOYMENTS
        if d.get("parameters", {}).get("review") == "every"
    }
    assert interactive - LOCALIZING == set(VIDEO_TYPES)
    assert LOCALIZING <= interactive
