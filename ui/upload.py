"""The Indberetning page's state and tables: one entry per received file, from verdict to commit.

Streamlit reruns the page on every click, so what a file got (its verdict, its archive row, its preview)
is kept in session state per uploaded file and computed only once: a rerun must not archive a file again.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from loaders.issues import Finding
from maalstyring import jobs
from maalstyring.reading import history
from maalstyring.workbooks.ingest import ImportResult, commit_workbook, receive_workbook
from maalstyring.workbooks.preview import CHANGED, NEW, REMOVED, UNCHANGED, Preview, preview_changes
from ui.archive import report_frame
from ui.identity import upload_policy
from ui.job_queue import limited
from ui.plain_text import label as one_line
from ui.plain_text import plain
from ui.tables import static_table
from vocabulary.palette import status_label
from vocabulary.terms import UploadOutcome, WorkbookKind

STATE_KEY = "indberetning_files"

# An icon beside each outcome's word (its label), never colour alone.
OUTCOME_ICONS = {
    UploadOutcome.PENDING: ":material/check_circle:",
    UploadOutcome.REJECTED: ":material/block:",
    UploadOutcome.DUPLICATE: ":material/replay:",
    UploadOutcome.ACCEPTED: ":material/task_alt:",
    UploadOutcome.FORBIDDEN: ":material/lock:",
    UploadOutcome.OVER_QUOTA: ":material/block:",
}
# Symbols from the Latin-1 range: the shipped IBM Plex subset has them, so they never show as empty boxes.
CHANGE_LABELS = {NEW: "+ Ny", CHANGED: "± Ændret", UNCHANGED: "= Uændret", REMOVED: "– Fjernet"}
FINDING_COLUMNS = ["Alvor", "Ark", "Celle", "Målepunkt", "Besked"]


@dataclass
class ReceivedFile:
    """One uploaded file as the page knows it: the bytes, what receiving it gave, and what came of it."""

    key: str  # the uploader's file id: stable across reruns, distinct for each upload
    name: str
    data: bytes
    received: ImportResult
    preview: Preview | None = None
    committed: ImportResult | None = None
    notice: str = ""  # e.g. why a commit was refused

    @property
    def ready(self) -> bool:
        """Valid and waiting for the controller to commit it."""
        return self.received.outcome == UploadOutcome.PENDING and self.committed is None

    @property
    def what(self) -> str:
        read = self.received.read
        return " ".join(str(x) for x in (read.kind, read.institution_code, read.year, read.period) if x)


def received_files(conn, uploads: list, user: str) -> list[ReceivedFile]:
    """Receive (validate + archive) each new file once; files already seen this session come from state."""
    known: dict[str, ReceivedFile] = st.session_state.setdefault(STATE_KEY, {})
    new = [f for f in uploads if f.file_id not in known]
    if new:
        label = "Kontrollerer filen …" if len(new) == 1 else f"Kontrollerer {len(new)} filer …"
        with st.status(label, expanded=len(new) > 1) as progress:
            for i, upload in enumerate(new, start=1):
                progress.update(label=f"Kontrollerer fil {i} af {len(new)}: {one_line(upload.name)}")
                try:
                    known[upload.file_id] = receive(conn, upload.file_id, upload.name, upload.getvalue(), user)
                except jobs.QueueTimeout as exc:  # nothing read or stored: the next run tries the file again
                    st.warning(f"{one_line(upload.name)}: {exc}", icon=":material/hourglass_disabled:")
            progress.update(label=f"{files_word(len(new))} kontrolleret.", state="complete", expanded=False)
    return [known[f.file_id] for f in uploads if f.file_id in known]


def files_word(count: int) -> str:
    """'1 fil', '2 filer': the number with the word in its right form."""
    return f"{count} {'fil' if count == 1 else 'filer'}"


def receive(conn, key: str, name: str, data: bytes, user: str) -> ReceivedFile:
    # Within the server's and the user's limit of files read at once (maalstyring/jobs.py), "i kø" meanwhile.
    with limited(jobs.PARSING, "fil"):
        result = receive_workbook(conn, data, name, user, policy=upload_policy())
    preview = preview_changes(conn, result.read) if result.outcome == UploadOutcome.PENDING else None
    return ReceivedFile(key, name, data, result, preview)


def commit(conn, item: ReceivedFile, user: str) -> None:
    """Store one valid file; on a stale preview or a failed re-check, show the fresh state instead."""
    expected = item.preview.compared_with if item.preview else None
    result = commit_workbook(conn, item.data, item.name, user, expected_current=expected, policy=upload_policy())
    item.notice = ""
    if result.outcome in (UploadOutcome.ACCEPTED, UploadOutcome.DUPLICATE):
        item.committed = result
    elif result.outcome == UploadOutcome.NOT_SAVED:  # the database connection was lost: nothing is stored
        item.notice = result.findings[0].message
    elif result.outcome == UploadOutcome.STALE:
        item.notice = result.findings[0].message
        if result.read.kind is not None:  # a lost race with nothing re-read keeps the preview it had
            item.preview = preview_changes(conn, result.read)
    else:  # the re-check found errors (e.g. the plan changed since the file was checked)
        item.received = result
        item.preview = None


def verdict_text(item: ReceivedFile) -> str:
    """E.g. '✓ Klar til indlæsning', '✕ Afvist (3 fejl)': symbol and word for the overview table."""
    if item.committed is not None:
        done = item.committed
        return f"✓ Indlæst som nr. {done.duplicate_of if done.outcome == UploadOutcome.DUPLICATE else done.upload_id}"
    outcome = item.received.outcome
    symbol = {
        UploadOutcome.PENDING: "✓",
        UploadOutcome.REJECTED: "✕",
        UploadOutcome.DUPLICATE: "↺",
        UploadOutcome.FORBIDDEN: "✕",
        UploadOutcome.OVER_QUOTA: "✕",
    }.get(outcome, "")
    text = f"{symbol} {outcome.label}"
    return f"{text} ({len(item.received.errors)} fejl)" if outcome == UploadOutcome.REJECTED else text


def show_file(conn, item: ReceivedFile, user: str) -> None:
    """Verdict, errors, preview and the commit button of one file (or what its commit did)."""
    if item.committed is not None:
        _show_committed(conn, item)
        return
    result = item.received
    icon, word = OUTCOME_ICONS[result.outcome], result.outcome.label
    if result.outcome == UploadOutcome.REJECTED:
        st.error(
            f"**{word}** – {len(result.errors)} fejl. Ret fejlene i filen, gem den, og indlæs den igen. "
            # A refused file is no indberetning: it is kept as a file, numbered as Historik lists it.
            f"Intet er gemt; filen er gemt under Historik som afvist fil nr. {result.upload_id}.",
            icon=icon,
        )
    elif result.outcome == UploadOutcome.FORBIDDEN:
        st.error(
            f"**{word}** – {plain(result.findings[0].message)} Ingen data er gemt; filen er gemt under Historik "
            f"som afvist fil nr. {result.upload_id}.",
            icon=icon,
        )
        return
    elif result.outcome == UploadOutcome.OVER_QUOTA:  # nothing stored (maalstyring.workbooks.quota)
        st.error(plain(result.findings[0].message), icon=icon)
        return
    elif result.outcome == UploadOutcome.DUPLICATE:
        st.info(
            f"**{word}** – præcis den samme fil er indlæst før som indberetning nr. {result.duplicate_of}. "
            f"Intet er ændret; modtagelsen er registreret som nr. {result.upload_id} under Historik.",
            icon=icon,
        )
        return
    else:
        st.success(f"**{word}** – {plain(item.what)}. Se ændringerne nedenfor, og tryk Indlæs.", icon=icon)
    if item.notice:
        st.warning(plain(item.notice), icon=":material/sync_problem:")
    if result.findings:
        st.subheader("Fejl og advarsler" if result.errors else "Advarsler", anchor=False)
        show_table(findings_frame(result.findings))
    if item.ready and item.preview is not None:
        st.subheader("Det ændres ved indlæsning", anchor=False)
        st.caption(plain(preview_summary(item.preview)))
        show_computed_verdicts(item.preview)  # first: what leadership will see change
        if item.preview.key_figures or item.preview.verdicts:
            st.markdown("**Målepunkter**")
        show_table(preview_frame(item.preview))
        show_key_figures(item.preview)
        if st.button(f"Indlæs {one_line(item.what)}", type="primary", key=f"commit_{item.key}", icon=":material/save:"):
            with st.spinner("Indlæser …"):
                commit(conn, item, user)
            st.rerun()


def _show_committed(conn, item: ReceivedFile) -> None:
    result = item.committed
    if result.outcome == UploadOutcome.DUPLICATE:
        st.info(
            f"**Allerede indlæst** som indberetning nr. {result.duplicate_of}. Intet er ændret.",
            icon=":material/replay:",
        )
        return
    replaced = (
        f" Den erstatter indberetning nr. {result.superseded}, som stadig kan ses og gendannes under Historik."
        if result.superseded
        else ""
    )
    st.success(
        f"**Indlæst** som indberetning nr. {result.upload_id}. Den er nu den gældende for "
        f"{plain(item.what)}.{replaced}",
        icon=OUTCOME_ICONS[UploadOutcome.ACCEPTED],
    )
    if result.read.kind == WorkbookKind.FOLLOW_UP:
        st.subheader("Gældende status", anchor=False)
        show_table(current_rows_frame(conn, result.upload_id))
    else:
        st.page_link("pages/planer.py", label="Se planen under Planer", icon=":material/description:")
    st.page_link("pages/historik.py", label="Se alle indberetninger under Historik", icon=":material/history:")


def clear() -> None:
    st.session_state.pop(STATE_KEY, None)


def findings_frame(findings: list[Finding] | list[dict]) -> pd.DataFrame:
    """Errors and warnings as a table with Danish headers; accepts Findings or their stored JSON form."""
    rows = []
    for f in findings:
        if isinstance(f, Finding):
            rows.append([f.severity, f.sheet, f.cell, f.measure_id, f.message])
        else:
            rows.append([f.get("alvor", ""), f.get("ark", ""), f.get("celle", ""), f.get("målepunkt", ""),
                         f.get("besked", "")])  # fmt: skip
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def preview_frame(preview: Preview) -> pd.DataFrame:
    """One row per målepunkt: what happens to it, its new values, and each changed value as old → new."""
    follow_up = preview.kind == WorkbookKind.FOLLOW_UP
    rows = []
    for row in preview.rows:
        values = row.new_values
        before_after = "; ".join(
            f"{f.name}: {_short(f.old) or '(tom)'} → {_short(f.new) or '(tom)'}" for f in row.changes
        )
        if follow_up:
            status = status_label(values["Status"]) if values else ""
            rows.append([row.measure_id, CHANGE_LABELS[row.change], status, values.get("Opfyldelse", ""),
                         values.get("Vurdering", ""), before_after])  # fmt: skip
        else:
            rows.append([row.measure_id, CHANGE_LABELS[row.change], values.get("Målepunkt", ""),
                         values.get("Måltal", ""), before_after])  # fmt: skip
    columns = ["Målepunkt-ID", "Ændring"]
    columns += ["Status", "Opfyldelse", "Vurdering"] if follow_up else ["Målepunkt", "Måltal"]
    return pd.DataFrame(rows, columns=[*columns, "Før → nu"])


def show_computed_verdicts(preview: Preview) -> None:
    """The computed verdicts the file changes (also when it changes only a key figure), a warning where the
    file's own verdict contradicts the plan's rule, and a plan whose rule wording is not understood."""
    if preview.rule_warnings:
        st.warning(
            "Planens regel kan ikke beregnes for et koncernfælles mål. Planen kan indlæses, men siderne viser "
            "»Kan ikke beregnes« for målet, indtil formuleringen er en, Målstyring kender:",
            icon=":material/help:",
        )
        st.text("\n".join(preview.rule_warnings))  # quotes the plan's text: plain text, never markdown
    if preview.disagreements:
        how_many = count_words(len(preview.disagreements), "målepunkt", "målepunkter")
        st.warning(
            f"**Planens regel giver en anden opfyldelse end filen for {how_many}.** Filen kan indlæses, men "
            "ledelsen ser uenigheden markeret med ⚠. Ret opfyldelsen eller tallene, eller forklar uenigheden i "
            "Vurdering.",
            icon=":material/warning:",
        )
        show_table(disagreements_frame(preview))
    for verdict in preview.verdicts:
        if verdict.contradicts and not preview.disagreements:
            st.warning(
                f"**{plain(verdict.goal)}:** filen indberetter {verdict.reported}, men planens regel giver "
                f"{verdict.after} ud fra filens tal ({plain(verdict.note)}). Ret opfyldelsen eller tallene, eller "
                "forklar uenigheden i Vurdering.",
                icon=":material/warning:",
            )
    changed = [v for v in preview.verdicts if v.changes]
    if changed:
        st.markdown("**Beregnet opfyldelse, der ændres**")
        show_table(
            pd.DataFrame({"Ændring": [v.describe() for v in changed], "Planens regel": [v.note for v in changed]})
        )


def disagreements_frame(preview: Preview) -> pd.DataFrame:
    """Per målepunkt: what the file says, what the plan's rule gives, the figures and the rule."""
    return pd.DataFrame(
        [[d.measure_id, d.goal, d.reported, d.computed, d.figures, d.rule] for d in preview.disagreements],
        columns=["Målepunkt-ID", "Mål", "Filens opfyldelse", "Planens regel giver", "Tal", "Regel"],
    )


