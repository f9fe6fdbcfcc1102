"""Synthetic koncern at scale: N institutions × M years of plans and filled follow-ups, as real workbooks.

Everything is produced by the same template writer controllers get, and loaded through the normal import
path, so a benchmark measures what users meet. Seeded, so every run builds the same files.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from loaders.template_writer import write_plan_workbook
from maalstyring.database.storage import connect
from maalstyring.workbooks.follow_up_template import write_follow_up_template
from maalstyring.workbooks.ingest import import_workbook
from vocabulary.key_figures import ALT_DIMENSIONS, KEY_FIGURE_BUDGET, KEY_FIGURE_RESULT
from vocabulary.records import FollowUpRow, Goal, Measure, Plan
from vocabulary.terms import STATUSES, Direction, GoalKind, Period, Status, Verdict, WorkbookKind

SHARED = (
    ("KI", "Kunstig intelligens", 3),
    ("ØKONOMI", "Økonomisk styring", 1),
    ("ALT", "Attraktiv arbejdsplads", 1),
)
WORDS = "styrket indsats sagsbehandling tilsyn overvågning data beredskab kvalitet dialog udvikling borgere".split()


@dataclass(frozen=True)
class SyntheticFile:
    name: str
    data: bytes
    kind: str


def institution_code(index: int) -> str:
    return f"SYN{index:03d}"


def _shared_text(key: str, title: str, m: int, year: int) -> str:
    """The computable shared goals in the 2024 plans' own words, so the rules are read and evaluated as for
    real plans (maalstyring/rulebook/plan_rules.py); other målepunkter get a plain text."""
    if key == "ØKONOMI":
        return (
            "Afvigelsen mellem årets resultat og det aftalte resultat i grundbudgettet for institutionerne ikke "
            "overstiger +- 5,0 mio. kr."
        )
    if key == "ALT":
        return (
            f"Institutionerne oplever en forbedring på et af følgende målepunkter i ALT-evalueringen {year} "
            f"sammenlignet med ALT-evalueringen {year - 2}:\n• Tillid til ledelsen\n• Indflydelse på arbejdet\n"
            "• Kvalitet i arbejdet"
        )
    return f"{title}: målepunkt {m}."


def make_plan(rng: random.Random, index: int, year: int) -> Plan:
    code = institution_code(index)
    goals: list[Goal] = []
    measures: list[Measure] = []
    for nr, (key, title, count) in enumerate(SHARED, start=1):
        goal_id = f"{code}-{year}-K{nr}"
        goals.append(Goal(goal_id, str(nr), GoalKind.SHARED, title, f"{title} i koncernen.", shared_key=key))
        for m in range(1, count + 1):
            target, unit, direction = (5.0, "mio. kr.", Direction.AT_MOST) if key == "ØKONOMI" else (None, None, None)
            measures.append(Measure(f"{goal_id}-{m}", goal_id, str(m), _shared_text(key, title, m, year), target, unit,
                                    direction))  # fmt: skip
    for nr in range(1, rng.randint(3, 5) + 1):
        goal_id = f"{code}-{year}-I{nr}"
        title = " ".join(rng.sample(WORDS, 3)).capitalize()
        goals.append(Goal(goal_id, str(nr), GoalKind.SPECIFIC, title, f"I {year} vil {code} {title.lower()}."))
        for m in range(1, rng.randint(1, 4) + 1):
            numeric = rng.random() < 0.4
            measures.append(
                Measure(
                    f"{goal_id}-{m}", goal_id, str(m), f"Målepunkt {m} for {title.lower()}.",
                    float(rng.choice([60, 90, 200, 400])) if numeric else None,
                    "pct." if numeric else None, Direction.AT_LEAST if numeric else None,
                )
            )  # fmt: skip
    return Plan(code, f"Syntetisk institution {index}", year, tuple(goals), tuple(measures), director="Direktør")


def filled_rows(rng: random.Random, plan: Plan, period: str) -> dict[str, FollowUpRow]:
    rows = {}
    for m in plan.measures:
        status = rng.choices(STATUSES, weights=(6, 3, 1))[0]
        verdict = {Status.GREEN: Verdict.MET, Status.YELLOW: Verdict.PARTLY, Status.RED: Verdict.NOT_MET}[status]
        needs_reason = status != Status.GREEN
        rows[m.measure_id] = FollowUpRow(
            m.measure_id, status, "Syntetisk vurdering.",
            verdict=verdict if period == Period.YEAR_END else None,
            cause="Syntetisk årsag." if needs_reason else None,
            action="Syntetisk handling." if needs_reason else None,
            target=m.target, actual=(m.target * rng.uniform(0.7, 1.1)) if m.target else None,
        )  # fmt: skip
    return rows


def key_figures(rng: random.Random, year: int) -> list[tuple[str, int, float]]:
    budget = round(rng.uniform(-10, 10), 1)
    alt = [(name, y, round(rng.uniform(55, 80), 1)) for name in ALT_DIMENSIONS for y in (year - 2, year)]
    return [
        (KEY_FIGURE_BUDGET, year, budget),
        (KEY_FIGURE_RESULT, year, round(budget + rng.uniform(-7, 7), 1)),
        *alt,
    ]


@dataclass(frozen=True)
class PlanSpec:
    """One plan and what its two follow-ups say: the random draws, made in order from one seeded generator."""

    plan: Plan
    follow_ups: tuple[tuple[str, str, dict[str, FollowUpRow], list[tuple[str, int, float]]], ...]


def _specs(institutions: int, years: int, first_year: int, seed: int) -> list[PlanSpec]:
    rng = random.Random(seed)
    specs = []
    for y in range(first_year, first_year + years):
        for i in range(1, institutions + 1):
            plan = make_plan(rng, i, y)
            follow_ups = tuple(
                (period, slug, filled_rows(rng, plan, period), key_figures(rng, y))
                for period, slug in ((Period.H1, "h1"), (Period.YEAR_END, "aar"))
            )
            specs.append(PlanSpec(plan, follow_ups))
    return specs


def _plan_file(spec: PlanSpec) -> SyntheticFile:
    plan = spec.plan
    return SyntheticFile(f"plan_{plan.plan_id}.xlsx", write_plan_workbook(plan), WorkbookKind.PLAN)


def _follow_up_files(spec: PlanSpec) -> list[SyntheticFile]:
    plan = spec.plan
    return [
        SyntheticFile(
            f"opf_{plan.plan_id}_{slug}.xlsx",
            write_follow_up_template(plan, period, stored_rows=rows, key_figure_rows=figures),
            WorkbookKind.FOLLOW_UP,
        )
        for period, slug, rows, figures in spec.follow_ups
    ]


def generate(institutions: int, years: int, first_year: int = 2024, seed: int = 1) -> list[SyntheticFile]:
    """Plans first, then both periods' follow-ups, in the order a real koncern would send them."""
    specs = _specs(institutions, years, first_year, seed)
    return [_plan_file(s) for s in specs] + [f for s in specs for f in _follow_up_files(s)]


