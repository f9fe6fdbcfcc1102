"""Indberetningsstatus (for Koncernøkonomi): who has reported, who has not, and how the latest upload went."""

from ui.router import only_through_router

only_through_router()  # a page runs only inside app.py's router

from datetime import date

import pandas as pd
import streamlit as st

from maalstyring.reminding.deadlines import STANDING_LATE
from maalstyring.roles import access
from maalstyring.roles.approval import (
    APPROVED,
    NOT_APPROVED,
    ApprovalError,
    ApprovalState,
    approve_report,
    lock_period,
    reopen_period,
)
from maalstyring.workbooks.examples import example_counts, remove_example_data
from ui import cache, confirm, deadline_board
from ui.db import get_connection
from ui.filters import VIEW_KEY, current_filters
from ui.identity import signed_in_user
from ui.plain_text import plain
from ui.status import cell_style, example_marker, status_badge
from ui.tables import excel_download, paged_table, static_table
from ui.tiles import Tile, show_tiles
from vocabulary import wording
from vocabulary.formatting import format_date, format_number, institution_label, institution_labels, is_missing
from vocabulary.palette import MISSING, STATUS_STYLES
from vocabulary.terms import PERIODS, Status, UploadOutcome, label_of

SEEN_KEY = "approve_seen_upload"


def _remember_seen(code: str, year: int, period: str, upload_id: int | None) -> None:
    st.session_state[SEEN_KEY] = (code, year, period, upload_id)


conn = get_connection()
filters = current_filters()
st.title("Indberetningsstatus", anchor=False)

RECEIPT_BADGE = {
    wording.RECEIPT_ACCEPTED: f"{STATUS_STYLES[Status.GREEN].symbol} {wording.RECEIPT_ACCEPTED}",
    wording.RECEIPT_REJECTED: f"{STATUS_STYLES[Status.RED].symbol} {wording.RECEIPT_REJECTED}",
    wording.RECEIPT_MISSING: f"{MISSING.symbol} {wording.RECEIPT_MISSING}",
}
# The receipt words reuse the status colours: received reads green, rejected red, missing grey.
RECEIPT_AS_STATUS = {wording.RECEIPT_ACCEPTED: Status.GREEN, wording.RECEIPT_REJECTED: Status.RED}

if filters.year is None:
    st.info("Der er endnu ingen mål- og resultatplaner i Målstyring. Indlæs en plan under Indberetning.")
    st.stop()
st.caption(f"År: {filters.year} · Institutioner: {plain(', '.join(filters.institutions) or 'alle')} (begge perioder)")

receipts = cache.report_receipts(conn, filters)
if receipts.empty:
    st.info(f"Der er ingen planer for {filters.year} med de valgte institutioner. Vælg andre filtre.")
    st.stop()

missing = receipts[receipts["receipt"] != wording.RECEIPT_ACCEPTED]
# Each institution against the period's deadline (indberettet / mangler / for sent, with days).
today = date.today()
standing_of = {(s.institution_code, s.period): s for s in deadline_board.board_standings(conn, filters.year,
               list(filters.institutions), today)}  # fmt: skip
late = sum(s.word == STANDING_LATE for s in standing_of.values())
show_tiles(
    [
        Tile("Modtaget og indlæst", f"{format_number(len(receipts) - len(missing))} af {format_number(len(receipts))}"),
        Tile("Mangler eller afvist", format_number(len(missing))),
        Tile("For sent (mangler efter fristen)", format_number(late)),
    ],
    columns=3,
)
deadline_board.deadline_summary(conn, filters.year, today)


def approval_word(state: ApprovalState) -> str:
    """Where a report stands with Koncernøkonomi, in words with a symbol (never by colour alone)."""
    if state.state == NOT_APPROVED:
        return "– Ikke godkendt"
    if state.state == APPROVED:
        return f"✓ Godkendt af {state.approved_by} {format_date(state.approved_at)}"
    return "! Godkendt, men erstattet af en nyere indberetning – godkend igen"


# Split in two so every column is in view at 1440 px (a static table wraps instead of cutting off, ui/tables.py), and
# the latest file sits next to its outcome: a rejected file needs its "Afvist" beside it, not out of view.
RECEIPT_COLUMNS = ["Institution", "Periode", "Status", "Indlæst", "Indlæst af", "Frist", "I forhold til fristen",
                   "Eksempeldata"]  # fmt: skip
