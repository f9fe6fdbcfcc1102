"""Download buttons for the Word and PDF documents (maalstyring.documents), one call from a page.

The .docx is written when its button is pressed (the pages offer a document only where a plan exists, so it
cannot fail then). The PDF is typeset by Typst in process (well under a second) when "Lav PDF" is pressed, inside
a fragment (only this part reruns), and then offered for download; a failure shows its Danish message, and the
Word version stays available. Above the buttons, the Målrapportering's "Før du sender" check lists what to look
at first (verdicts the plan's rule disputes, missing analyses, missing signature dates, example data).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from maalstyring import jobs
from maalstyring.documents import DocumentError, ledelse, maalrapportering, output
from maalstyring.roles import access
from ui.cache import per_data_version
from ui.identity import signed_in_user
from ui.job_queue import deferred, limited
from ui.plain_text import plain
from vocabulary.terms import Period

# The check reads the verdict model like the page around it: once per data version, not on every page view.
_checks = per_data_version(maalrapportering.checks_for, max_entries=64)
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def leadership_pack_downloads(conn, year: int, period: str) -> None:
    """Koncernoverblik: the leadership pack for the chosen year and period."""
    _downloads(
        f"Ledelsesopfølgning {period.lower()} {year}",
        lambda suffix: output.render(ledelse.build(conn, year, period), suffix),
        lambda suffix: ledelse.file_name(year, period, suffix),
        key=f"ledelse_{year}_{period}",
        help="Forside med koncernens tal og mål pr. institution, de koncernfælles mål med figurer og en side pr. "
        "institution med røde og gule mål, årsag og handling.",
    )


def annual_report_downloads(conn, code: str, year: int) -> None:
    """Institution: the årsrapport's Målrapportering for the institution and year."""
    _downloads(
        f"Målrapportering til årsrapporten {year}",
        lambda suffix: output.render(maalrapportering.build(conn, code, year), suffix),
        lambda suffix: maalrapportering.file_name(code, year, suffix),
        key=f"maalrapportering_{code}_{year}",
        check=lambda: _checks(conn, code, year),
        help=f"Afsnittet om mål og resultater: tabel over alle mål med opfyldelse ved {Period.YEAR_END.lower()}, "
        "analyse af mål, der ikke er fuldt opfyldt, og ændringer i planen. Word-udgaven kan redigeres.",
    )


@st.fragment
def _downloads(
    title: str, make: Callable[[str], bytes], name: Callable[[str], str], key: str, help: str,
    check: Callable[[], list[str]] | None = None,
) -> None:  # fmt: skip
    if not access.can_view(signed_in_user()):
        return
    st.markdown(f"**{title}**")
    found = check() if check else []
    if found:
        # Goal titles are workbook text: escaped, never markdown.
        st.warning("**Før du sender:**  \n" + "  \n".join(f"• {plain(line)}" for line in found),
                   icon=":material/checklist:")  # fmt: skip
    word, pdf_column = st.columns(2)
    word.download_button(
        "Hent som Word (.docx)", deferred(jobs.DOCUMENTS, lambda: make("docx")), file_name=name("docx"), mime=DOCX_MIME,
        icon=":material/description:", help=help, on_click="ignore", key=f"{key}_docx",
    )  # fmt: skip
    # Made fresh on each press and offered at once, so a PDF never lags behind a newer upload.
    if pdf_column.button("Lav PDF", icon=":material/picture_as_pdf:", key=f"{key}_pdf_make", help=help):
        try:  # within the server's and the user's limit of documents at once (maalstyring/jobs.py)
            with limited(jobs.DOCUMENTS, "PDF"), st.spinner("Laver PDF …"):
                made = make("pdf")
        except (DocumentError, jobs.QueueTimeout) as exc:
            st.error(str(exc), icon=":material/error:")
            return
        pdf_column.download_button(
            "Hent PDF'en", made, file_name=name("pdf"), mime="application/pdf", icon=":material/download:",
            on_click="ignore", key=f"{key}_pdf",
        )  # fmt: skip
