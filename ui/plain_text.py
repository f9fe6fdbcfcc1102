"""Workbook text shown as typed: never as markdown, links, images, colours, emoji or LaTeX.

Streamlit renders markdown not only in st.markdown but in st.caption, st.info/st.warning/st.error, expander
labels, metric labels, radio options and more. Text from workbooks (plans, reports, file names) reaches all
of these, and a plan saying ![x](http://…) would make every viewer's browser fetch that address (issue 10).
So every piece of user text put into a markdown-rendering place goes through `plain` (blocks) or `label`
(one line). Tables do not render markdown: st.dataframe draws text, and ui/tables.static_table writes escaped HTML.

How: CommonMark lets any ASCII punctuation be escaped with a backslash, and an escaped character is never
markup. Escaping all of it (not a hand-picked list) also covers Streamlit's own extensions: `:red[…]`,
`:material/…:` and emoji shortcodes need ':' and '[', LaTeX needs '$', autolinks need ':' or '.' ('www.x.dk').
Line breaks are kept as hard breaks, so a plan's "- punkt" lines stay lines that start with a dash.

Escaping is not enough for addresses: Streamlit's markdown (remark-gfm) turns "http://…" and "www.…" into
links by searching the text after escapes are resolved. An invisible word joiner (U+2060) after "http"
and "www" breaks those patterns; the text reads and prints the same. E-mail addresses still become mailto:
links to exactly the address shown, which fetch nothing (and people's addresses show on several pages).
"""

from __future__ import annotations

import re
import string

from vocabulary.formatting import is_missing

_ESCAPE = {ch: "\\" + ch for ch in string.punctuation}
_TABLE = str.maketrans(_ESCAPE)
WORD_JOINER = "\u2060"
_LINK_START = re.compile(r"(https?|ftp|www)(?=[:.])", re.IGNORECASE)


def _no_autolink(text: str) -> str:
    return _LINK_START.sub(lambda m: m.group(0) + WORD_JOINER, text)


def plain(text, missing: str = "") -> str:
    """`text` as markdown that renders exactly as typed, line breaks included."""
    if is_missing(text):
        return missing
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # Leading spaces dropped: four of them would start a code block.
    return "  \n".join(_no_autolink(line.strip()).translate(_TABLE) for line in lines)


def label(text, missing: str = "") -> str:
    """`text` for a one-line label (expander, metric, radio option, select option): escaped, on one line."""
    if is_missing(text):
        return missing
    return _no_autolink(" ".join(str(text).split())).translate(_TABLE)
