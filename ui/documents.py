"""Download buttons for the Word and PDF documents (maalstyring.documents), one call from a page.

The .docx is written when its button is pressed (the pages offer a document only where a plan exists, so it
cannot fail then). The PDF takes LibreOffice a few seconds, so it is made on
request inside a fragment (only this part reruns) and then offered for download; a failed conversion shows
its Danish message, and the Word version stays available.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from maalstyring import access, jobs
from maalstyring.documents import DocumentError, ledelse, maalrapportering, pdf
from ui.identity import signed_in_user
from ui.job_queue import deferred, limited
from vocabulary.terms import Period

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def leadership_pack_downloads(conn, year: int, period: str) -> None:
    """Koncernoverblik: the leadership pack for the chosen year and period."""
    _downloads(
        f"Ledelsesopfølgning {period.lower()} {year}",
        lambda: ledelse.build(conn, year, period),
        lambda suffix: ledelse.file_name(year, period, suffix),
        key=f"ledelse_{year}_{period}",
        help="Forside med koncernens tal og mål pr. institution, de koncernfælles mål med figurer og en side pr. "
        "institution med røde og gule mål, årsag og handling.",
    )


def annual_report_downloads(conn, code: str, year: int) -> None:
    """Institution: the årsrapport's Målrapportering for the institution and year."""
    _downloads(
        f"Målrapportering til årsrapporten {year}",
        lambda: maalrapportering.build(conn, code, year),
        lambda suffix: maalrapportering.file_name(code, year, suffix),
        key=f"maalrapportering_{code}_{year}",
        help=f"Afsnittet om mål og resultater: tabel over alle mål med opfyldelse ved {Period.YEAR_END.lower()}, "
        "analyse af mål, der ikke er fuldt opfyldt, og ændringer i planen. Word-udgaven kan redigeres.",
    )


@st.fragment
def _downloads(title: str, make: Callable[[], bytes], name: Callable[[str], str], key: str, help: str) -> None:
    if not access.can_view(signed_in_user()):
        return
    st.markdown(f"**{title}**")
    word, pdf_column = st.columns(2)
    word.download_button(
        "Hent som Word (.docx)", deferred(jobs.DOCUMENTS, make), file_name=name("docx"), mime=DOCX_MIME,
        icon=":material/description:", help=help, on_click="ignore", key=f"{key}_docx",
    )  # fmt: skip
    # Made fresh on each press and offered at once, so a PDF never lags behind a newer upload.
    if pdf_column.button("Lav PDF", icon=":material/picture_as_pdf:", key=f"{key}_pdf_make", help=help):
        try:  # within the server's and the user's limit of documents at once (maalstyring/jobs.py)
            with limited(jobs.DOCUMENTS, "PDF"), st.spinner("Laver PDF …"):
                made = pdf.convert(make())
        except (DocumentError, jobs.QueueTimeout) as exc:
            st.error(str(exc), icon=":material/error:")
            return
        pdf_column.download_button(
            "Hent PDF'en", made, file_name=name("pdf"), mime="application/pdf", icon=":material/download:",
            on_click="ignore", key=f"{key}_pdf",
        )  # fmt: skip
