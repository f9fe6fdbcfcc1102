"""What a leader selects (`Filters`) and what there is to select: the plan years and institutions.

Every read model of the leadership pages takes a `Filters`; empty tuples mean "all". Parameterised SQL only,
each query through its own cursor (one connection may serve several sessions).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from maalstyring.database.storage import Connection
from maalstyring.workbooks.examples import example_counts
from vocabulary.terms import Period


@dataclass(frozen=True)
class Filters:
    """What the sidebar selects. Empty tuples mean "all"."""

    year: int | None = None
    period: str = Period.YEAR_END
    institutions: tuple[str, ...] = field(default_factory=tuple)
    goal_kind: str | None = None
    statuses: tuple[str, ...] = field(default_factory=tuple)

    def describe(self) -> list[tuple[str, str]]:
        """The filters in Danish, for exports and captions."""
        return [
            ("År", str(self.year) if self.year else "alle"),
            ("Periode", self.period),
            ("Institutioner", ", ".join(self.institutions) or "alle"),
            ("Måltype", self.goal_kind or "alle"),
            ("Status", ", ".join(self.statuses) or "alle"),
        ]


def read_frame(conn: Connection, sql: str, params: list | None = None) -> pd.DataFrame:
    return conn.cursor().execute(sql, params or []).df()


def chosen_codes(filters: Filters) -> list[str] | None:
    return list(filters.institutions) or None


def plan_years(conn: Connection) -> list[int]:
    return [r[0] for r in conn.cursor().execute("SELECT DISTINCT year FROM plans ORDER BY year DESC").fetchall()]


def institutions_with_plans(conn: Connection, year: int | None = None) -> dict[str, str]:
    """Code → name of institutions with a plan (in `year` when given), ordered by name."""
    rows = (
        conn.cursor()
        .execute(
            """
            SELECT DISTINCT i.code, i.name FROM institutions i JOIN plans p ON p.institution_code = i.code
            WHERE ?::INTEGER IS NULL OR p.year = ?
            ORDER BY i.name
            """,
            [year, year],
        )
        .fetchall()
    )
    return dict(rows)


def plan_years_of(conn: Connection, codes: tuple[str, ...]) -> list[tuple[str, int]]:
    """(institution, year) of every plan the given institutions have, newest first: what exists to offer
    when the chosen year has none."""
    return [
        (r[0], int(r[1]))
        for r in conn.cursor()
        .execute(
            "SELECT institution_code, year FROM plans WHERE list_contains(?::VARCHAR[], institution_code) "
            "ORDER BY year DESC, institution_code",
            [list(codes)],
        )
        .fetchall()
    ]


def example_report_count(conn: Connection) -> int:
    """Every example report, current or superseded: the one count the banner, Administration and the CLI give."""
    return example_counts(conn).reports