FILE_COLUMNS = ["Institution", "Periode", "Seneste fil", "Seneste udfald", "Modtaget", "Modtaget fra", "Afviste filer"]


def status_view() -> None:
    """Who has reported: each institution against the deadline, then the receipts a page at a time."""
    receipts["Institution"] = institution_labels(receipts["institution_name"], receipts["institution_code"])
    # A rejected file with nothing accepted is still missing; the cell says a file came and was rejected.
    receipts["cell"] = [
        deadline_board.standing_cell(standing_of[(code, period)])
        + (" · seneste fil afvist" if receipt == wording.RECEIPT_REJECTED else "")
        for code, period, receipt in zip(
            receipts["institution_code"], receipts["period"], receipts["receipt"], strict=True
        )
    ]
    matrix = receipts.pivot_table(index="Institution", columns="period", values="cell", aggfunc="first", sort=False)
    matrix = matrix.reset_index()
    matrix.columns.name = None
    static_table(matrix, deadline_board.standing_style, [col for col in matrix.columns if col != "Institution"])

    st.header("Detaljer", anchor=False)
    outcome = receipts["latest_outcome"].map(lambda o: "" if is_missing(o) else label_of(UploadOutcome, o))
    keys = list(zip(receipts["institution_code"], receipts["period"], strict=True))
    details = receipts.assign(
        Periode=receipts["period"],
        Status=receipts["receipt"].map(RECEIPT_BADGE),
        Indlæst=receipts["accepted_at"].map(lambda d: format_date(d, "")),
        **{
            "Indlæst af": receipts["accepted_by"].fillna(""),
            "Seneste fil": receipts["latest_file"].fillna(""),
            "Seneste udfald": outcome,
            "Modtaget": receipts["latest_at"].map(lambda d: format_date(d, "")),
            "Modtaget fra": receipts["latest_by"].fillna(""),
            "Afviste filer": receipts["rejected_count"].astype(int),
            "Frist": [format_date(standing_of[k].deadline, "ingen") for k in keys],
            "I forhold til fristen": [standing_of[k].relative_to_deadline() for k in keys],
            "Eksempeldata": receipts["is_example"].map(example_marker),
        },
    )
    # The Status column's colour, from the receipt code behind the words (each receipt has its own words).
    status_css = {
        text: cell_style(status_badge(RECEIPT_AS_STATUS.get(receipt)))
        for text, receipt in zip(details["Status"], receipts["receipt"], strict=True)
    }
    # Two institutions' rows per period: a koncern of 30 is 60 rows of 15 columns, so they come a page at a time (the
    # page in the URL), every row in the Excel file below.
    paged_table(
        details,
        "side_detaljer",
        style=lambda text: status_css.get(text, ""),
        styled_columns=["Status"],
        parts={"Indberetning og frist": RECEIPT_COLUMNS, "Seneste modtagne fil": FILE_COLUMNS},
    )
    excel_download(
        "Hent detaljerne som Excel",
        details[RECEIPT_COLUMNS[:-1] + FILE_COLUMNS[2:] + ["Eksempeldata"]],
        f"Indberetningsstatus_{filters.year}.xlsx",
        "Indberetningsstatus",
        key="indberetningsstatus_excel",
    )


