"""ui/charts.py: Danish number formats in plotly and a status palette that never relies on colour alone."""

import datetime as dt
import itertools

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from ui.charts import (
    MISSING,
    SERIES_COLOURS,
    STATUS_COLOURS,
    STATUS_ORDER,
    STATUS_STYLES,
    TEXT_COLOUR,
    VERDICT_STYLES,
    danish_figure,
    status_label,
    style_for,
)
from vocabulary.terms import STATUSES, VERDICTS


def _relative_luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_palette_covers_every_status_and_verdict_of_the_contract():
    assert STATUS_ORDER == STATUSES
    assert set(VERDICT_STYLES) == set(VERDICTS)
    assert set(STATUSES) | set(VERDICTS) <= set(STATUS_COLOURS)


def test_each_status_has_its_own_symbol_word_and_pattern():
    styles = list(STATUS_STYLES.values())
    assert len({s.symbol for s in styles}) == len(styles)
    assert len({s.pattern for s in styles}) == len(styles)
    assert [status_label(s) for s in STATUSES] == ["✓ Grøn", "! Gul", "✕ Rød"]
    assert status_label("Delvist opfyldt") == "! Delvist opfyldt"
    assert status_label(" rød ") == "✕ Rød"  # as typed in a workbook
    assert status_label(None) == "– Ikke indberettet"
    assert style_for("Blå") is MISSING


def test_status_text_colours_meet_wcag_aa_on_white():
    for style in [*STATUS_STYLES.values(), *VERDICT_STYLES.values(), MISSING]:
        assert contrast(style.text, "#FFFFFF") >= 4.5, style.status
    assert contrast(TEXT_COLOUR, "#FFFFFF") >= 7


def test_status_fills_differ_in_lightness_so_they_survive_greyscale():
    # Colour-blind readers still see lightness: no two status fills may have nearly the same luminance.
    fills = [s.fill for s in STATUS_STYLES.values()]
    for a, b in itertools.combinations(fills, 2):
        assert contrast(a, b) >= 1.5, (a, b)


def test_status_traces_get_palette_pattern_and_symbol_in_legend():
    df = pd.DataFrame({"Institution": ["LMST", "SSI", "SST"], "Status": ["Grøn", "Gul", "Rød"], "Antal": [3, 2, 1]})
    fig = danish_figure(px.bar(df, x="Institution", y="Antal", color="Status"))
    by_name = {t.name: t for t in fig.data}
    assert set(by_name) == {"✓ Grøn", "! Gul", "✕ Rød"}
    assert by_name["✓ Grøn"].marker.color == STATUS_STYLES["Grøn"].fill
    assert by_name["! Gul"].marker.pattern.shape == "/"
    assert by_name["✕ Rød"].marker.pattern.shape == "x"
    assert by_name["! Gul"].marker.line.width == 1  # outline keeps the light yellow visible on white


def test_other_traces_keep_their_colours():
    fig = danish_figure(go.Figure(go.Bar(x=["a"], y=[1], name="Budget", marker_color="#123456")))
    assert fig.data[0].name == "Budget"
    assert fig.data[0].marker.color == "#123456"


def test_numbers_get_decimal_comma_and_thousands_point_and_no_si_suffix():
    fig = danish_figure(px.bar(pd.DataFrame({"Mål": ["A", "B"], "Sager": [2600, 12500.5]}), x="Mål", y="Sager"))
    assert fig.layout.separators == ",."
    assert fig.layout.yaxis.separatethousands is True
    assert fig.layout.yaxis.exponentformat == "none"  # 12.500, not 12.5k


def test_year_axis_is_not_given_a_thousands_point():
    fig = danish_figure(px.line(pd.DataFrame({"År": [2022, 2023, 2024], "Andel": [0.5, 0.7, 0.9]}), x="År", y="Andel"))
    assert fig.layout.xaxis.tickformat == "d"
    assert fig.layout.xaxis.dtick == 1
    assert not fig.layout.xaxis.separatethousands


def test_date_axis_uses_danish_numeric_dates():
    dates = [dt.date(2024, 6, 30), dt.date(2024, 12, 31)]
    fig = danish_figure(go.Figure(go.Scatter(x=dates, y=[1, 2])))
    assert fig.layout.xaxis.tickformat == "%d.%m.%Y"
    assert fig.layout.xaxis.hoverformat == "%d.%m.%Y"


def test_subplot_axes_are_formatted_too():
    df = pd.DataFrame({"År": [2023, 2024, 2023, 2024], "Antal": [1500, 2600, 3, 4], "Inst": ["A", "A", "B", "B"]})
    fig = danish_figure(px.bar(df, x="År", y="Antal", facet_col="Inst"))
    assert fig.layout.xaxis2.tickformat == "d"
    assert fig.layout.yaxis2.separatethousands is True


def test_axis_titles_and_ticks_use_the_dark_text_colour():
    fig = danish_figure(px.bar(pd.DataFrame({"Mål": ["A"], "Sager": [3]}), x="Mål", y="Sager"))
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        assert axis.title.font.color == TEXT_COLOUR
        assert axis.tickfont.color == TEXT_COLOUR
    assert fig.layout.yaxis.title.text == "Sager"  # the title text itself is kept


def test_series_colours_are_readable_and_not_status_colours():
    fig = danish_figure(go.Figure(go.Scatter(x=[1, 2], y=[1, 2], name="LMST")))
    assert list(fig.layout.colorway) == list(SERIES_COLOURS)
    fills = {s.fill for s in STATUS_STYLES.values()}
    for colour in SERIES_COLOURS:
        assert contrast(colour, "#FFFFFF") >= 3, colour  # WCAG 1.4.11 for lines and markers
        assert colour not in fills


def test_font_is_the_app_font():
    fig = danish_figure(go.Figure(go.Pie(labels=["a"], values=[1])))
    assert fig.layout.font.family.startswith("'IBM Plex Sans'")
