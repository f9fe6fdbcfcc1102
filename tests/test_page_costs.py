"""What made the leadership pages slow stays gone (docs/BENCHMARKS.md, Page speed): the figures are built once
per input and shared, and the leadership tables carry their statuses as words, not per-cell styles."""

import pytest

from maalstyring import dashboard
from maalstyring.dashboard import Filters
from tests.html_tables import disclosures, plan_headings, static_tables
from ui.dashboard_figures import economy_chart, status_by_institution
from vocabulary.terms import Period

END = Period.YEAR_END


def test_a_figure_is_built_once_per_input_and_anew_for_new_data(example_conn):
    economy = dashboard.economy_comparison(example_conn, Filters(2024, END))
    first = economy_chart(economy)
    assert economy_chart(economy.copy()) is first  # the same figures: no second build for the next session
    changed = economy.copy()
    changed.loc[changed.index[0], "deviation"] = 99.0  # as after a new upload: new read model, new figure
    assert economy_chart(changed) is not first
    goals = dashboard.goal_rows(example_conn, Filters(2024, END))
    assert status_by_institution(goals) is status_by_institution(goals.copy())


@pytest.mark.parametrize("page", ["pages/koncernoverblik.py", "pages/faelles_maal.py", "pages/institution.py"])
def test_leadership_tables_say_status_in_words(open_page, example_path, page):
    # The leadership tables are static tables that wrap (issue 14, ui/tables.static_table); their cells say
    # status in symbol and word, so a colour is never the only sign. No canvas table keeps a Styler either.
    query = {"institution": ["Statens Serum Institut (SSI)"]} if page.endswith("institution.py") else None
    at = open_page(example_path, page, query)
    assert static_tables(at), page
    for table in at.dataframe:
        assert not table.proto.arrow_data.styler.styles, f"{page}: a canvas table ships per-cell CSS (a pandas Styler)"
    cells = {str(v) for table in static_tables(at) for v in table.to_numpy().ravel()}
    assert any(v.startswith(("✓ ", "! ", "✕ ")) for v in cells), f"{page}: no status in symbol and word"


def test_a_run_asks_the_data_version_once_and_the_next_run_sees_a_new_upload(open_page, example_path, monkeypatch):
    # Koncernoverblik makes a dozen cached calls; each used to ask DuckDB for the data version (ui/cache.py).
    import ui.cache

    asked = []
    real = ui.cache.data_version
    monkeypatch.setattr(ui.cache, "data_version", lambda conn: asked.append(1) or real(conn))
    at = open_page(example_path, "pages/koncernoverblik.py")
    asked.clear()
    at.run()
    assert not at.exception and len(asked) == 1
    before = [m.value for m in at.metric]
    from maalstyring.examples import remove_example_data
    from ui.db import get_connection

    # A write between two runs (as another session's): the next run's one question sees it.
    assert remove_example_data(get_connection(), "test").reports
    at.run()
    assert not at.exception and len(asked) == 2
    assert [m.value for m in at.metric] != before


def test_planer_shows_each_kinds_goals_as_closed_disclosures_in_one_element(open_page, seeded_path):
    # An expander per goal (~80 for ten plans) was most of the browser's work on this page; now each plan's goals
    # are one HTML block of <details> under a heading per kind. tests/test_browser.py opens one in Chromium.
    at = open_page(seeded_path, "pages/planer.py")
    goals = disclosures(at)
    assert len(goals) > 10 and not any(goal.expanded for goal in goals)
    assert all(goal.paragraphs[0].startswith("Mål: ") and "Målepunkter:" in "".join(goal.paragraphs) for goal in goals)
    blocks = [el for el in at.main.html if "<details" in el.body]
    plans = plan_headings(at.main)
    assert len(blocks) == 1 and len(plans) > 1  # one block for the page of plans, a heading per plan in it
    assert blocks[0].body.count("<h3") >= len(plans) and "Koncernfælles mål" in blocks[0].body
