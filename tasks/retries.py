"""When a failed task is worth retrying.

A `StageError` has already been through its provider's own retry budget (the single retry layer
for network providers) or describes a fault a retry cannot fix (an unknown voice, a bad model
answer after repairs): retrying it again would only delay the reviewer. Anything else (a
dropped connection, a crashed subprocess) gets the task's retries.
"""

from __future__ import annotations

from typing import Any

from pipeline.errors import StageError


def retry_transient(task: Any, task_run: Any, state: Any) -> bool:
    """Prefect `retry_condition_fn`: retry unless the failure is a `StageError`."""
    try:
        state.result()
    except StageError:
        return False
    except Exception:  # noqa: BLE001 - any other failure may be transient
        return True
    return True
