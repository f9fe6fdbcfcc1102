"""The three baselines bench/page_speed.py measures every page against must show what they claim to show."""

import pytest
from streamlit.testing.v1 import AppTest

from bench.baseline import current_report_rows
from maalstyring.database.storage import REPO_ROOT, connect


def current_rows(db) -> int:
    conn = connect(db)
    try:
        return len(current_report_rows(conn))
    finally:
        conn.close()


@pytest.fixture
def run_baseline(monkeypatch, example_path):
    def start(script: str) -> AppTest:
        monkeypatch.setenv("MAALSTYRING_DB", str(example_path))
        at = AppTest.from_file(str(REPO_ROOT / "bench" / script), default_timeout=60).run()
        assert not at.exception, at.exception
        return at

    yield start
    from ui.db import _connection

    _connection.clear()


def test_minimal_page_is_one_table_of_the_current_report_rows(run_baseline, example_path):
    at = run_baseline("minimal_page.py")
    assert [t.value for t in at.title] == ["Minimal side"]
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == current_rows(example_path) > 0
    assert len(at.sidebar.selectbox) == 0


def test_minimal_chart_page_is_the_same_table_and_one_plotly_chart_of_it(run_baseline, example_path):
    import json

    at = run_baseline("minimal_chart_page.py")
    assert [t.value for t in at.title] == ["Minimal side med graf"]
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == current_rows(example_path) > 0
    (chart,) = at.get("plotly_chart")
    bars = json.loads(chart.proto.spec)["data"]
    assert sum(sum(bar["x"]) for bar in bars) == current_rows(example_path)  # every row counted in the chart


def test_frame_page_is_the_same_table_inside_the_apps_frame(run_baseline, example_path):
    at = run_baseline("chrome_page.py")
    assert [t.value for t in at.title] == ["Appens ramme med én tabel"]
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == current_rows(example_path)
    assert {s.key for s in at.sidebar.selectbox} >= {"aar", "periode", "maaltype"}  # the app's sidebar filters
