"""Several reviewers, dropped sockets, stops and stale decisions, on real runs over loopback."""

from __future__ import annotations

import httpx
import pytest
from prefect.settings import PREFECT_API_URL

from tests.console.conftest import moa_brief

pytestmark = pytest.mark.server


def start(client, seconds: float) -> tuple[str, dict]:
    client.send({"action": "start", "video_type": "moa", "payload": moa_brief(seconds)})
    run_id = client.until("started")["run_id"]
    return run_id, client.until("completed", run_id=run_id)


def test_stop_ends_the_run_as_stopped(console):
    with console.connect() as client:
        run_id, scenes = start(client, 6.5)
        client.send({"action": "stop", "reviewer": "test"})
        stopped = client.until("stopped", timeout_s=60)
        assert stopped["run_id"] == run_id
        assert "Stopped by the reviewer at stage 'scenes'" in stopped["message"]
        client.send({"action": "accept"})
        assert client.until("error")["code"] == "stale"  # scenes-v1 was answered by the stop


def test_attach_after_a_dropped_socket_and_two_reviewers_on_one_pause(console):
    first = console.connect()
    run_id, scenes = start(first, 7)
    first.close()  # the socket drops: nothing is lost

    with console.connect() as alice, console.connect() as bob:
        for client in (alice, bob):
            client.send({"action": "attach", "run_id": run_id})
            again = client.until("completed", run_id=run_id)
            assert (again["pause"], again["data"]) == ("scenes-v1", scenes["data"])
        alice.send({"action": "accept", "reviewer": "alice", "pause": "scenes-v1"})
        bob.send({"action": "accept", "reviewer": "bob", "pause": "scenes-v1"})
        refused = bob.until("error")
        assert refused["code"] == "stale" and "scenes-v1" in refused["message"]
        for client in (alice, bob):  # both watch the run move on
            decided = client.until("running", run_id=run_id)
            assert decided["decided"]["reviewer"] == "alice"
            assert client.until("completed", run_id=run_id)["pause"] == "script-v1"
        # Bob's page still shows scenes: his late decision names it and is refused.
        bob.send({"action": "regenerate", "feedback": "more", "pause": "scenes-v1"})
        stale = bob.until("error")
        assert stale["code"] == "stale" and stale["current"] == "script-v1"
        alice.send({"action": "stop"})
        assert bob.until("stopped", run_id=run_id)["run_id"] == run_id


def test_a_resume_through_the_prefect_api_shows_on_the_socket(console):
    api = PREFECT_API_URL.value()
    with console.connect() as client:
        run_id, scenes = start(client, 7.5)
        # What the Prefect UI's resume dialog sends, naming the pause its form was opened at.
        answer = {"decision": "accept", "pause": "scenes-v1", "reviewer": "ui"}
        response = httpx.post(f"{api}/flow_runs/{run_id}/resume", json={"run_input": answer})
        assert response.json()["status"] == "ACCEPT"
        assert client.until("running", run_id=run_id)["run_id"] == run_id
        script = client.until("completed", run_id=run_id)
        assert script["pause"] == "script-v1"

        # A stale form submitted to Prefect directly: the flow refuses it and pauses again.
        response = httpx.post(f"{api}/flow_runs/{run_id}/resume", json={"run_input": answer})
        assert response.json()["status"] == "ACCEPT"
        repeated = client.until("completed", run_id=run_id, pause_key="script-v1-2")
        assert repeated["pause"] == "script-v1"
        assert "made for scenes-v1" in repeated["message"]
        client.send({"action": "stop"})
        client.until("stopped")
