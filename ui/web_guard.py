"""What the server answers without a session: ASGI middleware around Streamlit's own routes (app.py, asgi.py).

Streamlit serves some routes that no page needs and that tell a stranger about the server (issue 28, point 6):
`/_stcore/metrics` (active sessions, cache names and sizes), `/_stcore/script-health-check` (runs the app's
script; off by default) and the agent API under `/_stcore/agent/` (off by default, but answering). They answer
only a request made on this machine directly (a loopback client and no proxy header): monitoring on the server
can still read the metrics; a request through nginx or from the network gets 404. docs/SECURITY.md lists every
path that answers without a session, and why.

With login configured ([auth] in secrets.toml) it also reads Streamlit's signed login cookie:

- **Logout ends the session** (point 13): `/auth/logout` is recorded in the database (maalstyring/roles/logouts.py);
  a login cookie signed before its user's last logout is taken off every later request and websocket, so
  Streamlit sees a logged-out visitor, on every server that shares the database.
- **Media only for its session's user** (point 5): `/media/<id>` (originals on Historik, every download)
  answers only a request with a valid login cookie whose user is the user of a live session that holds the file
  or asked for it (a download made on click); anything else gets 404.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Matched at the end of the path, so a server under a path prefix (server.baseUrlPath) is covered too.
LOCAL_ONLY_ENDINGS = ("/_stcore/metrics", "/_stcore/script-health-check")
LOCAL_ONLY_PARTS = ("/_stcore/agent/",)
PROXY_HEADERS = (b"x-forwarded-for", b"forwarded", b"x-real-ip")
USER_COOKIE = "_streamlit_user"  # Streamlit's login cookie (and _streamlit_user_tokens, chunks _1, _2 …)
LOGOUT_CACHE_SECONDS = 2.0  # how long one server trusts its last look at a user's logouts
log = logging.getLogger(__name__)


def is_local_only(path: str) -> bool:
    path = path.rstrip("/")
    return path.endswith(LOCAL_ONLY_ENDINGS) or any(part in path + "/" for part in LOCAL_ONLY_PARTS)


def is_media_file(path: str) -> bool:
    """Streamlit's media route, `[/base]/media/<file>`: the app's downloads and images. Not its own assets under
    `/static/media/` (the fonts every page needs), which are the same for everyone."""
    parts = path.strip("/").split("/")
    return len(parts) >= 2 and parts[-2] == "media" and (len(parts) < 3 or parts[-3] != "static")


def direct_from_this_machine(scope: Scope) -> bool:
    """A loopback client with no proxy header: nginx on the same machine adds X-Forwarded-For, so what comes
    through it counts as from the network."""
    client = scope.get("client") or ("", 0)
    try:
        loopback = ipaddress.ip_address(str(client[0])).is_loopback
    except ValueError:
        return False
    headers = {key.lower() for key, _ in scope.get("headers", [])}
    return loopback and not headers & set(PROXY_HEADERS)


async def not_found(send: Send) -> None:
    body = b"Ikke fundet."
    await send({"type": "http.response.start", "status": 404, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
    ]})  # fmt: skip
    await send({"type": "http.response.body", "body": body, "more_body": False})


def request_cookies(scope: Scope) -> dict[str, str]:
    from http.cookies import SimpleCookie

    jar: SimpleCookie = SimpleCookie()
    for key, value in scope.get("headers", []):
        if key.lower() == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is no login
                continue
    return {name: morsel.value for name, morsel in jar.items()}


def without_login_cookies(scope: Scope) -> Scope:
    """The same request without Streamlit's login cookies: Streamlit then sees a logged-out visitor."""
    kept = []
    for key, value in scope.get("headers", []):
        if key.lower() != b"cookie":
            kept.append((key, value))
            continue
        parts = [p for p in value.decode("latin-1").split(";") if not p.strip().startswith(USER_COOKIE)]
        if parts:
            kept.append((key, ";".join(parts).encode("latin-1")))
    return {**scope, "headers": kept}


@dataclass(frozen=True)
class Login:
    claims: dict
    signed_at: datetime

    @property
    def subject(self) -> str:
        return str(self.claims.get("sub") or "")


