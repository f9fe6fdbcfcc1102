"""Who can reach the app: only this machine by default; others only with login, or by an explicit choice.

.streamlit/config.toml sets server.address = "127.0.0.1", so `make run` (and a bare `streamlit run app.py`)
answers only on this machine. Listening on the network without `[auth]` is refused (every address shows one
Danish message) unless MAALSTYRING_AABEN_UDEN_LOGIN=1 says it is meant; then every page says so in a warning.
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


def network_exposure(address: str, auth: bool, allowed: bool) -> str:
    """'local' (only this machine, or login guards it), 'refused' (network, no login, not chosen) or 'open'."""
    if auth or is_loopback(address):
        return "local"
    return "open" if allowed else "refused"


def shown_address(address: str) -> str:
    return address or "alle netværkskort"


def exposure_refused_screen(address: str) -> None:
    """All anyone sees while the app listens on the network with neither login nor the explicit setting."""
    st.title("Målstyring")
    st.error(
        f"Målstyring lytter på {shown_address(address)} uden login, så alle på netværket ville kunne se og ændre "
        "alt. Derfor vises intet. Slå login til med `[auth]` i `.streamlit/secrets.toml`, start appen kun for "
        f"denne maskine (`make run`), eller sæt `{OPEN_WITHOUT_LOGIN_ENV}=1`, hvis det er meningen (se README).",
        icon=":material/gpp_bad:",
    )
    st.stop()


def open_without_login_banner(address: str) -> None:
    """On every page while the app is deliberately open to the network without login."""
    st.warning(
        f"**Åben uden login:** Målstyring lytter på {shown_address(address)}, og alle på netværket kan se og "
        f"ændre alt ({OPEN_WITHOUT_LOGIN_ENV}=1). Slå login til med `[auth]` i `.streamlit/secrets.toml`.",
        icon=":material/public:",
    )
