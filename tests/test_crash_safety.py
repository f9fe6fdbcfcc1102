"""SIGKILL during imports never leaves a broken or half-written database (scaled down; full: make bench)."""

import pytest

from bench.crash_safety import crash_runs


@pytest.mark.slow  # six runs of importing processes killed at random moments
def test_kill_during_imports_leaves_a_sound_database():
    assert crash_runs(runs=6, seed=11) == []