def read_login(cookies: dict[str, str], secret: str) -> Login | None:
    """The claims in Streamlit's signed login cookie and when it was signed, or None (absent, forged, expired)."""
    from itsdangerous import BadSignature, URLSafeTimedSerializer
    from streamlit.auth_util import get_cookie_with_chunks

    if not secret or USER_COOKIE not in cookies:
        return None
    stamps: list[float] = []

    def single(name: str) -> bytes | None:
        raw = cookies.get(name)
        if raw is None:
            return None
        try:
            value, stamp = URLSafeTimedSerializer(secret, salt=name).loads(raw, return_timestamp=True)
        except BadSignature:
            return None
        stamps.append(stamp.timestamp())
        return value.encode("utf-8")

    joined = get_cookie_with_chunks(single, USER_COOKIE)
    if joined is None or not stamps:
        return None
    try:
        claims = json.loads(joined)
    except ValueError:
        return None
    if not isinstance(claims, dict) or not claims.get("is_logged_in"):
        return None
    return Login(claims, datetime.fromtimestamp(min(stamps)))


def same_person(login: Login, owner: dict) -> bool:
    """Whether a session's owner (st.user's claims when it began) is the user of this login cookie."""
    if login.subject and owner.get("sub"):
        issuers = {str(x) for x in (owner.get("iss"), login.claims.get("iss")) if x}
        return str(owner["sub"]) == login.subject and len(issuers) <= 1
    return bool(login.claims.get("email")) and owner.get("email") == login.claims.get("email")


class WebGuard:
    """ASGI middleware: Streamlit's internal routes only for this machine; with login on, revoked cookies taken
    off every request and media only for its session's user. Everything else passes through."""

    def __init__(self, app: ASGIApp) -> None:
        from ui.streamlit_internals import track_deferred_downloads

        self.app = app
        track_deferred_downloads()  # so a download made on click is tied to the session that asked
        self._logouts: dict[str, tuple[float, datetime | None]] = {}  # sub -> (looked at, last logout)
        self._secret: str | bool | None = False  # False: not looked up yet (the settings are read once)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if scope["type"] == "http" and is_local_only(path) and not direct_from_this_machine(scope):
            await not_found(send)
            return
        if self._secret is False:
            self._secret = login_secret()
        secret = self._secret
        login = read_login(request_cookies(scope), secret) if secret else None
        if login is not None and scope["type"] == "http" and path.rstrip("/").endswith("/auth/logout"):
            await asyncio.to_thread(self._record_logout, login)
            login = None  # Streamlit clears the cookies and sends the browser to the start page
        elif login is not None and await asyncio.to_thread(self._revoked, login):
            scope, login = without_login_cookies(scope), None
        if secret and scope["type"] == "http" and is_media_file(path):
            await self._media(scope, receive, send, login)
            return
        await self.app(scope, receive, send)

    async def _media(self, scope: Scope, receive: Receive, send: Send, login: Login | None) -> None:
        from ui.streamlit_internals import media_file_owners

        owners = media_file_owners(scope["path"].rsplit("/", 1)[-1])
        if login is None or not any(same_person(login, owner) for owner in owners):
            await not_found(send)  # no login, another user's file, or a file no live session holds or asked for
            return
        await self.app(scope, receive, send)

    # --- logouts, in the shared database (maalstyring/roles/logouts.py) ---

    def _record_logout(self, login: Login) -> None:
        from maalstyring.roles import logouts

        if not login.subject:
            return
        try:
            logouts.record_logout(_database(), _actor(login), login.subject)
            self._logouts[login.subject] = (time.monotonic(), datetime.now())
        except Exception:  # the logout itself must still happen (Streamlit clears the cookies)
            log.exception("Kunne ikke registrere logud for %s", login.subject)

    def _revoked(self, login: Login) -> bool:
        from maalstyring.roles import logouts

        if not login.subject:
            return False
        looked, last = self._logouts.get(login.subject, (-LOGOUT_CACHE_SECONDS, None))
        if time.monotonic() - looked >= LOGOUT_CACHE_SECONDS:
            try:
                last = logouts.last_logout(_database(), login.subject)
            except Exception:  # the database is down: keep what this server knew
                log.exception("Kunne ikke læse logud for %s", login.subject)
            self._logouts[login.subject] = (time.monotonic(), last)
        return logouts.signed_before_logout(login.signed_at, last)


def login_secret() -> str | None:
    """The cookie secret when login is configured, else None (local mode: no login cookies to read)."""
    from streamlit.web.server.server_util import get_cookie_secret

    from ui.identity import secrets_have_auth

    return get_cookie_secret() if secrets_have_auth() else None


def _database():
    from maalstyring.database.storage import database_path
    from ui.db import _connection

    return _connection(str(database_path()))


def _actor(login: Login) -> str:
    """Who logged out, for the audit trail: as the roles file identifies them (ui/identity)."""
    from maalstyring.roles import access

    try:
        user = access.load_roles().user_for(str(login.claims.get("email") or ""), "", login.claims)
    except access.RolesConfigError:
        return ""
    return user.actor