def count_words(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def show_key_figures(preview: Preview) -> None:
    """The Nøgletal the file gives, each new, changed (old → new), unchanged or removed."""
    if preview.key_figures:
        st.markdown("**Nøgletal**")
        show_table(key_figures_frame(preview))


def key_figures_frame(preview: Preview) -> pd.DataFrame:
    return pd.DataFrame(
        [
            [k.name, str(k.year), CHANGE_LABELS[k.change], f"{k.old or '(tom)'} → {k.new or '(tom)'}"
             if k.change in (CHANGED, REMOVED) else k.new]
            for k in preview.key_figures
        ],
        columns=["Nøgletal", "År", "Ændring", "Værdi"],
    )  # fmt: skip


def preview_summary(preview: Preview) -> str:
    counts = (
        f"{preview.count(NEW)} nye, {preview.count(CHANGED)} ændrede og {preview.count(UNCHANGED)} uændrede målepunkter"
    )
    if preview.count(REMOVED):
        counts += f"; {preview.count(REMOVED)} fjernes"
    figures = {kind: preview.count_key_figures(kind) for kind in (NEW, CHANGED, REMOVED)}
    if any(figures.values()):
        counts += f"; nøgletal: {figures[NEW]} nye, {figures[CHANGED]} ændrede" + (
            f", {figures[REMOVED]} fjernes" if figures[REMOVED] else ""
        )
    computed = sum(v.changes for v in preview.verdicts)
    if computed:
        counts += f"; beregnet opfyldelse ændres for {computed} mål"
    if preview.compared_with is None:
        return f"{counts}. Der er intet gemt for {_key(preview)} endnu."
    return f"{counts}, sammenlignet med den gældende indberetning nr. {preview.compared_with} for {_key(preview)}."


def current_rows_frame(conn, upload_id: int) -> pd.DataFrame:
    """The rows an accepted follow-up stored, as they now stand (shown right after the commit)."""
    return report_frame(history.report_rows(conn, upload_id))


def show_table(frame: pd.DataFrame) -> None:
    """A static table whose long texts wrap (messages, assessments) instead of being cut off, and which becomes
    cards on a phone; every text is escaped and shown exactly as typed (ui/tables.static_table)."""
    static_table(frame)


def _key(preview: Preview) -> str:
    if preview.kind == WorkbookKind.PLAN:
        return f"planen {preview.institution_code} {preview.year}"
    return f"{preview.institution_code} {preview.year} {preview.period}"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
