"""The leadership charts as Plotly figures (ui/figures.py), read back from the figure the browser gets: Danish
numbers and words, status in symbol, word and hatch as well as colour, worst first, texts from plans inert."""

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from tests.test_charts import contrast
from ui import figures
from ui.dashboard_figures import chart_config
from vocabulary.palette import BACKGROUND_LINE_COLOUR, HIGHLIGHT_COLOURS, KONCERN_COLOUR

HOSTILE = "<a href='http://evil.invalid'>x</a> & \"co\" <script>alert(1)</script>"


def _bars(chart: figures.Chart) -> dict[str, dict]:
    return {t["name"]: t for t in chart.spec["data"] if t["type"] == "bar"}


def test_status_figure_puts_the_worst_institution_first_and_writes_symbol_and_count():
    goals = pd.DataFrame(
        {
            "institution_code": ["SSI", "LMST", "LMST", "LMST", "SSI", "LMST", "NCE", "NCE"],
            "status": ["Grøn", "Rød", "Rød", "Gul", None, "Rød", "Gul", "Grøn"],
        }
    )
    chart = figures.status_figure(goals)
    layout = chart.spec["layout"]
    assert layout["separators"] == ",."
    assert layout["title"]["text"] == "Mål pr. status og institution, flest røde øverst"
    bars = _bars(chart)
    assert list(bars) == ["✕ Rød", "! Gul", "✓ Grøn", "– Ikke indberettet"]  # the legend says symbol and word
    assert layout["legend"]["traceorder"] == "normal"  # in that order, worst first (Plotly reverses stacks)
    # Worst first: most red (LMST), then most yellow (NCE); the y axis runs top down.
    assert list(bars["✕ Rød"]["y"]) == ["LMST", "NCE", "SSI"] and layout["yaxis"]["autorange"] == "reversed"
    assert list(bars["✕ Rød"]["text"]) == ["✕ 3", "", ""] and list(bars["! Gul"]["x"]) == [1, 1, 0]
    assert list(bars["– Ikke indberettet"]["customdata"])[2] == "1 mål ikke indberettet"
    assert bars["! Gul"]["customdata"][0] == "1 mål gult"  # the hover, in words
    # A second cue besides colour: hatches differ by status, and every bar is outlined.
    patterns = {name: bar["marker"]["pattern"]["shape"] for name, bar in bars.items()}
    assert patterns == {"✕ Rød": "x", "! Gul": "/", "✓ Grøn": "", "– Ikke indberettet": "."}
    assert all(bar["marker"]["line"]["width"] >= 1 for bar in bars.values())
    assert chart.alt.startswith("Søjlediagram: mål pr. status for 3 institutioner, flest røde øverst. Flest røde: LMST")


def test_status_counts_order_ties_by_yellow_then_not_reported_then_code():
    goals = pd.DataFrame({"institution_code": ["B", "A", "C", "C"], "status": ["Gul", "Gul", None, "Gul"]})
    assert list(figures.status_counts(goals).index) == ["C", "A", "B"]


def _economy(**columns) -> pd.DataFrame:
    base = {"institution_code": ["LMST", "NCE", "SSI"], "deviation": [-2.1, 6.54, 0.4], "unit": "pct.",
            "limit": 5.0, "computed_verdict": ["Opfyldt", "Ikke opfyldt", None], "basis": "resultat"}  # fmt: skip
    return pd.DataFrame({**base, **columns})


def test_economy_figure_writes_value_and_verdict_in_danish_and_shades_the_band():
    chart = figures.economy_figure(_economy())
    layout = chart.spec["layout"]
    assert layout["title"]["text"] == "Årets resultat mod det aftalte resultat"
    assert layout["xaxis"]["title"]["text"] == "Afvigelse fra aftalt resultat (pct.)"
    band = next(s for s in layout["shapes"] if s["type"] == "rect")
    assert (band["x0"], band["x1"]) == (-5.0, 5.0)
    assert chart.spec["data"][0]["name"] == "Grænse ±5 pct."  # the band's legend entry, first
    bars = _bars(chart)
    # Beside the bar: the number and the symbol; in the hover: the unit and the word too.
    assert list(bars["✓ Opfyldt"]["text"]) == ["-2,1 ✓"] and list(bars["✕ Ikke opfyldt"]["text"]) == ["6,5 ✕"]
    assert list(bars["✓ Opfyldt"]["customdata"]) == ["-2,1 pct. · ✓ Opfyldt"]
    assert list(bars["✕ Ikke opfyldt"]["customdata"]) == ["6,5 pct. · ✕ Ikke opfyldt"]
    assert list(bars["– Ikke beregnet"]["customdata"]) == ["0,4 pct. · – Ikke beregnet"]
    assert layout["yaxis"]["categoryarray"] == ["LMST", "NCE", "SSI"]  # the table's order
    assert "Uden for grænsen: NCE." in chart.alt


