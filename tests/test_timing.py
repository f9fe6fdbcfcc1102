"""The opt-in server-side script timing (ui/timing.py): one parseable line per run with the page, only when asked."""

import pytest
from streamlit.testing.v1 import AppTest

from maalstyring.storage import REPO_ROOT
from ui.timing import ENV_VAR, format_line, page_timer, parse_lines

APP = str(REPO_ROOT / "app.py")


@pytest.fixture
def run_page(monkeypatch, seeded_path):
    def start(page: str, timing: bool) -> AppTest:
        monkeypatch.setenv("MAALSTYRING_DB", str(seeded_path))
        if timing:
            monkeypatch.setenv(ENV_VAR, "1")
        else:
            monkeypatch.delenv(ENV_VAR, raising=False)
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    yield start
    from ui.db import _connection

    _connection.clear()


def test_timing_logs_the_page_path_and_both_times(run_page, capsys):
    run_page("pages/planer.py", timing=True)
    lines = parse_lines(capsys.readouterr().err)
    assert [t["page"] for t in lines] == ["/", "/planer"]  # the first run lands on the default page
    assert all(t["app_ms"] >= 0 and t["page_ms"] > 0 and t["end"] == "ok" for t in lines)


def test_timing_is_off_by_default(run_page, capsys):
    run_page("pages/planer.py", timing=False)
    assert "script-time" not in capsys.readouterr().err


def test_a_stopped_page_is_still_logged_and_says_how_it_ended(monkeypatch, capsys):
    monkeypatch.setenv(ENV_VAR, "1")

    class StopException(Exception):  # named like Streamlit's st.stop() exception
        pass

    with pytest.raises(StopException), page_timer("historik", 0.0):
        raise StopException
    [line] = parse_lines(capsys.readouterr().err)
    assert line["page"] == "/historik" and line["end"] == "stop"


def test_log_line_round_trips():
    [line] = parse_lines("noise\n" + format_line("udvikling", 0.0123, 0.4567, "ok") + "\nmore noise")
    assert line == {"page": "/udvikling", "app_ms": 12.3, "page_ms": 456.7, "end": "ok"}
