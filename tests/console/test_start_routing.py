"""`start` goes through the type's interactive deployment when a worker is online for it, and
otherwise runs the flow from the console; either way it is an ordinary Prefect flow run."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate

from flows.registry import FLOWS
from reelflow.console.runs import RunService
from tests.conftest import example_data

pytestmark = pytest.mark.server
POOL = "console-routing-test"


async def check_routing(tmp_path: Path) -> None:
    async with get_client() as client:
        await client.create_work_pool(WorkPoolCreate(name=POOL, type="process"), overwrite=True)
        flow_id = await client.create_flow(FLOWS["product_ad"])
        deployment_id = await client.create_deployment(
            flow_id, "product-ad-interactive", work_pool_name=POOL
        )
        service = RunService(client, tmp_path)
        brief = example_data("product_ad") | {"target_duration_s": 6}
        try:
            await client.send_worker_heartbeat(POOL, "test-worker", heartbeat_interval_seconds=30)
            served = await service.start("product_ad", brief)
            run = await client.read_flow_run(served.run_id)
            assert (served.launched_by, run.deployment_id) == ("worker", deployment_id)
            assert run.parameters["review"] == "every"
            await client.delete_flow_run(served.run_id)
        finally:
            await client.delete_deployment(deployment_id)
        here = await service.start("product_ad", brief)
        try:
            run = await client.read_flow_run(here.run_id)
            assert (here.launched_by, run.deployment_id) == ("console", None)
            assert run.parameters["brief"]["video_type"] == "product_ad"
        finally:
            await asyncio.to_thread(service.stop_children)
            await client.delete_flow_run(here.run_id)


def test_start_uses_the_worker_when_one_serves_the_deployment(prefect_harness, tmp_path):
    asyncio.run(check_routing(tmp_path))
