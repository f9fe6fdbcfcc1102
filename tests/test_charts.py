"""vocabulary/palette.py: a status palette that never relies on colour alone (charts drawn with it: test_figures.py)."""

import itertools

from vocabulary.palette import (
    MISSING,
    SERIES_COLOURS,
    STATUS_COLOURS,
    STATUS_ORDER,
    STATUS_STYLES,
    TEXT_COLOUR,
    VERDICT_STYLES,
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


def test_series_colours_are_readable_and_not_status_colours():
    fills = {s.fill for s in STATUS_STYLES.values()}
    for colour in SERIES_COLOURS:
        assert contrast(colour, "#FFFFFF") >= 3, colour  # WCAG 1.4.11 for lines and markers
        assert colour not in fills