def approval_view() -> None:
    """Koncernøkonomi's approval of each current report, the period locks and the administration."""
    user = signed_in_user()
    st.header("Godkendelse og låsning", anchor=False)
    st.markdown(
        "Koncernøkonomi godkender en institutions gældende indberetning, når den er gennemgået, og låser perioden, "
        "når alle er godkendt. En låst periode tager ikke imod indberetninger, før den åbnes igen."
    )
    # The current reports of the year with where their approval stands; decided on codes in the read model.
    states = cache.approval_states(conn, filters.year, filters.institutions)
    rows = [
        {
            "Institution": institution_label(s.institution_name, s.institution_code),
            "Periode": s.period,
            "Godkendt af Koncernøkonomi": approval_word(s),
        }
        for s in states
    ]
    if rows:
        paged_table(pd.DataFrame(rows), "side_godkendelser")
    else:
        st.info(f"Der er ingen indlæste indberetninger for {filters.year} at godkende endnu.")

    for period in PERIODS:
        lock = cache.period_lock(conn, filters.year, period)
        st.markdown(
            f"**{period} {filters.year}:** "
            + (f"låst af {plain(lock[0])} {format_date(lock[1])}" if lock else "åben for indberetning")
        )

    if access.can_approve(user):
        with st.expander("Godkend eller lås (Koncernøkonomi)", icon=":material/verified:"):
            if states:
                chosen = st.selectbox(
                    "Indberetning",
                    states,
                    format_func=lambda s: (
                        f"{institution_label(s.institution_name, s.institution_code)} · {s.period} · nr. {s.upload_id}"
                    ),
                    key="approve_choice",
                )
                # The click reruns the page, which reads the reports again; the report shown when the button was
                # drawn travels with the click (on_click args), so what is approved is what the reviewer saw.
                if st.button(
                    "Godkend", type="primary", icon=":material/verified:", key="approve",
                    on_click=_remember_seen,
                    args=(chosen.institution_code, filters.year, chosen.period, chosen.upload_id),
                ):  # fmt: skip
                    # Checked again here, on the server, whatever the page showed.
                    if access.can_approve(signed_in_user()):
                        try:
                            code, year, seen_period, seen = st.session_state[SEEN_KEY]
                            approve_report(conn, code, year, seen_period, user.actor, seen)
                            st.rerun()  # the table above shows the approval
                        except ApprovalError as error:
                            st.error(str(error))
            period = st.radio("Periode", PERIODS, horizontal=True, key="lock_period")
            locked = cache.period_lock(conn, filters.year, period) is not None
            label = f"Genåbn {period} {filters.year}" if locked else f"Lås {period} {filters.year}"
            clicked = st.button(label, icon=":material/lock_open:" if locked else ":material/lock:", key="lock")
            # Asked first (ui/confirm.py): what locking means, and who has not reported or is not approved.
            confirm.ask(
                "laas", clicked, lambda: _lock_question(locked, period), lambda: _lock_or_reopen(locked, period, user)
            )
            confirm.show_outcome("laas")

    counts = example_counts(conn)
    if counts.uploads and access.can_approve(user):
        with st.expander("Administration: fjern eksempeldata"):
            st.write(
                f"Målstyring har {counts.reports} eksempelindberetninger, som viser, hvordan siderne virker. "
                "Fjern dem, før I bruger Målstyring til rigtige indberetninger. Planerne og jeres egne "
                "indberetninger bliver."
            )
            confirm.ask(
                "eksempeldata",
                st.button("Fjern eksempeldata", type="primary", icon=":material/delete:"),
                lambda: confirm.example_removal_confirmation(counts.reports, counts.uploads),
                lambda: _remove_examples(user),
            )
    confirm.show_outcome("eksempeldata")


def _lock_question(locked: bool, period: str) -> confirm.Confirmation:
    plans = cache.institutions_with_plans(conn, filters.year)
    if locked:
        return confirm.reopen_confirmation(filters.year, period, plans)
    return confirm.lock_confirmation(filters.year, period, plans, cache.approval_states(conn, filters.year))


def _lock_or_reopen(locked: bool, period: str, user) -> tuple[bool, str]:
    """The confirmed lock or reopening; checked again here, on the server, whatever the page showed."""
    if not access.can_approve(signed_in_user()):
        return False, "Kun Koncernøkonomi kan låse og genåbne en periode."
    try:
        (reopen_period if locked else lock_period)(conn, filters.year, period, user.actor)
    except ApprovalError as error:
        return False, str(error)
    if locked:
        return True, f"{period} {filters.year} er åbnet for indberetning igen."
    return True, f"{period} {filters.year} er låst. Institutionerne kan ikke indberette for perioden, før den åbnes."


def _remove_examples(user) -> tuple[bool, str]:
    if not access.can_approve(signed_in_user()):
        return False, "Kun Koncernøkonomi kan fjerne eksempeldata."
    return True, remove_example_data(conn, user.actor).message()


# Three views of the year, one at a time: only the chosen one runs and is drawn (lazy tabs), and the choice is in the
# URL (?visning=…), so a link or a reload opens the same view.
VIEWS = ("Status", "Frister og påmindelser", "Godkendelse og låsning")
status_tab, deadlines_tab, approval_tab = st.tabs(VIEWS, key=VIEW_KEY, bind="query-params")
if status_tab.open:
    with status_tab:
        status_view()
if deadlines_tab.open:
    with deadlines_tab:
        deadline_board.reminder_section(conn, filters.year, list(standing_of.values()), today)
if approval_tab.open:
    with approval_tab:
        approval_view()
