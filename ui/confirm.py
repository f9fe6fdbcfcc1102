"""Ask before acting: a click that changes what others see (lock, reopen, remove example data, restore, send
reminders) opens a dialog saying what will happen and to whom, and acts only on a second, explicit click.

The dialog calls the existing domain function (maalstyring.roles.approval, examples, history, reminders) and leaves
its outcome in the session, so the page shows it after the dialog has closed (`show_outcome`). Where the
action goes against what the page asks for (locking while reports are missing or unapproved), the dialog
lists what is missing and needs an explicit choice to act anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import streamlit as st

from ui.plain_text import plain

_OUTCOME_PREFIX = "udfald_"
_OPEN_PREFIX = "spoerg_"


@dataclass(frozen=True)
class Confirmation:
    """What a dialog says before acting. All texts are the app's own words; `lists` hold user text (names),
    shown as plain text."""

    title: str
    what: str  # what will happen, in one or two sentences
    confirm: str  # the label of the button that acts, e.g. "Ja, lås 1. halvår 2024"
    lists: Sequence[tuple[str, Sequence[str]]] = field(default_factory=tuple)  # (heading, items) — to whom
    warning: str | None = None  # why acting now goes against the page's advice
    override: str | None = None  # the checkbox that must be ticked to act anyway (with `warning`)


def ask(
    key: str, clicked: bool, confirmation: Callable[[], Confirmation], action: Callable[[], tuple[bool, str]]
) -> None:
    """Open the dialog when `clicked` (the page's button), and keep it open on every run until it is confirmed,
    called off or dismissed: a choice inside the dialog (ticking "Lås alligevel") must not close it. `action`
    runs only on the confirm click and returns (succeeded, message), which the page shows afterwards through
    show_outcome(key). `confirmation` is built on each run the dialog is open, from what the page shows now."""
    if clicked:
        st.session_state[_OPEN_PREFIX + key] = True
    if st.session_state.get(_OPEN_PREFIX + key):
        _dialog(key, confirmation(), action)


def _dialog(key: str, confirmation: Confirmation, action: Callable[[], tuple[bool, str]]) -> None:
    def close(outcome: tuple[bool | None, str] | None) -> None:
        st.session_state.pop(_OPEN_PREFIX + key, None)
        if outcome is not None:
            st.session_state[_OUTCOME_PREFIX + key] = outcome

    def body() -> None:
        st.markdown(confirmation.what)
        for heading, items in confirmation.lists:
            st.markdown(f"**{heading}**")
            if items:
                st.markdown("\n".join(f"- {plain(item)}" for item in items))
        chosen = True
        if confirmation.warning:
            st.warning(confirmation.warning, icon=":material/warning:")
            if confirmation.override:
                chosen = st.checkbox(confirmation.override, key=f"{key}_anyway")
        act, cancel = st.columns(2)
        if act.button(confirmation.confirm, type="primary", disabled=not chosen, key=f"{key}_confirm"):
            with st.spinner("Udfører …"):
                close(action())
            st.rerun()
        if cancel.button("Fortryd", key=f"{key}_cancel"):
            close((None, "Fortrudt. Intet er ændret."))
            st.rerun()

    # Escape or the dialog's ✕ calls it off too (and nothing more): the page then shows it as called off.
    st.dialog(confirmation.title, width="medium", on_dismiss=lambda: close((None, "Fortrudt. Intet er ændret.")))(
        body
    )()


def show_outcome(key: str) -> None:
    """What the confirmed action did (or that it was called off), once, after the dialog has closed."""
    outcome = st.session_state.pop(_OUTCOME_PREFIX + key, None)
    if outcome is None:
        return
    succeeded, message = outcome
    message = plain(message)  # the domain's message may quote a file name or an institution's text
    if succeeded is None:
        st.info(message, icon=":material/undo:")
    elif succeeded:
        st.success(message, icon=":material/check_circle:")
    else:
        st.error(message, icon=":material/error:")


# --- The confirmations of Indberetningsstatus ------------------------------------------------------------


def lock_confirmation(year: int, period: str, plans: dict[str, str], states: Sequence) -> Confirmation:
    """Locking `period` of `year`: which institutions with a plan have no current report for it, and which
    have one that Koncernøkonomi has not approved (`states`: maalstyring.roles.approval.ApprovalState of the year).
    Locking with any of them needs the explicit choice to lock anyway: the page says to lock when all are
    approved."""
    from maalstyring.roles.approval import APPROVED  # the standing word; no other domain logic here

    of_period = {s.institution_code: s for s in states if s.period == period}
    missing = [f"{name} ({code})" for code, name in plans.items() if code not in of_period]
    unapproved = [
        f"{name} ({code})" for code, name in plans.items() if code in of_period and of_period[code].state != APPROVED
    ]
    lists = []
    if missing:
        lists.append((f"Har ikke indberettet for {period} ({len(missing)} af {len(plans)})", missing))
    if unapproved:
        lists.append((f"Indberettet, men ikke godkendt ({len(unapproved)} af {len(plans)})", unapproved))
    if not missing and not unapproved:
        lists.append((f"Alle {len(plans)} institutioner har indberettet, og Koncernøkonomi har godkendt", ()))
    gaps = len(missing) + len(unapproved)
    return Confirmation(
        title=f"Lås {period} {year}?",
        what=(
            f"Når {period} {year} er låst, tager Målstyring ikke imod indberetninger for perioden fra nogen af de "
            f"{len(plans)} institutioner med en plan for {year}, før Koncernøkonomi åbner den igen."
        ),
        confirm=f"Ja, lås {period} {year}",
        lists=lists,
        warning=(
            f"Perioden bør låses, når alle er godkendt. {gaps} af {len(plans)} institutioner er ikke indberettet "
            "eller ikke godkendt endnu."
            if gaps
            else None
        ),
        override="Lås alligevel" if gaps else None,
    )


def reopen_confirmation(year: int, period: str, plans: dict[str, str]) -> Confirmation:
    return Confirmation(
        title=f"Genåbn {period} {year}?",
        what=(
            f"{period} {year} åbnes for indberetning igen. Institutionerne kan så indlæse nye indberetninger for "
            "perioden; en ny indberetning erstatter den gældende, og en godkendelse gælder ikke den nye."
        ),
        confirm=f"Ja, genåbn {period} {year}",
        lists=[
            (
                f"Det gælder de {len(plans)} institutioner med en plan for {year}",
                [f"{n} ({c})" for c, n in plans.items()],
            )
        ],
    )


def example_removal_confirmation(reports: int, uploads: int) -> Confirmation:
    return Confirmation(
        title="Fjern eksempeldata?",
        what=(
            f"Alle {reports} eksempelindberetninger og {uploads} eksempelfiler fjernes for alle brugere, også af "
            "Historik. Planerne og jeres egne indberetninger bliver. Det kan ikke fortrydes; eksempeldata kan "
            "kun lægges ind igen i en ny database."
        ),
        confirm="Ja, fjern eksempeldata",
    )


def restore_confirmation(upload_id: int, what: str) -> Confirmation:
    return Confirmation(
        title=f"Gør indberetning nr. {upload_id} gældende igen?",
        what=(
            f"Indberetning nr. {upload_id} bliver den gældende for {plain(what)}: det er den, ledelsen ser på "
            "siderne og i dokumenterne. Den indberetning, der er gældende nu, bliver liggende i Historik og kan "
            "gøres gældende igen på samme måde. Det registreres i Revisionsspor."
        ),
        confirm=f"Ja, gør nr. {upload_id} gældende",
    )


def reminder_confirmation(period: str, year: int, recipients: Sequence[tuple[str, Sequence[str]]]) -> Confirmation:
    """`recipients`: (institution, its addresses) for every påmindelse that would go now."""
    count = len(recipients)
    return Confirmation(
        title=f"Send påmindelser for {period} {year}?",
        what=(
            f"Der sendes {count} {'påmindelse' if count == 1 else 'påmindelser'} om {period} {year} nu, med e-mail "
            "til modtagerne nedenfor. En sendt e-mail kan ikke kaldes tilbage."
        ),
        confirm=f"Ja, send {count} {'påmindelse' if count == 1 else 'påmindelser'}",
        lists=[("Modtagere", [f"{who}: {', '.join(addresses)}" for who, addresses in recipients])],
    )
