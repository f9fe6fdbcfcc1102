"""The opt-in server-side script timing (ui/timing.py): one parseable line per run with the page, only when asked."""

import pytest

from ui.timing import ENV_VAR, format_line, page_timer, parse_lines


@pytest.fixture
def run_page(open_page, seeded_path):
    def start(page: str, timing: bool):
        return open_page(seeded_path, page, env={ENV_VAR: "1" if timing else None})

    return start


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
