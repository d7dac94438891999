"""The encoder budget: no more encoders than cores, threads shared among scenes in flight."""

from __future__ import annotations

import threading

from pipeline.media.encoders import EncoderBudget


def test_a_scene_alone_gets_every_core_and_scenes_together_share_them():
    budget = EncoderBudget(4)
    assert EncoderBudget(0).threads() == 1  # never below one thread, whatever the count
    with budget.scene(object()):
        assert budget.threads() == 4
        with budget.scene(object()):
            assert budget.threads() == 2
            with budget.scene(object()), budget.scene(object()):
                assert budget.threads() == 1
    assert budget.threads() == 4


def test_scenes_past_the_core_count_wait_for_a_slot_and_count_while_waiting():
    budget = EncoderBudget(1)
    entered = threading.Event()
    order: list[str] = []

    def second() -> None:
        with budget.scene(object()):
            order.append("second")

    with budget.scene(object()):
        order.append("first")
        waiter = threading.Thread(target=second)
        waiter.start()
        for _ in range(200):  # the waiting scene is counted before it gets the slot
            if budget._in_flight == 2:
                entered.set()
                break
            threading.Event().wait(0.01)
        assert entered.is_set() and order == ["first"]
    waiter.join(timeout=5)
    assert order == ["first", "second"] and budget._in_flight == 0


def test_expected_scenes_share_the_cores_before_they_start_and_stop_counting_after():
    budget = EncoderBudget(2)
    with budget.expecting(["a", "b", "c"]):
        with budget.scene("a"):
            assert budget.threads() == 1  # b and c are on their way: no taking both cores
            budget.arrive("b")  # b was cached
            budget.arrive("b")  # idempotent (a Prefect done-callback may say it again)
            assert budget.threads() == 1  # a and c
        assert budget.threads() == 2  # c only
    assert budget.threads() == 2 and budget._in_flight == 0 and not budget._expected
