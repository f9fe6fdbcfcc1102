"""`python -m maalstyring ARGS` as a user runs it, in this process: its exit code, stdout and stderr.

What `python -m maalstyring` runs is `sys.exit(main())` (maalstyring/__main__.py; tests/test_cli.py starts it as a
process of its own). A new interpreter per call cost a second or more each, for nothing the callers test.
"""

from __future__ import annotations

import contextlib
import io
import subprocess

from maalstyring.commands.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as stop:  # argparse's help and usage errors end the process this way
            code = stop.code if isinstance(stop.code, int) else 1
    return subprocess.CompletedProcess(["python", "-m", "maalstyring", *args], code, out.getvalue(), err.getvalue())
