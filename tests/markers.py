"""Marks each test by the heavy things it starts, so the fast inner loop can leave them out:

    pytest -m "not server and not e2e and not browser"      (bash scripts/test.sh --fast)

Loaded as a plugin by `-p tests.markers` in pyproject.toml's addopts. A test gets `server` when it
uses a fixture that starts a Prefect server (`prefect_harness`, also through other fixtures) or
when its module calls something that starts one (`tests.support.servers.prefect_server`, the
`reelflow up` stack). Browsers and full renders cannot be seen from here: those modules set
`pytestmark` themselves (`browser`, `e2e`).
"""

from __future__ import annotations

import pytest

# Fixtures that start a Prefect server; pytest lists a test's fixtures transitively.
SERVER_FIXTURES = frozenset({"prefect_harness"})
# Functions that start a Prefect server when a test body calls them: (module, name).
SERVER_STARTERS = frozenset({("tests.support.servers", "prefect_server"), ("reelflow.stack", "up")})


def starts_a_server(item: pytest.Item) -> bool:
    """Whether the test starts a Prefect server, through a fixture or a function its module uses."""
    if SERVER_FIXTURES.intersection(getattr(item, "fixturenames", ())):
        return True
    module = getattr(item, "module", None)
    return module is not None and any(
        (getattr(value, "__module__", None), getattr(value, "__name__", None)) in SERVER_STARTERS
        for value in vars(module).values()
    )


@pytest.hookimpl(tryfirst=True)  # before pytest's own hook applies `-m`
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("server") is None and starts_a_server(item):
            item.add_marker(pytest.mark.server)
