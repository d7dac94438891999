"""Deployments for real: `reelflow up` (server, work pool, `prefect deploy --all`, a process
worker, media server), runs triggered over plain HTTP, reviewed through the API. Every test runs
twice: on Prefect's default SQLite database and on a private PostgreSQL (`up(db="postgres")`),
the database a team's server uses."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from reelflow.stack import down, up
from tests.conftest import example_data
from tests.deploy.conftest import stack_home
from tests.support.masters import hand_translation
from tests.support.probe import needs_ffprobe, probe, stream
from tests.support.servers import free_port
from tests.support.webhooks import Receiver

pytestmark = [pytest.mark.server, needs_ffprobe]
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


@pytest.fixture(scope="module")
def receiver():
    """The webhook `up --notify` points at: it hears about the stack's runs."""
    with Receiver.running() as heard:
        yield heard


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def stack(request, tmp_path_factory, receiver):
    """One local stack per database for the module, with tiny renders and its own Prefect home."""
    db = request.param
    with stack_home(db, keep_logs=tmp_path_factory.mktemp(f"stack-{db}")) as home:
        patch = pytest.MonkeyPatch()
        for name, value in {
            "PREFECT_HOME": str(home / "prefect"),
            "PREFECT_LOCAL_STORAGE_PATH": str(home / "results"),
            "REELFLOW_OUTPUT_DIR": str(home / "out"),
            "REELFLOW_SHORT_SIDE": "144",
            "REELFLOW_FPS": "12",
            "REELFLOW_REVIEW_POLL_S": "1",
            "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2",
        }.items():
            patch.setenv(name, value)
        started = up(
            home,
            port=free_port(),
            media_port=free_port(),
            console_port=free_port(),
            db=db,
            notify_url=receiver.url,
        )
        try:
            yield started
        finally:
            down(home)
            patch.undo()


def call(method: str, url: str, **kwargs) -> httpx.Response:
    """One API request, retried on 503/429 and on time-outs, as Prefect's own client does (a
    SQLite-backed server is slow to answer while a burst of runs starts on two cores)."""
    for attempt in range(40):
        try:
            response = httpx.request(method, url, timeout=30, **kwargs)
        except httpx.TransportError:
            time.sleep(min(0.5 * (attempt + 1), 3))
            continue
        if response.status_code not in (429, 503):
            return response
        time.sleep(min(0.5 * (attempt + 1), 3))
    raise AssertionError(f"{method} {url} kept failing")


def trigger(api: str, flow: str, deployment: str, parameters: dict | None = None) -> str:
    """Create a run of a deployment with one HTTP request, as any other system would."""
    dep = call("GET", f"{api}/deployments/name/{flow}/{deployment}").json()
    body = {"parameters": parameters} if parameters is not None else {}
    response = call("POST", f"{api}/deployments/{dep['id']}/create_flow_run", json=body)
    response.raise_for_status()
    return response.json()["id"]


def state_of(api: str, run_id: str) -> dict:
    return call("GET", f"{api}/flow_runs/{run_id}").json()["state"]


def wait_state(api: str, run_id: str, types: set[str], timeout_s: float = 240) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        state = state_of(api, run_id)
        if state["type"] in types:
            return state
        time.sleep(0.5)
    raise AssertionError(f"run {run_id} never reached {types}: {state}")


def resume(api: str, run_id: str, decision: str, reviewer: str = "api") -> None:
    """Answer the pause the run is at now, naming it as the form and the console do: a copy of
    the request that a 503 retry delivers late is then refused, never taken for the next one."""
    state = state_of(api, run_id)
    assert state["type"] == "PAUSED", f"run {run_id} is not paused: {state}"
    review = state["state_details"]["pause_key"].rsplit("-", 1)[0]  # scenes-v1-1 → scenes-v1
    answer = {"pause": review, "decision": decision, "feedback": "", "reviewer": reviewer}
    response = call("POST", f"{api}/flow_runs/{run_id}/resume", json={"run_input": answer})
    accepted = response.is_success and response.json()["status"] == "ACCEPT"
    # A retried request whose first attempt got through finds the run already resumed.
    assert accepted or state_of(api, run_id)["type"] != "PAUSED", response.text


