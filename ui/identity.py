"""Who is using the app: the signed-in user (OIDC through st.login) and their roles, or the local user.

Without a secrets file the app runs in local mode: no login, everything allowed, and a banner says so. A secrets
file that is there but cannot be read stops the app (fail closed). With [auth] in it, nobody sees anything before
logging in, and roles come from the roles file (maalstyring.roles.access). This is the one place the login plugs in.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import streamlit as st

from maalstyring.roles import access
from maalstyring.roles.access import User, local_user
from maalstyring.workbooks.ingest import UploadPolicy
from ui.plain_text import plain


class SettingsUnreadableError(RuntimeError):
    """A secrets file exists but cannot be read; the message is Danish."""


def secrets_problem() -> str | None:
    """Why a secrets file that is there cannot be used (Danish), or None.

    Only a secrets file that is not there means local mode. One that does not parse, is not UTF-8, cannot be
    opened or is not a file would otherwise read as "no [auth]" and open the app to anyone reaching its port,
    with every right (issue 28, point 10)."""
    from streamlit import config

    for name in config.get_option("secrets.files"):
        path = Path(name)
        if not path.exists() and not path.is_symlink():
            continue  # not there: the usual case for one of Streamlit's two default places
        if path.is_dir() and path.suffix != ".toml":
            continue  # a folder of secrets (Kubernetes style): Streamlit reads it, a failure is caught below
        try:
            tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            return f"Indstillingsfilen {path} kan ikke læses: {exc}."
        except UnicodeDecodeError:
            return f"Indstillingsfilen {path} kan ikke læses: den er ikke gemt som UTF-8."
        except OSError as exc:
            return f"Indstillingsfilen {path} kan ikke læses: {exc.strerror or exc}."
    return None


def settings_problem_at_start() -> str | None:
    """What keeps the server from starting (Danish), or None: an unreadable secrets file, or with login on, a
    roles file that cannot be used (unreadable, or two spellings of one key, maalstyring.roles.access)."""
    if problem := secrets_problem():
        return problem
    if secrets_have_auth():
        try:
            access.load_roles(access.roles_file())
        except access.RolesConfigError as error:
            return str(error)
    return None


def secrets_have_auth() -> bool:
    """Whether a secrets file has an [auth] section, read from the files (also outside a page run)."""
    for name in _secrets_files():
        path = Path(name)
        try:
            if path.is_file() and "auth" in tomllib.loads(path.read_text(encoding="utf-8")):
                return True
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return True  # unreadable: treated as login on (never the open local mode); secrets_problem says why
    return False


def refuse_to_start_on_unreadable_settings() -> None:
    """Where the server is built (app.py, asgi.py): stop, with a Danish message in the server log, rather than
    serve anything with settings that cannot be read. Pages check again on every run (auth_configured, the
    router's roles check), for a file that breaks while the server runs."""
    if problem := settings_problem_at_start():
        sys.stderr.write(f"Målstyring starter ikke. {problem}\n")
        raise SystemExit(2)


def _auth_configured() -> bool:
    if problem := secrets_problem():
        raise SettingsUnreadableError(problem)
    try:
        return "auth" in st.secrets
    except FileNotFoundError as exc:  # Streamlit's StreamlitSecretNotFoundError
        if any(Path(name).exists() for name in _secrets_files()):
            raise SettingsUnreadableError(f"Indstillingerne kan ikke læses: {exc}") from exc
        return False  # no secrets anywhere: local mode, and the page says so


def _secrets_files() -> list[str]:
    from streamlit import config

    return list(config.get_option("secrets.files"))


def auth_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section; False (local mode) only when there is no secrets
    file at all. A secrets file that is there but cannot be read stops the app with a Danish message: it never
    falls back to local mode."""
    try:
        return _auth_configured()
    except SettingsUnreadableError as error:
        from ui.navigation import gate_pages

        problem = str(error)
        st.navigation(gate_pages(lambda: settings_error_screen(problem)), position="hidden").run()
        st.stop()
        raise  # st.stop() raises; this line is for readers and type checkers


def settings_error_screen(problem: str) -> None:
    st.title("Målstyring", anchor=False)
    st.error(
        f"Målstyring er stoppet. {plain(problem)} Uden indstillingerne kan Målstyring ikke vide, om login er slået "
        "til, og åbner derfor slet ikke – heller ikke uden login. Driften skal rette filen og genstarte Målstyring "
        "(se docs/DRIFT.md, afsnittet om login).",
        icon=":material/error:",
    )


@st.cache_resource(ttl=60, show_spinner=False)
def _roles(path: str, modified: float) -> access.RolesConfig:
    return access.load_roles(access.roles_file())


def signed_in_user() -> User:
    """The user behind this session. Not logged in (with login on): a user with no roles."""
    if not auth_configured():
        return local_user()
    if not st.user.is_logged_in:
        return User(email="")
    path = access.roles_file()
    roles = _roles(str(path), path.stat().st_mtime if path.exists() else 0.0)
    claims = st.user.to_dict()
    return roles.user_for(str(claims.get("email") or ""), str(claims.get("name") or ""), claims)


def current_user() -> str:
    """The name recorded as 'who' on uploads, restores, approvals and other events (see User.actor): the verified
    identity claim, or "" for a user who may only read (every write path refuses them first)."""
    return signed_in_user().actor


def upload_policy() -> UploadPolicy:
    """The check ingest applies to every workbook this user sends (see maalstyring.workbooks.ingest.UploadPolicy)."""
    user = signed_in_user()
    return lambda kind, code: access.upload_refusal(user, kind, code)


ROLE_NAMES = {
    access.LEADER: "leder",
    access.CONTROLLER: "controller",
    access.FINANCE: "Koncernøkonomi",
    access.ADMIN: "administrator",
}


def login_screen() -> None:
    """All a logged-out visitor sees: what this is and how to log in. Then the run stops."""
    st.title("Målstyring", anchor=False)
    st.markdown(
        "Opfølgning på mål- og resultatplaner i Indenrigs- og Sundhedsministeriets koncern. "
        "Log ind med din arbejdskonto for at fortsætte."
    )
    st.button("Log ind", type="primary", on_click=st.login, icon=":material/login:")
    st.stop()


def no_role_screen(user: User) -> None:
    """A signed-in user the roles file does not know: a clear message and nothing else."""
    st.title("Målstyring", anchor=False)
    st.error(
        f"Du er logget ind som {plain(user.email) or 'ukendt bruger'}, men har ingen rolle i Målstyring, så du "
        "kan ikke se eller indberette noget. Kontakt Koncernøkonomi, hvis du skal have adgang.",
        icon=":material/block:",
    )
    st.button("Log ud", on_click=st.logout, icon=":material/logout:")
    st.stop()


def roles_error_screen(error: Exception) -> None:
    st.title("Målstyring", anchor=False)
    st.error(f"Målstyring kan ikke afgøre, hvem der har adgang. {error}", icon=":material/error:")
    st.stop()


def user_panel(user: User) -> None:
    """Who is signed in, with which roles, in the sidebar; or the local-mode notice in the main area."""
    if user.local_mode:
        # Keyed, so that on a phone ui/readable.css shrinks it to one line and the figures fit the first screen.
        with st.container(key="banner-lokal"):
            st.info(
                "**Lokal tilstand:** Målstyring kører uden login, og alle kan se og ændre alt. Slå login til med "
                "`[auth]` i `.streamlit/secrets.toml` (se docs/DRIFT.md), før appen bruges af flere.",
                icon=":material/lock_open:",
            )
        return
    roles = ", ".join(sorted(ROLE_NAMES[r] for r in user.roles))
    own = sorted(code for code in user.institutions if code != access.ALL_INSTITUTIONS)
    with st.sidebar:
        st.caption(f"Logget ind som {plain(user.label)} · {roles}" + (f" ({plain(', '.join(own))})" if own else ""))
        if refusal := access.no_identity_refusal(user):
            st.warning(refusal, icon=":material/visibility:")
        st.button("Log ud", on_click=st.logout, icon=":material/logout:", key="logout")


def refused_page_screen() -> None:
    """Shown at the address of a page the user's role does not include."""
    st.title("Ingen adgang", anchor=False)
    st.info(
        "Din rolle giver ikke adgang til denne side. Vælg en side i menuen; kontakt Koncernøkonomi, hvis du skal "
        "kunne indberette.",
        icon=":material/lock:",
    )
