"""Every bad message gets an `error` naming the problem, and the socket stays usable."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from reelflow.console.protocol import MAX_MESSAGE_BYTES
from tests.console.conftest import Client, moa_brief

pytestmark = pytest.mark.server


def answer(client, message) -> dict:
    client.send(message)
    return client.until("error", timeout_s=15)


def test_each_bad_message_class_gets_an_error_and_the_socket_stays_open(console):
    with console.connect() as client:
        cases = {
            "bad_json": "{not json",
            "bad_message": "[1, 2]",
            "unknown_action": {"action": "fly"},
            "missing_field": {"video_type": "moa"},
            "too_large": json.dumps({"action": "start", "pad": "x" * (MAX_MESSAGE_BYTES + 10)}),
            "invalid_field": {"action": "start", "video_type": "cartoon", "payload": {}},
            "no_run": {"action": "accept"},
            "unknown_run": {"action": "attach", "run_id": str(uuid.uuid4())},
        }
        for code, message in cases.items():
            error = answer(client, message)
            assert error["code"] == code, error
            assert error["message"]
        missing = answer(client, {"action": "regenerate", "run_id": str(uuid.uuid4())})
        assert (missing["code"], missing["field"]) == ("missing_field", "feedback")
        brief = answer(client, {"action": "start", "video_type": "moa", "payload": {"x": 1}})
        assert brief["code"] == "invalid_brief" and "drug_name" in brief["message"]
        client.send({"action": "list"})
        assert isinstance(client.until("runs")["runs"], list)  # still answering


def test_a_decision_with_nothing_to_decide(console):
    with console.connect() as client:
        client.send({"action": "start", "video_type": "moa", "payload": moa_brief(8)})
        run_id = client.until("started")["run_id"]
        client.send({"action": "accept"})  # sent before the first review was shown
        assert client.until("error")["code"] in ("not_paused", "not_shown")
        client.until("completed", run_id=run_id)
        client.send({"action": "stop"})
        client.until("stopped")
    with console.connect() as late:
        late.send({"action": "attach", "run_id": run_id})
        late.until("stopped")
        late.send({"action": "accept"})
        error = late.until("error")
        assert error["code"] == "not_paused" and "Cancelled" in error["message"]


def test_rate_limit_answers_each_excess_message(console):
    with console.connect() as client:
        for _ in range(80):
            client.send({"action": "fly"})
        codes = [client.until("error")["code"] for _ in range(80)]
        assert "rate_limited" in codes and "unknown_action" in codes


def test_credentials_origin_and_login(console):
    with Client(connect(console.ws_url)) as anonymous:
        assert anonymous.until("error")["code"] == "unauthorized"
        anonymous.send({"action": "list"})
        assert anonymous.until("error")["code"] == "unauthorized"
        anonymous.send({"action": "auth", "token": "reviewer:wrong"})
        assert anonymous.until("error")["code"] == "unauthorized"
        anonymous.send({"action": "auth", "token": console.auth})
        assert anonymous.until("authenticated")["user"] == "reviewer"
        anonymous.send({"action": "list"})
        assert anonymous.until("runs")

    with pytest.raises(InvalidStatus):
        connect(console.ws_url, origin="http://evil.example")

    # A browser logs in with a POST; the HttpOnly cookie then opens pages and the socket.
    with httpx.Client(base_url=console.url) as browser:
        assert browser.get("/", headers={"accept": "text/html"}).status_code == 303
        assert browser.get("/api/runs").status_code == 401
        bad = browser.post("/login", json={"user": "reviewer", "password": "nope"})
        assert bad.status_code == 401
        user, password = console.auth.split(":", 1)
        assert browser.post("/login", json={"user": user, "password": password}).is_success
        cookie = browser.cookies["reelflow_console"]
        assert password not in cookie
        assert browser.get("/api/runs").status_code == 200
    headers = {"Cookie": f"reelflow_console={cookie}"}
    origin = console.url
    with Client(connect(console.ws_url, additional_headers=headers, origin=origin)) as page:
        page.send({"action": "list"})
        assert page.until("runs")
