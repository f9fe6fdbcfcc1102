"""Write the five seed plans (scripts/seed_transcription.py) as Plan workbooks under data/plans/.

Run once after changing the transcription: `python -m scripts.build_seed_workbooks`. The workbooks are
committed; the app loads them through the normal import path, never from this script.
"""

from __future__ import annotations

from loaders.template_writer import plan_file_name, write_plan_workbook
from maalstyring.workbooks.defaults import PLANS_DIR
from scripts.seed_transcription import PLANS
from vocabulary.records import Goal, Measure, Plan


def to_plan(source: dict) -> Plan:
    about = source["about"]
    return Plan(
        institution_code=about["Institution"],
        institution_name=about["Institutionens navn"],
        year=about["År"],
        director=about.get("Direktør"),
        director_signed=about.get("Underskrevet af direktør"),
        secretary=about.get("Departementschef"),
        secretary_signed=about.get("Underskrevet af departementschef"),
        goals=tuple(
            Goal(
                goal_id=g["Mål-ID"],
                nr=g["Nr."],
                kind=g["Måltype"],
                shared_key=g.get("Fælles mål"),
                title=g["Titel"],
                objective=g["Mål"],
                remarks=g.get("Bemærkninger"),
                goal_type=g.get("Type af mål"),
                measurement=g.get("Måling"),
                reporting=g.get("Afrapportering"),
            )
            for g in source["goals"]
        ),
        measures=tuple(
            Measure(
                measure_id=m["Målepunkt-ID"],
                goal_id=m["Mål-ID"],
                nr=m["Nr."],
                text=m["Målepunkt"],
                target=m.get("Måltal"),
                unit=m.get("Enhed"),
                direction=m.get("Retning"),
                deadline=m.get("Frist"),
            )
            for m in source["measures"]
        ),
    )


def main() -> None:
    PLANS_DIR.mkdir(parents=True, exist_ok=True)
    for source in PLANS:
        plan = to_plan(source)
        path = PLANS_DIR / plan_file_name(plan.institution_code, plan.year)
        path.write_bytes(write_plan_workbook(plan))
        print(f"{path}: {len(plan.goals)} mål, {len(plan.measures)} målepunkter")


if __name__ == "__main__":
    main()
