"""Planer and Udvikling for a koncern larger than the bundled five: plans a page at a time, one koncern line
by default, everything still reachable (docs/BENCHMARKS.md, page speed)."""

import pytest

from maalstyring.database.storage import connect
from tests.db_state import synthetic_koncern
from tests.html_tables import every_row, plan_headings
from tests.plotly_charts import figures
from tests.views import show_view
from vocabulary.palette import HIGHLIGHT_COLOURS

pytestmark = pytest.mark.slow  # builds a koncern of 30 institutions × 10 years first

INSTITUTIONS = 12


@pytest.fixture(scope="module")
def koncern_db(tmp_path_factory):
    """12 synthetic institutions x 2 years, plans and both periods' reports, through the import path."""
    path = tmp_path_factory.mktemp("koncern") / "koncern.duckdb"
    synthetic_koncern(path, INSTITUTIONS)
    return path


@pytest.fixture
def open_koncern_page(open_page, koncern_db):
    def start(page: str, query: dict | None = None):
        return open_page(koncern_db, page, query)

    return start


def plan_headers(at) -> list[str]:
    return plan_headings(at.main)


def test_planer_shows_ten_plans_at_a_time_and_the_rest_on_the_next_page(open_koncern_page):
    at = open_koncern_page("pages/planer.py")
    # The overview still lists every plan of every year (24 rows of 8 columns: one page).
    assert len(every_row(at, "Institution", "side_planer")) == 2 * INSTITUTIONS
    paging = next(p for p in at.main.pagination if p.key == "planer_side")
    assert paging.num_pages == 2
    first = plan_headers(at)
    assert len(first) == 10
    assert any(c.value.startswith("Side 1 af 2 · viser plan 1–10 af 12.") for c in at.main.caption)
    paging.set_value(2).run()
    rest = plan_headers(at)
    assert len(rest) == 2 and not set(rest) & set(first)
    # The page is in the URL: a link or a reload opens the same plans.
    assert plan_headers(open_koncern_page("pages/planer.py", query={"planer_side": "2"})) == rest
    assert all(h.endswith("2024") for h in first + rest)


def test_planer_without_paging_when_the_filter_narrows_to_a_few(open_koncern_page):
    at = open_koncern_page("pages/planer.py", query={"institution": ["Syntetisk institution 3 (SYN003)"]})
    assert plan_headers(at) == ["Syntetisk institution 3 – mål- og resultatplan 2024"]
    assert "planer_side" not in [p.key for p in at.main.pagination]


def test_udvikling_draws_the_koncern_against_grey_and_colours_the_institutions_a_leader_picks(open_koncern_page):
    at = open_koncern_page("pages/udvikling.py")
    table = every_row(at, "Institution", "side_tal")
    assert set(table["Institution"]) >= {"Koncernen i alt", "Syntetisk institution 12"}  # the numbers of all
    chart = figures(at.main)[0]
    assert chart.legend == ["Koncernen i alt", f"Øvrige institutioner ({INSTITUTIONS})"]
    assert len(chart.traces) == 1 + 1 + INSTITUTIONS  # every institution's line is there, grey
    pick = at.multiselect(key="udvikling_fremhaev")
    assert pick.label == "Fremhæv institutioner" and pick.max_selections == len(HIGHLIGHT_COLOURS)
    pick.set_value(["SYN003", "SYN007"]).run()
    chart = figures(at.main)[0]
    assert chart.legend == ["Koncernen i alt", "Syntetisk institution 3", "Syntetisk institution 7",
                            f"Øvrige institutioner ({INSTITUTIONS - 2})"]  # fmt: skip
    colours = [chart.trace(name)["line"]["color"] for name in ("Syntetisk institution 3", "Syntetisk institution 7")]
    assert colours == list(HIGHLIGHT_COLOURS[:2])
    [year_end] = figures(show_view(at, "Opfyldt ved årsafslutning").main)
    assert year_end.legend == chart.legend  # the year-end chart highlights the same


def test_udvikling_colours_the_institutions_chosen_in_the_sidebar(open_koncern_page):
    chosen = ["Syntetisk institution 1 (SYN001)", "Syntetisk institution 2 (SYN002)"]
    at = open_koncern_page("pages/udvikling.py", query={"institution": chosen})
    chart = figures(at.main)[0]
    assert chart.legend == ["Koncernen i alt", "Syntetisk institution 1", "Syntetisk institution 2"]
    assert len(chart.traces) == 3  # the two and their total


def test_koncernoverblik_lists_the_troubled_goals_25_at_a_time_red_first_and_every_one_on_some_page(
    open_koncern_page, koncern_db
):
    from maalstyring.reading import goal_table
    from maalstyring.reading.selection import Filters
    from vocabulary.terms import Period, Status

    conn = connect(koncern_db)
    goals = goal_table.goal_rows(conn, Filters(2024, Period.YEAR_END))
    conn.close()
    troubled = goals[goals["status"].isin([Status.RED, Status.YELLOW]) | (goals["verdict_mismatch"] == True)]  # noqa: E712
    assert len(troubled) > 25  # so the list needs more than one page

    at = open_koncern_page("pages/koncernoverblik.py")
    listing = [t for t in at.pagination if t.key == "side_aarsager"]
    assert listing and listing[0].proto.num_pages == -(-len(troubled) // 25)
    rows = every_row(at, "Årsag og konsekvens", "side_aarsager")
    assert len(rows) == len(troubled)
    order = rows["Status"].map(lambda s: 0 if "Rød" in s else 1 if "Gul" in s else 2).tolist()
    assert order == sorted(order)  # red first, across the pages
