"""Logout ends the session, on every app server (issue 28, point 13).

Streamlit's login cookie is signed and lives 30 days; its "Log ud" only asks the browser to forget it, so a copy
of the cookie kept signing in. Every logout is now an event in the shared database (the audit trail shows it),
naming the provider's `sub`; a login cookie of that `sub` signed before the logout no longer signs in, on any
server that shares the database (ui/web_guard.py strips it). Logging out thus ends all of the user's logins, in
every browser; logging in again gives a new cookie, which works.
"""

from __future__ import annotations

from datetime import datetime

from maalstyring.database.events import record_event
from maalstyring.database.storage import transaction
from vocabulary.terms import EventAction


def _details(subject: str) -> str:
    return f"Logget ud (login-id {subject})"


def record_logout(conn, actor: str, subject: str) -> None:
    """Record that the user with provider `sub` = `subject` logged out now (actor: who, for the audit trail)."""
    cur = conn.cursor()
    with transaction(cur):
        record_event(cur, actor or f"login-id {subject}", EventAction.LOGGED_OUT, details=_details(subject))


def last_logout(conn, subject: str) -> datetime | None:
    """When the user with provider `sub` = `subject` last logged out, or None."""
    row = (
        conn.cursor()
        .execute(
            "SELECT max(happened_at) FROM events WHERE action = ? AND details = ?",
            [EventAction.LOGGED_OUT, _details(subject)],
        )
        .fetchone()
    )
    return row[0] if row else None


def signed_before_logout(signed_at: datetime, logged_out_at: datetime | None) -> bool:
    """True when a cookie signed at `signed_at` (whole seconds) predates the logout. A cookie signed in the same
    second as the logout counts as after it: a login right after a logout must work."""
    return logged_out_at is not None and signed_at < logged_out_at.replace(microsecond=0)
