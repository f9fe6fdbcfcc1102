"""SIGKILL during imports never leaves a broken or half-written database (scaled down; full: make bench)."""

from bench.crash_safety import crash_runs


def test_kill_during_imports_leaves_a_sound_database():
    assert crash_runs(runs=6, seed=11) == []
