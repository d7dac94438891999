"""Stack homes the `postgres` user can enter.

As root, `up --db postgres` runs PostgreSQL as the unprivileged `postgres` user, which cannot
enter pytest's own temporary folders (/tmp/pytest-of-root is 0700). Stack homes are therefore
made with mkdtemp directly under the system temp dir, opened for traversal only (0711), and
removed afterwards; their logs are copied to pytest's temp folder first, for a failure's
post-mortem.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def stack_home(name: str, keep_logs: Path) -> Iterator[Path]:
    """A fresh folder for one stack, removed (PostgreSQL cluster included) when done."""
    home = Path(tempfile.mkdtemp(prefix=f"reelflow-{name}-"))
    home.chmod(0o711)
    try:
        yield home
    finally:
        if (home / "logs").is_dir():
            shutil.copytree(home / "logs", keep_logs / "logs", dirs_exist_ok=True)
        shutil.rmtree(home, ignore_errors=True)
