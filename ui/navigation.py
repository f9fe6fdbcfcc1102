"""The app's pages: one list that the router, the tests and the benchmarks all read.

st.navigation does not scan pages/, so every file there must be listed here (tests/test_layering.py checks).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from maalstyring.roles import access
from maalstyring.roles.access import User


@dataclass(frozen=True)
class PageSpec:
    file: str
    title: str
    icon: str
    section: str
    for_uploaders: bool = False  # only for roles that may send workbooks
    default: bool = False

    @property
    def stem(self) -> str:
        return Path(self.file).stem

    @property
    def url_path(self) -> str:
        """Where the browser finds the page: the default page at the root, the others at their file name."""
        return "" if self.default else self.stem


PAGE_SPECS = (
    PageSpec("pages/koncernoverblik.py", "Koncernoverblik", ":material/dashboard:", "Ledelse", default=True),
    PageSpec("pages/faelles_maal.py", "Koncernfælles mål", ":material/compare:", "Ledelse"),
    PageSpec("pages/institution.py", "Institution", ":material/account_balance:", "Ledelse"),
    PageSpec("pages/udvikling.py", "Udvikling over år", ":material/timeline:", "Ledelse"),
    PageSpec("pages/planer.py", "Planer", ":material/description:", "Ledelse"),
    PageSpec("pages/skabeloner.py", "Skabeloner", ":material/download:", "Indberetning", for_uploaders=True),
    PageSpec("pages/indberetning.py", "Indberetning", ":material/upload_file:", "Indberetning", for_uploaders=True),
    PageSpec("pages/historik.py", "Historik", ":material/history:", "Indberetning"),
    PageSpec("pages/indberetningsstatus.py", "Indberetningsstatus", ":material/checklist:", "Indberetning"),
    PageSpec("pages/revisionsspor.py", "Revisionsspor", ":material/manage_search:", "Indberetning"),
)


def pages_for(user: User, refused_screen) -> dict[str, list[st.Page]]:
    """The navigation for `user`. A page their role lacks answers at its address with `refused_screen`
    (a plain refusal) instead of Streamlit's English "Page not found"."""
    sections: dict[str, list[st.Page]] = {}
    for spec in PAGE_SPECS:
        allowed = not spec.for_uploaders or access.can_upload_anything(user)
        section = sections.setdefault(spec.section, [])
        if not allowed:
            section.append(st.Page(refused_screen, title="Ingen adgang", url_path=spec.stem, visibility="hidden"))
        elif spec.default:
            # The start page is served at the root. Its own name (a bookmark of /koncernoverblik) shows it too,
            # so the page reserves another name, never seen in an address.
            section.append(st.Page(spec.file, title=spec.title, icon=spec.icon, default=True, url_path="start"))
            section.append(st.Page(spec.file, title=spec.title, url_path=spec.stem, visibility="hidden"))
        else:
            section.append(st.Page(spec.file, title=spec.title, icon=spec.icon))
    return sections


def gate_pages(screen) -> list[st.Page]:
    """Every address of the app drawing only `screen` (login, no role): shared links survive, nothing else runs."""
    return [st.Page(screen, title="Målstyring", url_path="adgang", default=True)] + [
        st.Page(screen, title="Målstyring", url_path=spec.stem, visibility="hidden") for spec in PAGE_SPECS
    ]
