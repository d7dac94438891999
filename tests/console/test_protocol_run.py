"""The `/ws/creator` protocol against a real Prefect server and real runs, over loopback."""

from __future__ import annotations

import httpx
import pytest

from tests.console.conftest import moa_brief

pytestmark = pytest.mark.server


def test_start_regenerate_accept_to_pipeline_complete(console):
    with console.connect() as client:
        client.send({"action": "start", "video_type": "moa", "payload": moa_brief()})
        started = client.until("started")
        run_id = started["run_id"]
        scenes = client.until("completed", timeout_s=120)
        assert (scenes["stage"], scenes["version"], scenes["pause"]) == ("scenes", 1, "scenes-v1")
        assert scenes["run_id"] == run_id
        assert scenes["data"]["scenes"][0]["index"] == 1
        assert scenes["progress"]["stage"] == 1
        assert scenes["compliance"]["profile"] == "us-fda"  # the findings the pause page shows
        assert scenes["compliance"]["blocking"] == 0

        client.send({"action": "regenerate", "feedback": "scene 1: shorter title"})
        client.until("running")
        again = client.until("completed")
        assert (again["stage"], again["version"]) == ("scenes", 2)
        assert again["previous"]["version"] == 1
        assert again["history"][-1]["feedback"] == "scene 1: shorter title"

        seen = ["scenes"]
        while True:
            client.send({"action": "accept", "reviewer": "test"})
            message = client.until("completed", "pipeline_complete", timeout_s=180)
            if message["status"] == "pipeline_complete":
                break
            seen.append(message["stage"])
            if message["stage"] == "visuals":
                slide = message["data"]["items"][0]["image_url"]
                assert slide.startswith("/media/")
        assert seen == ["scenes", "script", "visuals", "animations", "tts", "render"]
        video_url = message["data"]["video_url"]
        auth = tuple(console.auth.split(":", 1))
        response = httpx.get(
            console.url + video_url, auth=auth, headers={"Range": "bytes=0-99"}, timeout=30
        )
        assert response.status_code == 206
        assert response.content[4:8] == b"ftyp"
