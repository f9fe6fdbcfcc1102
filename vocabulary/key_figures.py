"""The shared goals and the key figures (nøgletal) the plans name, in the plans' own words."""

from __future__ import annotations

# Stable keys of shared goals, so one goal can be compared across institutions and years.
SHARED_GOAL_KEYS = {
    "KI": "Kunstig intelligens",
    "ØKONOMI": "Økonomisk styring",
    "ALT": "Attraktiv arbejdsplads",
    "SAMARBEJDE": "Samarbejde",
}

# Key figures behind the computed shared-goal rules, in the plans' own words (maalstyring/rulebook/plan_rules.py
# decides which a plan needs). 2024: årets resultat against the agreed result. STPS 2023: faktisk forbrug
# against grundbudgettet for de samlede driftsudgifter, measured per quarter; its ALT question is spelt
# "Indflydelse i arbejdet", the 2024 plans' "Indflydelse på arbejdet".
KEY_FIGURE_BUDGET = "Aftalt resultat (grundbudget), mio. kr."
KEY_FIGURE_RESULT = "Årets resultat, mio. kr."
KEY_FIGURE_ALT_TRUST = "ALT: Tillid til ledelsen"
KEY_FIGURE_ALT_INFLUENCE = "ALT: Indflydelse på arbejdet"
KEY_FIGURE_ALT_INFLUENCE_2023 = "ALT: Indflydelse i arbejdet"
KEY_FIGURE_ALT_QUALITY = "ALT: Kvalitet i arbejdet"
QUARTERS = (1, 2, 3, 4)


def key_figure_spending(quarter: int) -> str:
    return f"Faktisk forbrug, {quarter}. kvartal, mio. kr."


def key_figure_base_budget(quarter: int) -> str:
    return f"Grundbudget for de samlede driftsudgifter, {quarter}. kvartal, mio. kr."


KEY_FIGURES = (
    KEY_FIGURE_BUDGET,
    KEY_FIGURE_RESULT,
    KEY_FIGURE_ALT_TRUST,
    KEY_FIGURE_ALT_INFLUENCE,
    KEY_FIGURE_ALT_INFLUENCE_2023,
    KEY_FIGURE_ALT_QUALITY,
    *(name for q in QUARTERS for name in (key_figure_base_budget(q), key_figure_spending(q))),
)
ALT_DIMENSIONS = (KEY_FIGURE_ALT_TRUST, KEY_FIGURE_ALT_INFLUENCE, KEY_FIGURE_ALT_QUALITY)
