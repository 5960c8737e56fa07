"""Starting the load test's children: an interrupt never leaves one running unrecorded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from bot.loadtest.procs import interrupts_deferred, stop


def _interrupt_parent() -> None:
    """Runs in the child between fork and exec, while the parent is still inside ``Popen``."""
    os.kill(os.getppid(), signal.SIGINT)


def test_an_interrupt_while_a_child_starts_waits_until_it_is_recorded() -> None:
    running: list[subprocess.Popen[bytes]] = []
    try:
        with pytest.raises(KeyboardInterrupt), interrupts_deferred():
            running.append(
                subprocess.Popen(
                    [sys.executable, "-c", "import time; time.sleep(60)"], preexec_fn=_interrupt_parent
                )
            )
        # Without the deferral the interrupt is raised inside Popen: a child runs that nothing recorded.
        assert len(running) == 1 and running[0].poll() is None
    finally:
        for proc in running:
            stop(proc)
    assert running[0].returncode == -signal.SIGTERM


def test_handlers_are_restored_and_nothing_is_raised_without_a_signal() -> None:
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    with interrupts_deferred():
        pass
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def test_sigterm_is_delivered_to_the_handler_it_had() -> None:
    received: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: received.append(signum))
    try:
        with interrupts_deferred():
            signal.raise_signal(signal.SIGTERM)
            assert received == []
        assert received == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, previous)
