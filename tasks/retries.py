"""When a failed task is worth retrying.

A `StageError` has already been through its provider's own retry budget (the single retry layer
for network providers) or describes a fault a retry cannot fix (an unknown voice, a bad model
answer after repairs): retrying it again would only delay the reviewer. A stage that ran past its
time limit is not retried either: the limit is for the stage, and a retry would make the reviewer
wait as long again. Anything else (a dropped connection, a crashed subprocess) gets the task's
retries.
"""

from __future__ import annotations

from typing import Any

from prefect.task_engine import TaskRunTimeoutError

from pipeline.errors import StageError


def retry_transient(task: Any, task_run: Any, state: Any) -> bool:
    """Prefect `retry_condition_fn`: retry unless a `StageError` or the stage's time limit."""
    try:
        state.result()
    except (StageError, TaskRunTimeoutError):
        return False
    except Exception:  # noqa: BLE001 - any other failure may be transient
        return True
    return True
