"""CPU seconds used by this process's children (the Streamlit server, Chromium), read from /proc.

On a shared machine wall time swings with everybody else's load; the CPU time a page visit costs our own server
and our own browser does much less, so bench/page_speed.py reports both. Linux only (so is the bench).
"""

from __future__ import annotations

import os

TICK = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, float, str]]:
    """pid → (parent pid, CPU seconds so far, command line) for every process we may read."""
    found = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
            with open(f"/proc/{name}/cmdline", "rb") as f:
                command = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile, or not ours to read
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # the command name may hold spaces
        found[int(name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK, command)
    return found


def children_cpu(command_contains: str) -> float:
    """CPU seconds (user + system) of the descendants of this process whose command line holds the text."""
    processes, me, total = _processes(), os.getpid(), 0.0
    for pid, (_, seconds, command) in processes.items():
        if command_contains not in command:
            continue
        ancestor = processes[pid][0]
        while ancestor in processes and ancestor not in (me, 0, 1):
            ancestor = processes[ancestor][0]
        if ancestor == me:
            total += seconds
    return total