def test_economy_figure_by_quarter_names_the_spending_rule():
    quarters = [SimpleNamespace(quarter=q, deviation_pct=d, met=m) for q, d, m in ((1, 1.0, True), (2, 7.5, False))]
    chart = figures.economy_figure(_economy(basis="forbrug", quarters=[quarters, [], []]))
    assert chart.spec["layout"]["title"]["text"] == "Afvigelse fra grundbudgettet, pr. kvartal"
    assert chart.spec["layout"]["yaxis"]["categoryarray"] == ["LMST · 1. kvartal", "LMST · 2. kvartal", "NCE", "SSI"]
    assert "LMST · 2. kvartal" in _bars(chart)["✕ Ikke opfyldt"]["y"]


def test_alt_figure_links_both_scores_and_says_improved_in_words():
    dims = pd.DataFrame(
        {"institution_code": ["LMST", "LMST", "SSI"], "dimension": ["Tillid", "Trivsel", "Tillid"],
         "baseline_year": 2022, "year": 2024, "before": [62.0, 70.5, None], "after": [68.0, 70.0, 71.0],
         "improved": [True, False, None]}
    )  # fmt: skip
    chart = figures.alt_figure(dims)
    traces = {t["name"]: t for t in chart.spec["data"]}
    assert chart.spec["layout"]["title"]["text"] == "ALT-evalueringen 2022 og 2024"
    assert list(traces) == ["▲ forbedret", "– ikke forbedret", "ALT 2022", "ALT 2024"]
    assert list(traces["▲ forbedret"]["x"])[:2] == [62.0, 68.0] and traces["– ikke forbedret"]["line"]["dash"] == "dot"
    assert list(traces["ALT 2024"]["customdata"]) == ["62 → 68 · ▲ forbedret", "70,5 → 70 · – ikke forbedret",
                                                      "mangler → 71"]  # fmt: skip
    assert "LMST · Trivsel: 70,5 → 70 · – ikke forbedret" in chart.alt


def _series(institutions: int = 1) -> pd.DataFrame:
    rows = [("Koncern", "Koncernen i alt", 2023, "Årsafslutning", 90.0, 1, "STPS", 1),
            ("Koncern", "Koncernen i alt", 2024, "1. halvår", 87.5, 4, "LMST, NCE, SSI, SST", 2),
            ("Koncern", "Koncernen i alt", 2024, "Årsafslutning", 68.0, 4, "LMST, NCE, SSI, SST", 2)]  # fmt: skip
    for i in range(institutions):
        code = "LMST" if i == 0 else f"I{i:02d}"
        name = "Lægemiddelstyrelsen" if i == 0 else f"Institution {i}"
        rows += [(code, name, 2024, "1. halvår", 78.0 + i, None, None, None),
                 (code, name, 2024, "Årsafslutning", 88.0 - i, None, None, None)]  # fmt: skip
    return pd.DataFrame(rows, columns=["institution_code", "institution_name", "year", "period", "green_share", "n",
                                       "institutions", "segment"])  # fmt: skip


def _lines(chart) -> dict[str, dict]:
    return {t["name"]: t for t in chart.spec["data"]}


def test_trend_figure_draws_the_koncern_in_pieces_with_its_numbers_and_sorts_the_hover_high_to_low():
    chart = figures.trend_figure(_series(), "green_share", "Andel grønne", "Andel grønne", ("LMST",))
    layout = chart.spec["layout"]
    assert (layout["separators"], layout["hovermode"], layout["hoversort"]) == (",.", "x unified", "value descending")
    assert layout["yaxis"]["title"]["text"] == "Andel grønne, pct."
    lines = _lines(chart)
    first, second = "Koncernen i alt (1 inst.: STPS)", "Koncernen i alt (4 inst.: LMST, NCE, SSI, SST)"
    assert list(lines) == [first, second, "Lægemiddelstyrelsen"]
    assert lines[second]["line"]["color"] == KONCERN_COLOUR and lines[second]["texttemplate"] == "%{y:,.0f}"
    assert list(lines[second]["x"]) == ["2024<br>1. halvår", "2024<br>Årsafslutning"]  # time order, two lines
    assert layout["xaxis"]["categoryarray"] == ["2023<br>Årsafslutning", "2024<br>1. halvår", "2024<br>Årsafslutning"]
    assert all(t["hovertemplate"] == "%{y:,.1f} pct." for t in lines.values())  # 87,5 pct. with `separators`
    assert lines["Lægemiddelstyrelsen"]["line"]["color"] == HIGHLIGHT_COLOURS[0]
    assert "Koncernen i alt: 90 pct. i 2023 Årsafslutning, 68 pct. i 2024 Årsafslutning" in chart.alt


