"""The records a plan and a follow-up are read into and stored from (the rules are in maalstyring/rulebook/rules.py).

Glossary (code in English, UI in Danish):
    goal = mål, measure = målepunkt, shared goal = koncernfælles mål, specific goal = institutionsspecifikt mål,
    status = trafiklys Grøn/Gul/Rød, verdict = opfyldelse Opfyldt/Delvist opfyldt/Ikke opfyldt,
    period = 1. halvår / Årsafslutning, report = opfølgning/indberetning, key figure = nøgletal,
    upload = indberettet fil, plan = mål- og resultatplan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Goal:
    goal_id: str
    nr: str
    kind: str
    title: str
    objective: str
    shared_key: str | None = None
    remarks: str | None = None
    goal_type: str | None = None
    measurement: str | None = None
    reporting: str | None = None


@dataclass(frozen=True)
class Measure:
    measure_id: str
    goal_id: str
    nr: str
    text: str
    target: float | None = None
    unit: str | None = None
    direction: str | None = None
    deadline: date | None = None


@dataclass(frozen=True)
class Plan:
    institution_code: str
    institution_name: str
    year: int
    goals: tuple[Goal, ...]
    measures: tuple[Measure, ...]
    director: str | None = None
    director_signed: date | None = None
    secretary: str | None = None
    secretary_signed: date | None = None

    @property
    def plan_id(self) -> str:
        return plan_id(self.institution_code, self.year)


@dataclass(frozen=True)
class FollowUpRow:
    measure_id: str
    status: str
    assessment: str
    verdict: str | None = None
    cause: str | None = None
    action: str | None = None
    target: float | None = None
    actual: float | None = None


@dataclass(frozen=True)
class KeyFigure:
    name: str
    year: int
    value: float


@dataclass(frozen=True)
class FollowUp:
    institution_code: str
    year: int
    period: str
    rows: tuple[FollowUpRow, ...]
    key_figures: tuple[KeyFigure, ...] = field(default_factory=tuple)


def plan_id(institution_code: str, year: int) -> str:
    return f"{institution_code}-{year}"
