"""The fast inner loop, `-m "not server and not e2e and not browser"`, leaves out every test that
starts a Prefect server, a browser or a full render (tests/markers.py marks them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FAST = "not server and not e2e and not browser"
HEAVY = {"server", "e2e", "browser"}

# Collects the whole suite the way a developer would, with pyproject's options, and writes each
# test's fixtures, markers and whether `-m` kept it.
COLLECT = """
import json, sys
import pytest

class Recorder:
    def __init__(self):
        self.tests = {}

    def record(self, items, selected):
        for item in items:
            self.tests[item.nodeid] = {
                "fixtures": sorted(getattr(item, "fixturenames", ())),
                "markers": sorted({mark.name for mark in item.iter_markers()}),
                "selected": selected,
            }

    def pytest_deselected(self, items):
        self.record(items, False)

    def pytest_collection_finish(self, session):
        self.record(session.items, True)

recorder = Recorder()
code = pytest.main(
    ["--collect-only", "-q", "-p", "no:cacheprovider", "-m", sys.argv[2], "tests"],
    plugins=[recorder],
)
open(sys.argv[1], "w").write(json.dumps(recorder.tests))
sys.exit(code)
"""


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Every test of the suite: its fixtures, its markers and whether the fast loop runs it."""
    out = tmp_path_factory.mktemp("collect") / "tests.json"
    done = subprocess.run(
        [sys.executable, "-c", COLLECT, str(out), FAST],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(out.read_text())


def module_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def test_the_suite_runs_with_strict_markers_and_the_marking_plugin(request):
    assert request.config.getini("strict_markers") is True
    assert request.config.pluginmanager.has_plugin("tests.markers")


def test_every_user_of_the_session_prefect_server_is_marked_server(collected):
    users = {
        nodeid: test for nodeid, test in collected.items() if "prefect_harness" in test["fixtures"]
    }
    assert len(users) >= 20  # flows, e2e videos: the check below is not vacuous
    assert all("server" in test["markers"] for test in users.values()), [
        nodeid for nodeid, test in users.items() if "server" not in test["markers"]
    ]


@pytest.mark.parametrize(
    ("module", "marker"),
    [
        # use the session server through the `prefect_harness` fixture, without a pytestmark
        ("tests/flows/test_rerun_and_briefs.py", "server"),
        ("tests/flows/test_run_here.py", "server"),
        # start their own servers: `prefect server start`, the `reelflow up` stack
        ("tests/flows/test_dask_render.py", "server"),
        ("tests/e2e/test_browser_review.py", "server"),
        ("tests/deploy/test_stack.py", "server"),
        ("tests/deploy/test_auth.py", "server"),
        ("tests/e2e/test_browser_review.py", "browser"),
        ("tests/e2e/test_videos.py", "e2e"),
        ("tests/pipeline/test_bench_smoke.py", "e2e"),
    ],
)
def test_heavy_modules_are_marked_and_left_out_of_the_fast_loop(collected, module, marker):
    tests = [test for nodeid, test in collected.items() if module_of(nodeid) == module]
    assert tests, f"nothing collected from {module}"
    assert all(marker in test["markers"] and not test["selected"] for test in tests)


def test_the_fast_loop_keeps_exactly_the_unmarked_tests(collected):
    for nodeid, test in collected.items():
        assert test["selected"] == HEAVY.isdisjoint(test["markers"]), nodeid
    fast = {module_of(nodeid) for nodeid, test in collected.items() if test["selected"]}
    assert {
        "tests/pipeline/test_render.py",
        "tests/tasks/test_caching.py",
        "tests/test_markers.py",
    } <= fast
