"""Starting the load test's children: an interrupt never leaves one running unrecorded."""

from __future__ import annotations

import signal
import subprocess
import sys

from bot.tools.loadtest.procs import interrupts_deferred
from tests.helpers.serve import REPO

RUN_LIMIT = 300.0


# Run in a process of its own, as the load test is: nothing of pytest's between the signal and us.
# The child interrupts its parent between fork and exec, while the parent is still inside Popen.
SCENARIO = """
import contextlib, os, signal, subprocess, sys
from bot.tools.loadtest.procs import die_with_parent, interrupts_deferred, stop

# A shell's background job starts with SIGINT ignored, which Python then keeps: Ctrl-C's own
# handler, whatever this process inherited.
signal.signal(signal.SIGINT, signal.default_int_handler)

def interrupt_parent():
    die_with_parent()  # a child left unrecorded ends with this process
    os.kill(os.getppid(), signal.SIGINT)


guard = interrupts_deferred() if sys.argv[1] == "deferred" else contextlib.nullcontext()
running = []
try:
    with guard:
        child = [sys.executable, "-c", "import time; time.sleep(60)"]
        running.append(
            subprocess.Popen(
                child,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=interrupt_parent,
            )
        )
    print("not interrupted")
except KeyboardInterrupt:
    print("interrupted; recorded", len(running), "running", [p.poll() is None for p in running])
finally:
    for proc in running:
        stop(proc)
"""


def _scenario(mode: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", SCENARIO, mode], cwd=REPO, capture_output=True, text=True, timeout=RUN_LIMIT
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_an_interrupt_while_a_child_starts_waits_until_it_is_recorded() -> None:
    assert _scenario("deferred") == "interrupted; recorded 1 running [True]"


def test_without_the_deferral_the_interrupt_lands_inside_popen() -> None:
    # What the load test did before: the child was started, and nothing recorded it to stop it.
    assert _scenario("plain") == "interrupted; recorded 0 running []"


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
