"""Who is using the app. The one place the login (OIDC, a later issue) plugs in."""

from __future__ import annotations

from maalstyring.access import local_user


def current_user() -> str:
    """The name recorded as 'who' on uploads, restores and other events.

    There is no login yet: everyone is the local user. When login arrives, return the signed-in user's
    e-mail here and every page that records who did something follows.
    """
    return local_user().email
