"""The leadership charts drawn by the server (ui/html_charts.py, ui/line_chart.py), read back as a reader sees
them: a row per institution with its counts, values and verdicts written out, statuses as symbol and word,
Danish numbers, workbook text exactly as typed and never markup."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from tests.html_charts import read_chart
from ui import html_charts, line_chart
from vocabulary.palette import GRID_COLOUR

HOSTILE = "<a href='http://evil.invalid'>x</a> & \"co\" <script>alert(1)</script>"
CSS = (Path(__file__).resolve().parent.parent / "ui" / "charts.css").read_text()


def test_status_bars_have_a_row_per_institution_with_its_counts_by_symbol_and_word():
    goals = pd.DataFrame(
        {
            "institution_code": ["SSI", "LMST", "LMST", "LMST", "SSI", "LMST"],
            "status": ["Grøn", "Rød", "Rød", "Gul", None, "Rød"],
        }
    )
    chart = read_chart(html_charts.status_bars(goals))
    assert chart.caption == "Mål pr. status og institution"
    assert chart.legend == ["✕ Rød", "! Gul", "✓ Grøn", "– Ikke indberettet"]
    assert [r.label for r in chart.rows] == ["LMST", "SSI"]
    lmst, ssi = chart.row("LMST"), chart.row("SSI")
    assert (lmst.value, lmst.counts) == ("4 mål", ["✕ 3", "! 1"])
    assert lmst.titles == ["LMST: 3 mål røde", "LMST: 1 mål gult"]  # the hover text, always there
    assert lmst.spoken == ["3 mål røde,", "1 mål gult,"]  # what a screen reader says instead of the colours
    assert (ssi.value, ssi.counts) == ("2 mål", ["✓ 1", "– 1"])
    # Widths in per cent of the largest total: LMST's 3 red of 4 fill three quarters of the row.
    assert "width:75.00%" in lmst.styles and "width:25.00%" in ssi.styles
    assert {"ms-red", "ms-yellow"} <= set(lmst.classes) and {"ms-green", "ms-none"} <= set(ssi.classes)


def test_status_fills_have_a_second_cue_besides_colour():
    rules = {m[1]: m[2] for m in re.finditer(r"\n\.(ms-\w+) \{([^}]*)\}", CSS)}
    assert "repeating-linear-gradient" in rules["ms-yellow"]  # lines
    assert rules["ms-red"].count("repeating-linear-gradient") == 2  # cross-hatched
    assert "#ffffff" in rules["ms-none"] and "#005f56" in rules["ms-green"]
    assert re.search(r"\.ms-seg,\s*\.ms-bar,\s*\.ms-swatch \{\s*box-shadow: inset 0 0 0 1px #1f2933", CSS)  # outline


def _economy(**columns) -> pd.DataFrame:
    base = {"institution_code": ["LMST", "NCE", "SSI"], "deviation": [-2.1, 6.54, 0.4], "unit": "pct.",
            "limit": 5.0, "computed_verdict": ["Opfyldt", "Ikke opfyldt", None], "basis": "resultat"}  # fmt: skip
    return pd.DataFrame({**base, **columns})


def test_economy_bars_write_value_and_verdict_and_state_the_limit():
    chart = read_chart(html_charts.economy_bars(_economy()))
    assert chart.caption == "Afvigelse mellem årets resultat og det aftalte resultat"
    assert chart.axis == ["Afvigelse fra aftalt resultat (pct.)"]
    assert chart.legend[0] == "Grænse ±5 pct."
    assert [r.label for r in chart.rows] == ["LMST", "NCE", "SSI"]
    assert chart.row("LMST").value == "-2,1 pct. · ✓ Opfyldt"
    assert chart.row("NCE").value == "6,5 pct. · ✕ Ikke opfyldt"
    assert chart.row("SSI").value == "0,4 pct. · – Ikke beregnet"
    assert chart.row("NCE").titles == ["NCE: afvigelse 6,5 pct. · ✕ Ikke opfyldt"]
    # The bar starts at the centre line for a positive deviation and ends there for a negative one.
    # The axis runs ±(largest deviation + 15 %), 0 in the middle; the band is ±5.
    span = 6.54 * 1.15
    assert f"left:{50 - 2.1 / span * 50:.2f}%;width:{2.1 / span * 50:.2f}%" in chart.row("LMST").styles
    assert f"left:50.00%;width:{6.54 / span * 50:.2f}%" in chart.row("NCE").styles
    assert f"left:{50 - 5 / span * 50:.2f}%;width:{5 / span * 100:.2f}%" in chart.row("SSI").styles


def test_economy_bars_by_quarter_name_the_spending_rule():
    quarters = [SimpleNamespace(quarter=q, deviation_pct=d, met=m) for q, d, m in ((1, 1.0, True), (2, 7.5, False))]
    frame = _economy(basis="forbrug", quarters=[quarters, [], []])
    chart = read_chart(html_charts.economy_bars(frame))
    assert chart.caption == "Afvigelse mellem faktisk forbrug og grundbudgettet, pr. kvartal"
    assert [r.label for r in chart.rows] == ["LMST · 1. kvartal", "LMST · 2. kvartal", "NCE", "SSI"]
    assert chart.row("LMST · 2. kvartal").value == "7,5 pct. · ✕ Ikke opfyldt"


def test_alt_tracks_write_both_scores_in_danish_and_the_word():
    dims = pd.DataFrame(
        {"institution_code": ["LMST", "LMST", "SSI"], "dimension": ["Tillid", "Trivsel", "Tillid"],
         "baseline_year": 2022, "year": 2024, "before": [62.0, 70.5, None], "after": [68.0, 70.0, 71.0],
         "improved": [True, False, None]}
    )  # fmt: skip
    chart = read_chart(html_charts.alt_tracks(dims))
    assert chart.caption == "ALT-evalueringen 2022 og 2024"
    assert chart.legend == ["ALT 2022", "ALT 2024", "▲ forbedret", "– ikke forbedret"]
    assert chart.row("LMST · Tillid").value == "62 → 68 · ▲ forbedret"
    assert chart.row("LMST · Trivsel").value == "70,5 → 70 · – ikke forbedret"
    assert chart.row("SSI · Tillid").value == "mangler → 71"
    assert chart.row("LMST · Tillid").titles == ["LMST · Tillid: 62 (2022)", "LMST · Tillid: 68 (2024)"]
    assert "ms-improved" in chart.row("LMST · Tillid").classes and "ms-flat" in chart.row("LMST · Trivsel").classes


def _series() -> pd.DataFrame:
    rows = [("Koncern", "Koncernen i alt", 2023, "Årsafslutning", 90.0, 1, "STPS", 1),
            ("Koncern", "Koncernen i alt", 2024, "1. halvår", 87.5, 4, "LMST, NCE, SSI, SST", 2),
            ("Koncern", "Koncernen i alt", 2024, "Årsafslutning", 68.0, 4, "LMST, NCE, SSI, SST", 2),
            ("LMST", "Lægemiddelstyrelsen", 2024, "1. halvår", 78.0, None, None, None),
            ("LMST", "Lægemiddelstyrelsen", 2024, "Årsafslutning", 88.0, None, None, None)]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["institution_code", "institution_name", "year", "period", "green_share", "n",
                                        "institutions", "segment"])  # fmt: skip
    return frame.assign(when=frame["year"].astype(str) + " " + frame["period"])


def test_line_chart_names_each_line_and_the_koncern_pieces_and_gives_every_point_its_numbers():
    chart = read_chart(line_chart.fulfilment_lines(_series(), "green_share", "Andel grønne", "Andel grønne"))
    assert chart.caption == "Andel grønne"
    assert chart.axis == ["Andel grønne, pct."]
    names = [entry.split("—", 2)[-1] for entry in chart.legend]  # after the drawn key "—●—"
    assert names == ["Koncernen i alt (1 inst.: STPS)", "Koncernen i alt (4 inst.: LMST, NCE, SSI, SST)",
                     "Lægemiddelstyrelsen"]  # fmt: skip
    # Hover: every point, in each of the two drawings (wide and narrow), with its who, when and Danish number.
    assert chart.titles.count("Koncernen, 4 inst.: LMST, NCE, SSI, SST · 2024 1. halvår: 88 pct.") == 2
    assert chart.titles.count("Lægemiddelstyrelsen (LMST) · 2024 Årsafslutning: 88 pct.") == 2
    assert len(chart.titles) == 2 * 5
    wide, narrow = chart.svgs()
    for svg in (wide, narrow):
        # The koncern's numbers written on its line, and the x axis in time order.
        assert re.findall(r'<text class="k"[^>]*>(\d+)</text>', svg) == ["90", "88", "68"]
        assert svg.index("2023") < svg.index("1. halvår")
        assert "Lægemiddelstyrelsen" not in svg  # names only in the escaped HTML around the image
    alts = [alt for alt, _ in chart.images]
    assert (
        alts[0] == alts[1] and "Koncernen i alt: 90 pct. i 2023 Årsafslutning, 68 pct. i 2024 Årsafslutning" in alts[0]
    )


def test_line_chart_text_stays_readable_on_a_phone():
    # The narrow drawing shows on a phone at ~358 px of chart width; the wide one from 600 px (ui/charts.css).
    assert line_chart.NARROW.font * 358 / line_chart.NARROW.width >= 11
    assert line_chart.WIDE.font * 600 / line_chart.WIDE.width >= 11
    assert "@container (max-width: 599px)" in CSS
    # Ten years of two periods: the narrow drawing labels each year once, not twenty slanted labels.
    years = range(2015, 2025)
    rows = [
        ("Koncern", "Koncernen i alt", y, p, 60.0, 30, "A", 1) for y in years for p in ("1. halvår", "Årsafslutning")
    ]
    frame = pd.DataFrame(rows, columns=["institution_code", "institution_name", "year", "period", "green_share", "n",
                                        "institutions", "segment"])  # fmt: skip
    frame = frame.assign(when=frame["year"].astype(str) + " " + frame["period"])
    _, narrow = read_chart(line_chart.fulfilment_lines(frame, "green_share", "T", "A")).svgs()
    axis_labels = re.findall(r"<text [^>]*>(20\d\d)[^<]*</text>", narrow)
    assert axis_labels == [str(y) for y in years]


def _hostile_lines() -> str:
    series = _series()
    codes = series["institution_code"].where(series["institution_code"] == "Koncern", HOSTILE)
    return line_chart.fulfilment_lines(series.assign(institution_name=HOSTILE, institution_code=codes), "green_share",
                                       "T", "A")  # fmt: skip


def _hostile_alt() -> str:
    return html_charts.alt_tracks(
        pd.DataFrame({"institution_code": [HOSTILE], "dimension": [HOSTILE], "baseline_year": 2022, "year": 2024,
                      "before": [1.0], "after": [2.0], "improved": [True]})
    )  # fmt: skip


HOSTILE_CHARTS = {
    "status": lambda: html_charts.status_bars(pd.DataFrame({"institution_code": [HOSTILE], "status": ["Rød"]})),
    "economy": lambda: html_charts.economy_bars(_economy(institution_code=[HOSTILE, "B", "C"], unit="<b>kr</b>")),
    "alt": _hostile_alt,
    "lines": _hostile_lines,
}


@pytest.mark.parametrize("name", list(HOSTILE_CHARTS))
def test_names_from_plans_show_exactly_as_typed_and_make_no_markup(name):
    chart = read_chart(HOSTILE_CHARTS[name]())
    assert set(chart.tags) <= {"figure", "figcaption", "ul", "li", "span", "div", "p", "img"}
    shown = [r.label for r in chart.rows] + chart.legend + chart.titles + [r.value for r in chart.rows]
    assert any(HOSTILE in text for text in shown), shown


def test_chart_lines_and_marks_stand_3_to_1_on_white():
    from tests.test_charts import contrast

    # WCAG 1.4.11: the ALT lines and marks, the band's edges, the outlines and the centre line.
    for rule in ("ms-improved", "ms-flat"):
        colour = re.search(rf"\n\.{rule} \{{\s*background: (#[0-9a-f]{{6}})", CSS)[1]
        assert contrast(colour.upper(), "#FFFFFF") >= 3, rule
    borders = set(re.findall(r"(?:border(?:-\w+)?|box-shadow): [^;]*(#[0-9a-f]{6})", CSS))
    assert GRID_COLOUR.lower() in borders  # the ALT track's guide line: a gridline, which 1.4.11 does not cover
    for colour in borders - {GRID_COLOUR.lower()}:
        assert contrast(colour.upper(), "#FFFFFF") >= 3, colour
