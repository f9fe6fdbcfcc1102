"""Deadlines (frister) per year × period, and each institution's standing against them.

A deadline is a date: a report that arrives on that day is on time. Setting or changing one is recorded in the
audit trail. The standing is what the board shows and what decides who gets a reminder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from maalstyring.database.events import record_event
from maalstyring.database.storage import Connection, transaction
from vocabulary.formatting import format_date
from vocabulary.terms import PERIODS, EventAction, Period
from vocabulary.wording import STANDING_LATE, STANDING_MISSING, STANDING_REPORTED


class DeadlineError(ValueError):
    """The deadline cannot be set; the message says why, in Danish."""


@dataclass(frozen=True)
class Deadline:
    year: int
    period: str
    due: date
    set_by: str
    set_at: datetime


@dataclass(frozen=True)
class Standing:
    """One institution × period against its deadline (deadline None: none set)."""

    institution_code: str
    institution_name: str
    year: int
    period: str
    deadline: date | None
    arrived: datetime | None  # the first accepted report for the period, still stored
    today: date

    @property
    def reported(self) -> bool:
        return self.arrived is not None

    @property
    def days_late(self) -> int:
        """Days past the deadline: of the arrival when reported, else of today. 0 when on time or no deadline."""
        if self.deadline is None:
            return 0
        end = self.arrived.date() if self.arrived is not None else self.today
        return max((end - self.deadline).days, 0)

    @property
    def word(self) -> str:
        if self.reported:
            return STANDING_REPORTED
        return STANDING_LATE if self.days_late else STANDING_MISSING

    def label(self) -> str:
        """E.g. 'For sent – 12 dage', 'Indberettet', 'Mangler'."""
        if self.word == STANDING_LATE:
            return f"{STANDING_LATE} – {days(self.days_late)}"
        return self.word

    def relative_to_deadline(self) -> str:
        """When the report arrived, or how things stand today, against the deadline (Danish)."""
        if self.deadline is None:
            return "Ingen frist"
        if self.arrived is None:
            left = (self.deadline - self.today).days
            if left > 0:
                return f"Mangler, {days(left)} til fristen"
            if left == 0:
                return "Mangler, fristen er i dag"
            return f"Mangler, {days(-left)} over fristen"
        delta = (self.arrived.date() - self.deadline).days
        if delta < 0:
            return f"{days(-delta)} før fristen"
        if delta == 0:
            return "På fristdagen"
        return f"{days(delta)} efter fristen"


def days(n: int) -> str:
    return "1 dag" if n == 1 else f"{n} dage"


def deadline_for(conn: Connection, year: int, period: str) -> Deadline | None:
    row = (
        conn.cursor()
        .execute(
            "SELECT year, period, due, set_by, set_at FROM deadlines WHERE year = ? AND period = ?", [year, period]
        )
        .fetchone()
    )
    return Deadline(*row) if row else None


def all_deadlines(conn: Connection) -> list[Deadline]:
    rows = conn.cursor().execute("SELECT year, period, due, set_by, set_at FROM deadlines ORDER BY due").fetchall()
    return [Deadline(*r) for r in rows]


def set_deadline(conn: Connection, year: int, period: str, due: date, actor: str) -> Deadline:
    """Set or move the deadline for year × period; the audit trail says who, when, and what it was before."""
    if period not in PERIODS:
        raise DeadlineError(f"Perioden '{period}' kendes ikke. Brug {' eller '.join(PERIODS)}.")
    if not isinstance(due, date):
        raise DeadlineError("Fristen skal være en dato, fx 2024-09-15.")
    cur = conn.cursor()
    with transaction(cur):
        if not cur.execute("SELECT 1 FROM plans WHERE year = ?", [year]).fetchone():
            raise DeadlineError(f"Der er ingen planer for {year}, så der er intet at sætte en frist for.")
        before = cur.execute("SELECT due FROM deadlines WHERE year = ? AND period = ?", [year, period]).fetchone()
        now = datetime.now()
        cur.execute(  # an upsert both engines know (DuckDB's INSERT OR REPLACE is not PostgreSQL)
            """
            INSERT INTO deadlines (year, period, due, set_by, set_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (year, period)
            DO UPDATE SET due = excluded.due, set_by = excluded.set_by, set_at = excluded.set_at
            """,
            [year, period, due, actor, now],
        )
        change = f" (før: {format_date(before[0])})" if before else ""
        record_event(
            cur, actor, EventAction.DEADLINE_SET, None, None, year, period,
            f"Frist for {period} {year} sat til {format_date(due)}{change}",
        )  # fmt: skip
    return Deadline(year, period, due, actor, now)


def parse_due_date(text: str) -> date:
    """A deadline typed on the command line: 2024-09-15 or 15.09.2024."""
    cleaned = text.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise DeadlineError(f"'{text}' er ikke en dato. Skriv fx 2024-09-15 eller 15.09.2024.")


def standings(
    conn: Connection,
    year: int,
    period: str | None = None,
    codes: list[str] | None = None,
    today: date | None = None,
) -> list[Standing]:
    """Every institution with a plan for `year`, per period (or only `period`), against the deadline.

    "Arrived" is the first accepted report for the period that is still stored: a later correction does not
    make an institution that reported on time late.
    """
    today = today or date.today()
    rows = (
        conn.cursor()
        .execute(
            """
        WITH periods AS (
            SELECT * FROM (VALUES (?, 1), (?, 2)) pr(period, ord)
        ),
        arrivals AS (
            SELECT r.institution_code, r.year, r.period, min(u.uploaded_at) AS arrived
            FROM reports r JOIN uploads u USING (upload_id)
            GROUP BY r.institution_code, r.year, r.period
        )
        SELECT p.institution_code, i.name, p.year, pr.period, d.due, a.arrived
        FROM plans p JOIN institutions i ON i.code = p.institution_code
        CROSS JOIN periods pr
        LEFT JOIN deadlines d ON d.year = p.year AND d.period = pr.period
        LEFT JOIN arrivals a ON a.institution_code = p.institution_code AND a.year = p.year
                            AND a.period = pr.period
        WHERE p.year = ?
          AND (?::VARCHAR IS NULL OR pr.period = ?)
          AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], p.institution_code))
        ORDER BY i.name, pr.ord
        """,
            [Period.H1, Period.YEAR_END, year, period, period, codes, codes],
        )
        .fetchall()
    )
    return [Standing(code, name, y, p, due, arrived, today) for code, name, y, p, due, arrived in rows]
