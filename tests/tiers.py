"""The test tiers (docs/ARCHITECTURE.md, "Tests"): `make test-fast` runs what needs none of these, `make test` all.

Tests get `browser` and `postgres` from the fixtures they use (tests/conftest.py); a test that starts the app's
server, nginx or LibreOffice by hand, or takes long, carries its marker. The fast tier refuses to start any of
them for an unmarked test (`needs`), so a missing marker fails at once instead of slowing the tier down.
"""

from __future__ import annotations

import os

import pytest

TIERS = {
    "browser": "a browser: headless Chromium through Playwright against a real app server",
    "server": "a server: the app's own (streamlit run app.py) or nginx",
    "postgres": "a PostgreSQL server (tests/pg_cluster.py starts a throwaway cluster)",
    "libreoffice": "LibreOffice: a real spreadsheet program re-saving the app's workbooks",
    "slow": "time: more than half a minute on its own",
}
FAST_TIER_ENV = "MAALSTYRING_FAST_TESTS"  # set by `make test-fast`


def needs(tier: str) -> None:
    """Called where a test starts something of `tier`: in the fast tier, that is a missing marker."""
    if os.environ.get(FAST_TIER_ENV):
        pytest.fail(f"Testen kræver {TIERS[tier]}. Giv den mærket @pytest.mark.{tier}.", pytrace=False)