SMALL_BUILD = 20  # institutions × years below which the files are written in the calling process


def generate_in_background(
    institutions: int, years: int, first_year: int = 2024, seed: int = 1
) -> Iterator[SyntheticFile]:
    """The same files in the same order as `generate`, written by worker processes while the caller uses the
    ones already written (the writing, openpyxl's styling mostly, is about 40 % of a build's CPU). The random
    draws stay in this process, in the same order, so the files say the same either way."""
    if institutions * years < SMALL_BUILD:  # a test's koncern: written here, no pool to start or to go wrong
        yield from generate(institutions, years, first_year, seed)
        return
    specs = _specs(institutions, years, first_year, seed)
    workers = max(1, min(2, (os.cpu_count() or 2) - 1))
    # Spawned, not forked: the caller may have threads (a test worker's PostgreSQL pool, a Streamlit runtime), and
    # a child forked from a threaded process can crash; one did in the test suite (a segfault in the child's
    # garbage collector, then a pool that never finished). A fork server hung once in a test worker too.
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        yield from pool.imap(_plan_file, specs, chunksize=8)
        for files in pool.imap(_follow_up_files, specs, chunksize=4):
            yield from files


CACHE = Path(__file__).resolve().parent / ".cache"


def first_year(years: int) -> int:
    """The years end with 2024, except that a plan year must be 20xx (the reader's rule), so 30 years start in 2000."""
    return max(2000, 2024 - years + 1)


def build_database(institutions: int, years: int, directory: Path = CACHE) -> Path:
    """A database with `institutions` × `years` plans and both periods' reports, imported file by file
    through the normal import path. Built once per directory and reused: the large ones take minutes."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"scale_{institutions}x{years}.duckdb"
    if path.exists():
        return path
    partial = path.with_suffix(".building")  # renamed only when complete, so a killed build is not reused
    partial.unlink(missing_ok=True)
    started = time.monotonic()
    files = generate_in_background(institutions, years, first_year=first_year(years))
    total = institutions * years * 3
    conn = None
    for n, f in enumerate(files, start=1):
        conn = conn or connect(partial)  # opened after the workers are forked
        result = import_workbook(conn, f.data, f.name, "bench")
        if not result.accepted:
            raise RuntimeError(f"{f.name} blev afvist: {[str(e) for e in result.errors][:3]}")
        if n % 500 == 0:
            print(f"  {institutions}x{years}: {n}/{total} filer indlæst", file=sys.stderr)
    conn.close()
    partial.rename(path)
    print(f"  {institutions}x{years}: bygget på {time.monotonic() - started:.0f} s", file=sys.stderr)
    return path
