"""Who can reach the app: only this machine by default; others only with login, or by an explicit choice.

.streamlit/config.toml sets server.address = "127.0.0.1", so `make run` (and a bare `streamlit run app.py`)
answers only on this machine. Listening on the network without `[auth]` is refused (every address shows one
Danish message) unless MAALSTYRING_AABEN_UDEN_LOGIN=1 says it is meant; then every page says so in a warning.

Behind a reverse proxy on the same machine (docs/drift/nginx.conf) the app is bound to loopback but reachable
from the network. The bound address cannot show that; the proxy's X-Forwarded-For / Forwarded header can, so a
proxied request counts as network access (docs/DRIFT.md, "Login bag nginx").
"""

from __future__ import annotations

import ipaddress
import os

import streamlit as st

OPEN_WITHOUT_LOGIN_ENV = "MAALSTYRING_AABEN_UDEN_LOGIN"


def is_loopback(address: str | None) -> bool:
    """True when a server bound to `address` answers only on this machine. Empty means every interface."""
    address = (address or "").strip().strip("[]")
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:  # empty (all interfaces) or a host name: others can reach it
        return False


def listen_address() -> str:
    return str(st.get_option("server.address") or "")


def open_without_login_allowed() -> bool:
    return os.environ.get(OPEN_WITHOUT_LOGIN_ENV, "").strip() == "1"


FORWARDED_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")


def behind_proxy() -> bool:
    """True when a reverse proxy says it forwarded this session's request. A client that adds the header itself
    only makes the app stricter towards itself, so the header needs no trust."""
    headers = st.context.headers
    return any(headers.get(name) for name in FORWARDED_HEADERS)


def network_exposure(address: str, auth: bool, allowed: bool, proxied: bool = False) -> str:
    """'local' (only this machine, or login guards it), 'refused' (network, no login, not chosen) or 'open'.
    A proxied request is network access whatever the bound address."""
    if auth or (is_loopback(address) and not proxied):
        return "local"
    return "open" if allowed else "refused"


def shown_address(address: str, proxied: bool = False) -> str:
    shown = address or "alle netværkskort"
    return f"{shown} bag en proxy (fx nginx)" if proxied else shown


def exposure_refused_screen(address: str, proxied: bool = False) -> None:
    """All anyone sees while the app listens on the network with neither login nor the explicit setting."""
    st.title("Målstyring", anchor=False)
    # Behind a proxy, `make run` would not help: the proxy still forwards the network to it.
    local = "" if proxied else "start appen kun for denne maskine (`make run`), "
    st.error(
        f"Målstyring lytter på {shown_address(address, proxied)} uden login, så alle på netværket ville kunne se og "
        f"ændre alt. Derfor vises intet. Slå login til med `[auth]` i `.streamlit/secrets.toml`, {local}"
        f"eller sæt `{OPEN_WITHOUT_LOGIN_ENV}=1`, hvis det er meningen "
        "(se docs/DRIFT.md, afsnittet om adgang fra andre maskiner).",
        icon=":material/gpp_bad:",
    )
    st.stop()


def open_without_login_banner(address: str, proxied: bool = False) -> None:
    """On every page while the app is deliberately open to the network without login."""
    st.warning(
        f"**Åben uden login:** Målstyring lytter på {shown_address(address, proxied)}, og alle på netværket kan se og "
        f"ændre alt ({OPEN_WITHOUT_LOGIN_ENV}=1). Slå login til med `[auth]` i `.streamlit/secrets.toml`.",
        icon=":material/public:",
    )
