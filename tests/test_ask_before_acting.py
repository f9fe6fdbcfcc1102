"""Issue #27, point 5: lock, reopen, remove example data, restore and send reminders ask first, in a dialog
that says what will happen and to whom, and the outcome shows afterwards. Through the real page (AppTest)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from maalstyring.database.storage import connect
from maalstyring.roles.approval import period_lock
from tests.views import show_view
from vocabulary.terms import Period

APPROVAL = "Godkendelse og låsning"  # Indberetningsstatus's third view


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _approval_view(open_page, path):
    at = show_view(open_page(path, "pages/indberetningsstatus.py", {"periode": "1. halvår"}), APPROVAL)
    at.radio(key="lock_period").set_value(Period.H1).run()
    return at


def _locked(path) -> bool:
    conn = connect(path)
    try:
        return period_lock(conn, 2024, Period.H1) is not None
    finally:
        conn.close()


def _text(at) -> str:
    return "\n".join(m.value for m in at.markdown).replace("\\", "")


def test_lock_lists_missing_and_unapproved_and_needs_an_explicit_choice(open_page, reported_path):
    at = _approval_view(open_page, reported_path)
    button(at, "Lås 1. halvår 2024").click().run()
    assert not _locked(reported_path)  # the first click only asks
    shown = _text(at)
    assert "Har ikke indberettet for 1. halvår (3 af 4)" in shown
    for missing in ("Nationalt Center for Etik (NCE)", "Statens Serum Institut (SSI)", "Sundhedsstyrelsen (SST)"):
        assert missing in shown
    assert "Indberettet, men ikke godkendt (1 af 4)" in shown and "Lægemiddelstyrelsen (LMST)" in shown
    assert any("4 af 4 institutioner er ikke indberettet eller ikke godkendt" in w.value for w in at.warning)
    assert button(at, "Ja, lås 1. halvår 2024").disabled  # not without the choice to lock anyway
    next(box for box in at.checkbox if box.label == "Lås alligevel").check().run()
    button(at, "Ja, lås 1. halvår 2024").click().run()
    assert not at.exception and _locked(reported_path)
    assert any("1. halvår 2024 er låst" in s.value.replace("\\", "") for s in at.success)  # shown afterwards


def test_cancel_leaves_everything_as_it_was(open_page, reported_path):
    at = _approval_view(open_page, reported_path)
    button(at, "Lås 1. halvår 2024").click().run()
    button(at, "Fortryd").click().run()
    assert not _locked(reported_path)
    assert any("Fortrudt. Intet er ændret." in i.value.replace("\\", "") for i in at.info)


def test_reopen_asks_and_says_whom_it_concerns(open_page, reported_path):
    at = _approval_view(open_page, reported_path)
    button(at, "Lås 1. halvår 2024").click().run()
    next(box for box in at.checkbox if box.label == "Lås alligevel").check().run()
    button(at, "Ja, lås 1. halvår 2024").click().run()
    button(at, "Genåbn 1. halvår 2024").click().run()
    assert _locked(reported_path)
    assert "Det gælder de 4 institutioner med en plan for 2024" in _text(at)
    button(at, "Ja, genåbn 1. halvår 2024").click().run()
    assert not _locked(reported_path)
    assert any("åbnet for indberetning igen" in s.value.replace("\\", "") for s in at.success)


def test_removing_example_data_asks_first(open_page, example_path):
    at = show_view(open_page(example_path, "pages/indberetningsstatus.py"), APPROVAL)
    next(b for b in at.button if b.label == "Fjern eksempeldata").click().run()
    conn = connect(example_path)
    assert conn.execute("SELECT count(*) FROM reports WHERE is_example").fetchone()[0] == 10  # nothing yet
    conn.close()
    assert "Alle 10 eksempelindberetninger" in _text(at)
    button(at, "Ja, fjern eksempeldata").click().run()
    conn = connect(example_path)
    assert conn.execute("SELECT count(*) FROM reports WHERE is_example").fetchone()[0] == 0
    conn.close()
    assert any("Eksempeldata er fjernet" in s.value.replace("\\", "") for s in at.success)
