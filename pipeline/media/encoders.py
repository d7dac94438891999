"""How many x264 encoders run at once in this process, and how many threads each one gets.

Measured on a 2-core machine at 1080p (bench/): one single-threaded encoder per core used less
CPU than encoders with x264's automatic threads (3 each here) and ~150 MB less memory, at the
same speed, while there are scenes enough to keep every core busy. A scene left on its own (the
last one, or a single regenerated scene) would then use one core of two, so an encoder gets the
cores shared among the scenes that want one when it starts.

A scene holds its slot from drawing its still to its last frame, so scenes waiting for an encoder
hold no pictures in memory.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Hashable, Iterable, Iterator
from contextlib import contextmanager


class EncoderBudget:
    """At most `cores` scenes encode at once; threads are the cores over scenes in flight."""

    def __init__(self, cores: int) -> None:
        self.cores = max(1, cores)
        self._slots = threading.BoundedSemaphore(self.cores)
        self._lock = threading.Lock()
        self._in_flight = 0
        self._expected: set[Hashable] = set()

    @contextmanager
    def expecting(self, scenes: Iterable[Hashable]) -> Iterator[None]:
        """Count the `scenes` a render is about to start as in flight until each one arrives.

        A render submits its scenes together but they start one by one: without this the
        first to start would see itself alone and take every core (and more memory). A scene
        arrives when it starts encoding or finds nothing to encode (`arrive`).
        """
        keys = set(scenes)
        with self._lock:
            self._expected |= keys
        try:
            yield
        finally:
            with self._lock:  # scenes that never arrived (cached, failed) stop counting
                self._expected -= keys

    def arrive(self, scene: Hashable) -> None:
        """`scene` no longer waits to start (it is running, cached or done); idempotent."""
        with self._lock:
            self._expected.discard(scene)

    @contextmanager
    def scene(self, key: Hashable) -> Iterator[None]:
        """Count a scene as wanting an encoder while it waits for one and while it encodes."""
        with self._lock:
            self._expected.discard(key)
            self._in_flight += 1
        try:
            with self._slots:
                yield
        finally:
            with self._lock:
                self._in_flight -= 1

    def threads(self) -> int:
        """x264 threads for an encoder starting now (at least one)."""
        with self._lock:
            return max(1, self.cores // max(1, self._in_flight + len(self._expected)))


def scene_key(root: object, scene_index: int) -> tuple[str, int]:
    """How a render names one of its scenes to the budget (folder and index)."""
    return str(root), scene_index


ENCODERS = EncoderBudget(os.cpu_count() or 2)
"""The process's budget. Only pipeline code names it: a Prefect task's function can be pickled
by value (Dask ships the running task's context), taking the module objects it names along, and
the budget's locks cannot be pickled at all."""