def wait_for_form(api: str, run_id: str) -> str:
    """Wait until the run is paused AND its form schema is saved; return the pause key."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        state = state_of(api, run_id)
        if state["type"] == "PAUSED":
            key = state["state_details"]["pause_key"]
            url = f"{api}/flow_runs/{run_id}/input/paused-{key}-schema"
            if call("GET", url).status_code == 200:
                return key
        elif state["type"] in FINAL:
            raise AssertionError(f"run ended while waiting for a pause: {state}")
        time.sleep(0.3)
    raise AssertionError("no pause came")


def video_link(api: str, run_id: str, auth: tuple[str, str] | None = None) -> str:
    """The MP4's address from the run's `video` link artifact (stored as markdown)."""
    artifacts = httpx.post(
        f"{api}/artifacts/filter",
        auth=auth,
        json={"artifacts": {"flow_run_id": {"any_": [run_id]}, "key": {"any_": ["video"]}}},
    ).json()
    return artifacts[0]["data"].split("](", 1)[1].rstrip(")")


def short_moa(drug: str = "Atorvastatin") -> dict:
    return example_data("moa") | {"drug_name": drug, "target_duration_s": 6}


def test_api_triggered_run_is_reviewed_and_delivers_an_mp4(stack, receiver):
    api = stack.api_url
    run_id = trigger(api, "moa", "moa-interactive", {"brief": short_moa()})
    keys = []
    for _ in range(6):
        keys.append(wait_for_form(api, run_id))
        resume(api, run_id, "accept")
    assert [k.split("-v")[0] for k in keys] == [
        "scenes",
        "script",
        "visuals",
        "animations",
        "tts",
        "render",
    ]
    assert wait_state(api, run_id, FINAL)["type"] == "COMPLETED"
    link = video_link(api, run_id)
    assert link.startswith(stack.media_url)
    mp4 = httpx.get(link)
    assert mp4.status_code == 200 and mp4.headers["content-type"] == "video/mp4"
    path = Path(stack.logs).parent / "video.mp4"
    path.write_bytes(mp4.content)
    info = probe(path)
    assert stream(info, "video")["codec_name"] == "h264"
    assert stream(info, "audio")["codec_name"] == "aac"
    # `up --notify`: the reviewers' webhook heard of the pause and of the delivery, with links.
    for subject in ("Waiting for review", "Delivered"):
        body = receiver.wait_for(run_id, subject)["body"]
        assert f"Review console: {stack.console_url}/review/{run_id}" in body
        assert f"Prefect UI: {stack.ui_url}/runs/flow-run/{run_id}" in body
    assert stack.notify == receiver.url.split("/hooks/")[0] + "/…"


def test_scheduled_deployment_runs_without_a_pause(stack):
    api = stack.api_url
    dep = httpx.get(f"{api}/deployments/name/compliance_video/nightly-adverse-event-training")
    dep = dep.json()
    assert dep["schedules"][0]["schedule"]["cron"] == "30 2 * * *"
    upcoming = httpx.post(
        f"{api}/flow_runs/filter",
        json={
            "deployments": {"id": {"any_": [dep["id"]]}},
            "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}},
        },
    ).json()
    assert upcoming, "the scheduler should have planned the next runs"
    run_id = trigger(api, "compliance_video", "nightly-adverse-event-training")
    assert wait_state(api, run_id, FINAL, timeout_s=300)["type"] == "COMPLETED"
    history = httpx.get(f"{api}/flow_runs/{run_id}/graph-v2").status_code  # run exists
    assert history == 200
    states = httpx.get(f"{api}/flow_run_states/", params={"flow_run_id": run_id}).json()
    assert "PAUSED" not in {s["type"] for s in states}
    assert video_link(api, run_id).endswith(".mp4")


@pytest.mark.timeout(600)  # ~140 s here on two cores, plus ~60 s stopping the stack after it
def test_twenty_paused_runs_each_resume_with_their_own_input(stack):
    api = stack.api_url
    runs = {
        f"Drug{n:02d}": trigger(api, "moa", "moa-interactive", {"brief": short_moa(f"Drug{n:02d}")})
        for n in range(1, 21)
    }
    for run_id in runs.values():
        assert wait_for_form(api, run_id) == "scenes-v1-1"
    for drug, run_id in runs.items():
        resume(api, run_id, "stop", reviewer=f"reviewer-of-{drug}")
    for drug, run_id in runs.items():
        state = wait_state(api, run_id, FINAL)
        assert state["type"] == "CANCELLED", state
        audit_path = state["message"].split("(decisions: ")[1].split(")")[0]
        audit = json.loads(Path(audit_path).read_text())
        assert [d["reviewer"] for d in audit["decisions"]] == [f"reviewer-of-{drug}"]
        assert drug.lower() in audit_path


def test_up_starts_the_review_console(stack):
    assert httpx.get(f"{stack.console_url}/health", timeout=10).status_code == 200
    page = httpx.get(f"{stack.console_url}/login", timeout=10)
    assert page.status_code == 200 and "reelflow" in page.text.lower()
    assert "console" in stack.pids


def test_the_console_reviews_a_run_served_by_the_stacks_worker(stack):
    """Real server, real worker, real console (all started by `reelflow up`), over the socket."""
    if stack.db != "sqlite":
        pytest.skip("the console does not depend on the database: one run is enough")
    ws_url = stack.console_url.replace("http://", "ws://") + "/ws/creator"
    with connect(ws_url, open_timeout=30) as socket:
        start = {"action": "start", "video_type": "moa", "payload": short_moa("Consolin")}
        socket.send(json.dumps(start))
        seen, video_url = [], ""
        deadline = time.monotonic() + 420
        while time.monotonic() < deadline:
            message = json.loads(socket.recv(timeout=300))
            if message["status"] == "started":
                assert message["launched_by"] == "worker"
                assert message["deployment"] == "moa/moa-interactive"
            elif message["status"] == "completed":
                seen.append(message["stage"])
                socket.send(json.dumps({"action": "accept", "pause": message["pause"]}))
            elif message["status"] == "pipeline_complete":
                video_url = message["data"]["video_url"]
                break
            else:
                assert message["status"] in ("running", "attached"), message
    assert seen == ["scenes", "script", "visuals", "animations", "tts", "render"]
    video = httpx.get(stack.console_url + video_url, headers={"Range": "bytes=0-99"}, timeout=30)
    assert video.status_code == 206 and video.content[4:8] == b"ftyp"


def test_the_localize_deployment_makes_a_version_per_language_on_the_worker(stack, tmp_path):
    """`localize` (deployed) starts each language as a run of the `localized-version` deployment."""
    if stack.db != "sqlite":
        pytest.skip("localizing does not depend on the database: one run is enough")
    api = stack.api_url
    master_run = trigger(api, "moa", "moa-interactive", {"brief": short_moa(), "review": "none"})
    assert wait_state(api, master_run, FINAL)["type"] == "COMPLETED"
    folder = Path(video_link_delivery(api, master_run)["folder"])
    supplied = {
        tag: hand_translation(folder, word=tag.upper()).model_dump(mode="json")
        for tag in ("de", "fr")
    }
    parameters = {
        "master": master_run,
        "languages": ["de", "fr"],
        "review": "none",
        "translations": supplied,
    }
    run_id = trigger(api, "localize", "localize", parameters)
    state = wait_state(api, run_id, FINAL, timeout_s=420)
    assert state["type"] == "COMPLETED", state
    children = call(
        "POST",
        f"{api}/flow_runs/filter",
        json={"flows": {"name": {"any_": ["localized_version"]}}},
    ).json()
    assert sorted(c["parameters"]["language"] for c in children) == ["de", "fr"]
    for child in children:
        assert child["state"]["type"] == "COMPLETED"
        assert child["deployment_id"] is not None  # a deployment run on the worker
        delivery = video_link_delivery(api, child["id"])
        manifest = json.loads(Path(delivery["manifest"]).read_text())
        assert manifest["localized_from"]["run_id"] == master_run
        assert manifest["localized_from"]["language"] == child["parameters"]["language"]


def video_link_delivery(api: str, run_id: str) -> dict:
    """The run's `delivery` artifact (JSON in markdown)."""
    artifacts = call(
        "POST",
        f"{api}/artifacts/filter",
        json={"artifacts": {"flow_run_id": {"any_": [run_id]}, "key": {"any_": ["delivery"]}}},
    ).json()
    text = artifacts[0]["data"].strip().removeprefix("```json").removesuffix("```")
    return json.loads(text)
