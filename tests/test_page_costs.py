"""What made the leadership pages slow stays gone (docs/BENCHMARKS.md, Page speed): the figures are built once
per input and shared, and the leadership tables carry their statuses as words, not per-cell styles."""

import pytest


@pytest.mark.parametrize("page", ["pages/koncernoverblik.py", "pages/faelles_maal.py", "pages/institution.py"])
def test_leadership_tables_say_status_in_words_without_per_cell_styles(open_page, example_path, page):
    query = {"institution": ["Statens Serum Institut (SSI)"]} if page.endswith("institution.py") else None
    at = open_page(example_path, page, query)
    assert at.dataframe, page
    for table in at.dataframe:
        assert not table.proto.arrow_data.styler.styles, f"{page}: a table ships per-cell CSS (a pandas Styler)"
    cells = {str(v) for table in at.dataframe for v in table.value.to_numpy().ravel()}
    assert any(v.startswith(("✓ ", "! ", "✕ ")) for v in cells), f"{page}: no status in symbol and word"