def test_trend_figure_at_30_institutions_colours_only_the_highlighted_and_never_repeats_a_colour():
    series = _series(30)
    assert figures.highlight_by_default(series) == ()  # more than there are colours: the koncern against grey
    picked = tuple(f"I{i:02d}" for i in range(1, len(HIGHLIGHT_COLOURS) + 3))  # more than there are colours
    chart = figures.trend_figure(series, "green_share", "T", "A", picked)
    traces = chart.spec["data"]
    coloured = [t for t in traces if t["line"]["color"] not in (BACKGROUND_LINE_COLOUR, KONCERN_COLOUR)]
    assert [t["name"] for t in coloured] == [f"Institution {i}" for i in range(1, len(HIGHLIGHT_COLOURS) + 1)]
    assert len({t["line"]["color"] for t in coloured}) == len(coloured)  # never repeated
    grey = [t for t in traces if t["line"]["color"] == BACKGROUND_LINE_COLOUR]
    assert len(grey) == 1 + 30 - len(HIGHLIGHT_COLOURS)  # the legend's "Øvrige institutioner" and the lines
    assert [t["name"] for t in grey if t.get("showlegend", True)] == [f"Øvrige institutioner ({31 - 1 - 5})"]
    assert {t["legendgroup"] for t in grey} == {"øvrige"}  # one click hides them all


def test_a_handful_of_institutions_all_get_a_colour_by_default():
    assert figures.highlight_by_default(_series(3)) == ("LMST", "I01", "I02")


def test_highlight_colours_stand_apart_from_white_and_are_not_a_status():
    assert len(set(HIGHLIGHT_COLOURS)) == len(HIGHLIGHT_COLOURS) >= 5
    for colour in (*HIGHLIGHT_COLOURS, KONCERN_COLOUR):
        assert contrast(colour, "#FFFFFF") >= 3, colour  # WCAG 1.4.11: lines and marks


def test_the_mode_bar_holds_only_gem_som_billede_in_danish():
    config = chart_config("maal_pr_status")
    assert config["modeBarButtons"] == [["toImage"]] and not config["displaylogo"]
    assert config["toImageButtonOptions"] == {"format": "png", "filename": "maal_pr_status", "scale": 2}
    assert config["locale"] == "da"
    words = config["locales"]["da"]["dictionary"]
    assert words["Download plot as a png"] == "Gem som billede"
    assert config["locales"]["da"]["format"]["decimal"] == ","


def _hostile_lines():
    series = _series()
    codes = series["institution_code"].where(series["institution_code"] == "Koncern", HOSTILE)
    return figures.trend_figure(series.assign(institution_name=HOSTILE, institution_code=codes), "green_share", "T",
                                "A", (HOSTILE,))  # fmt: skip


HOSTILE_CHARTS = {
    "status": lambda: figures.status_figure(pd.DataFrame({"institution_code": [HOSTILE], "status": ["Rød"]})),
    "economy": lambda: figures.economy_figure(_economy(institution_code=[HOSTILE, "B", "C"], unit="<b>kr</b>")),
    "alt": lambda: figures.alt_figure(
        pd.DataFrame({"institution_code": [HOSTILE], "dimension": [HOSTILE], "baseline_year": 2022, "year": 2024,
                      "before": [1.0], "after": [2.0], "improved": [True]})
    ),
    "lines": _hostile_lines,
}  # fmt: skip


@pytest.mark.parametrize("name", list(HOSTILE_CHARTS))
def test_names_from_plans_reach_plotly_as_entities_never_as_tags(name):
    """Plotly reads <a href>, <b> and <br> in its texts; a name from a plan has its < > & as entities, which
    Plotly shows as typed (tests/test_plain_text.py shows it in Chromium)."""
    chart = HOSTILE_CHARTS[name]()
    texts = []

    def walk(value):
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)

    walk(chart.spec["data"])
    walk({k: v for k, v in chart.spec["layout"].items()})
    assert any(figures.inert(HOSTILE) in t for t in texts), texts
    assert not any(re.search(r"<(a|script|b)\b", t) for t in texts)
    assert "&lt;" not in chart.alt  # the text alternative is an attribute's plain text: typed as it is
