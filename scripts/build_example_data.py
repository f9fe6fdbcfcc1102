"""Write example follow-up reports (EKSEMPELDATA) as filled templates under data/examples/.

Run after changing the plans or this script: `python -m scripts.build_example_data`. The workbooks are
made by the real template writer from the seed plans and filled like a controller would; the app loads
them through the normal import path, marked as example data, and they can be removed with one action.

The figures are invented, chosen to show every case the dashboards must handle: Økonomisk styring exactly
at the ±5,0 mio. kr. boundary (LMST: 12,3 − 7,3, met) and outside it (SSI, NCE); NCE reports Opfyldt although
its key figures say otherwise (the flag); STPS 2023's spending exactly 5 pct. over grundbudgettet in the
4th quarter (its plan's quarterly rule, met at the boundary); ALT improved (LMST, SST, NCE) and not improved
(SSI); a mix of Grøn, Gul and Rød, and of Opfyldt, Delvist opfyldt and Ikke opfyldt.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from loaders import contract as c
from loaders.template_writer import follow_up_file_name
from maalstyring.database import queries
from maalstyring.database.storage import connect
from maalstyring.workbooks.defaults import EXAMPLES_DIR, load_default_data
from maalstyring.workbooks.follow_up_template import write_follow_up_template
from vocabulary.key_figures import (
    ALT_DIMENSIONS,
    KEY_FIGURE_BUDGET,
    KEY_FIGURE_RESULT,
    QUARTERS,
    key_figure_base_budget,
    key_figure_spending,
)
from vocabulary.terms import PERIODS, Period, Status, Verdict

H1, END = Period.H1, Period.YEAR_END
G, Y, R = Status.GREEN, Status.YELLOW, Status.RED
MET, PARTLY, NOT_MET = Verdict.MET, Verdict.PARTLY, Verdict.NOT_MET
MARK = "Eksempeldata: "

# (institution, year) → period → målepunkt suffix → (status, verdict, assessment, cause, action, actual).
# Målepunkter not named are Grøn (and Opfyldt at year-end) with a plain assessment; actual = target.
SCENARIOS: dict[tuple[str, int], dict[str, dict[str, tuple]]] = {
    ("LMST", 2024): {
        H1: {
            "I1-1": (
                Y,
                None,
                "1.900 af 3.700 sager er afsluttet.",
                "Sagerne om COVID-19-vacciner er mere komplekse end ventet.",
                "Ekstra sagsbehandlere fra 1. september.",
                1900,
            ),
            "K1-3": (
                Y,
                None,
                "Oplægget til KLF er i gang.",
                "Arbejdsgruppen er først nedsat i juni.",
                "Udkast til oplæg i oktober.",
                None,
            ),
        },
        END: {
            "I1-1": (
                Y,
                PARTLY,
                "3.500 af 3.700 sager er afsluttet.",
                "Sagerne om COVID-19-vacciner var mere komplekse end ventet.",
                "De sidste 200 sager afsluttes i 1. kvartal 2025.",
                3500,
            ),
            "I2-1": (G, MET, "92 pct. af ansøgningerne er behandlet inden for fristen.", None, None, 92),
            "K2-1": (G, MET, "Afvigelsen er 5,0 mio. kr. og dermed præcis på grænsen.", None, None, None),
        },
    },
    ("SSI", 2024): {
        H1: {
            "K2-1": (
                Y,
                None,
                "Forventet resultat ligger 6,0 mio. kr. under grundbudgettet.",
                "Lavere salg af vacciner end budgetteret.",
                "Ansættelsesstop og udskudte indkøb.",
                None,
            ),
            "I2-1": (
                Y,
                None,
                "Proof of Concept er forsinket.",
                "Laboratorierne leverer data senere end aftalt.",
                "Ny tidsplan aftalt med regionerne.",
                None,
            ),
        },
        END: {
            "K2-1": (
                R,
                NOT_MET,
                "Resultatet ligger 8,4 mio. kr. under grundbudgettet.",
                "Lavere salg af vacciner og højere energiudgifter.",
                "Handlingsplan for økonomien drøftes med departementet i januar.",
                None,
            ),
            "K3-1": (
                R,
                NOT_MET,
                "Ingen af de tre spørgsmål er forbedret siden 2022.",
                "Omorganisering i 2024 har fyldt meget.",
                "Ledelsesudviklingsforløb for alle chefer i 2025.",
                None,
            ),
            "K1-3": (
                R,
                NOT_MET,
                "Oplægget nåede ikke KLF's sidste møde i 2024.",
                "Implementeringsplanen blev først godkendt i december.",
                "Oplægget forelægges KLF på første møde i 2025.",
                None,
            ),
            "I2-1": (
                Y,
                PARTLY,
                "Proof of Concept er færdig for biokemi, ikke for immunologi.",
                "Et laboratorium leverede ikke data.",
                "Immunologi indgår i første fase i 2025.",
                None,
            ),
            "I1-2": (G, MET, "Der er i gennemsnit lavet 210 stikprøver om ugen.", None, None, 210),
        },
    },
    ("SST", 2024): {
        H1: {
            "I2-1": (
                R,
                None,
                "Modellen for akutindsatsen er ikke påbegyndt.",
                "Aktørerne er ikke enige om finansieringen.",
                "Sagen løftes til departementet i september.",
                None,
            ),
        },
        END: {
            "I2-1": (
                R,
                NOT_MET,
                "Modellen er ikke færdig.",
                "Finansieringen er fortsat uafklaret.",
                "Arbejdet fortsætter i 2025 efter aftale med departementet.",
                None,
            ),
            "I1-3": (
                Y,
                PARTLY,
                "Puljen er slået op, men kun halvdelen af midlerne er uddelt.",
                "Få ansøgere i første runde.",
                "Ny ansøgningsrunde i foråret 2025.",
                None,
            ),
        },
    },
    ("NCE", 2024): {
        H1: {
            "I1-2": (
                Y,
                None,
                "Mødet med Digitaliseringsudvalget er ikke fastlagt.",
                "Udvalgets kalender er fuld.",
                "Vi har bedt om et møde i november.",
                None,
            ),
        },
        END: {
            "K2-1": (G, MET, "Merforbruget skyldes periodisering; vi vurderer målet som opfyldt.", None, None, None),
            "I3-3": (G, MET, "NCE har deltaget i to ACT EU-aktiviteter.", None, None, 2),
        },
    },
    ("STPS", 2023): {
        H1: {
            "I2.1-1": (
                Y,
                None,
                "180 reaktive tilsyn i 1. halvår.",
                "Flere tilsyn end ventet er blevet aflyst.",
                "Planlægning af ekstra tilsyn i efteråret.",
                180,
            ),
            "I2.3-2": (G, None, "760 ubehandlede ansøgninger pr. 1. juli.", None, None, 760),
        },
        END: {
            "I2.1-1": (G, MET, "412 reaktive tilsyn i 2023.", None, None, 412),
            "I2.1-2": (
                R,
                NOT_MET,
                "57 pct. oplevede, at tilsynet bidrog til læring.",
                "Nye tilsynsførende er endnu ikke fuldt oplært.",
                "Fælles oplæring og ny tjekliste i 2024.",
                57,
            ),
            "I2.3-2": (G, MET, "760 ubehandlede ansøgninger pr. 1. juli.", None, None, 760),
        },
    },
}


def _quarters(rows: tuple[tuple[int, float, float], ...]) -> list[tuple[str, int, float]]:
    """(quarter, grundbudget, faktisk forbrug) → the STPS 2023 Nøgletal rows, in the plan's words."""
    return [
        row
        for q, budget, spending in rows
        for row in ((key_figure_base_budget(q), 2023, budget), (key_figure_spending(q), 2023, spending))
    ]


# (institution, year) → period → rows of (Nøgletal, År, Værdi). LMST's 12,3 − 7,3 is the boundary case.
KEY_FIGURES: dict[tuple[str, int], dict[str, list[tuple[str, int, float]]]] = {
    ("LMST", 2024): {
        H1: [(KEY_FIGURE_BUDGET, 2024, 7.3), (KEY_FIGURE_RESULT, 2024, 10.1)],
        END: [
            (KEY_FIGURE_BUDGET, 2024, 7.3),
            (KEY_FIGURE_RESULT, 2024, 12.3),
            *[(d, 2022, v) for d, v in zip(ALT_DIMENSIONS, (65, 70, 72), strict=True)],
            *[(d, 2024, v) for d, v in zip(ALT_DIMENSIONS, (68, 70, 71), strict=True)],
        ],
    },
    ("SSI", 2024): {
        H1: [(KEY_FIGURE_BUDGET, 2024, 0.0), (KEY_FIGURE_RESULT, 2024, -6.0)],
        END: [
            (KEY_FIGURE_BUDGET, 2024, 0.0),
            (KEY_FIGURE_RESULT, 2024, -8.4),
            *[(d, 2022, v) for d, v in zip(ALT_DIMENSIONS, (70, 68, 75), strict=True)],
            *[(d, 2024, v) for d, v in zip(ALT_DIMENSIONS, (69, 68, 74), strict=True)],
        ],
    },
    ("SST", 2024): {
        H1: [(KEY_FIGURE_BUDGET, 2024, 2.0), (KEY_FIGURE_RESULT, 2024, 3.5)],
        END: [
            (KEY_FIGURE_BUDGET, 2024, 2.0),
            (KEY_FIGURE_RESULT, 2024, 4.5),
            *[(d, 2022, v) for d, v in zip(ALT_DIMENSIONS, (66, 64, 70), strict=True)],
            *[(d, 2024, v) for d, v in zip(ALT_DIMENSIONS, (66, 67, 70), strict=True)],
        ],
    },
    ("NCE", 2024): {
        H1: [(KEY_FIGURE_BUDGET, 2024, 0.5), (KEY_FIGURE_RESULT, 2024, -1.5)],
        END: [
            (KEY_FIGURE_BUDGET, 2024, 0.5),
            (KEY_FIGURE_RESULT, 2024, -6.0),
            *[(d, 2022, v) for d, v in zip(ALT_DIMENSIONS, (72, 71, 74), strict=True)],
            *[(d, 2024, v) for d, v in zip(ALT_DIMENSIONS, (75, 73, 76), strict=True)],
        ],
    },
    # STPS 2023 measures faktisk forbrug against grundbudgettet per quarter, in pct.; the 4th quarter's
    # 39,9 against 38,0 is exactly 5 pct., the boundary case of that rule (met).
    ("STPS", 2023): {
        H1: _quarters(((1, 38.0, 37.0), (2, 38.0, 39.5))),
        END: _quarters(((1, 38.0, 37.0), (2, 38.0, 39.5), (3, 38.0, 36.8), (4, 38.0, 39.9))),
    },
}


def _headers(ws) -> dict[str, int]:
    return {cell.value: cell.column for cell in ws[1] if cell.value}


def fill_example(template: bytes, plan, period: str) -> bytes:
    """Fill a real follow-up template for `plan` with its scenario for `period`."""
    code, year = plan.institution_code, plan.year
    scenario = SCENARIOS[(code, year)].get(period, {})
    economy_goals = {g.goal_id for g in plan.goals if g.shared_key == "ØKONOMI"}
    economy = {m.measure_id for m in plan.measures if m.goal_id in economy_goals}
    wb = load_workbook(io.BytesIO(template))
    ws = wb[c.SHEET_FOLLOW_UP]
    col = _headers(ws)
    for row in range(2, ws.max_row + 1):
        measure_id = ws.cell(row, col["Målepunkt-ID"]).value
        if not measure_id:
            continue
        suffix = measure_id.removeprefix(f"{code}-{year}-")
        default_verdict = MET if period == END else None
        status, verdict, assessment, cause, action, actual = scenario.get(
            suffix, (G, default_verdict, "Forløber som planlagt.", None, None, None)
        )
        target = ws.cell(row, col["Måltal"]).value
        if actual is None and target is not None and period == END:
            # The ØKONOMI målepunkt's Resultat is the deviation itself, so it agrees with the key figures.
            actual = abs(_deviation(code, year)) if measure_id in economy else target
        ws.cell(row, col["Status"]).value = status
        ws.cell(row, col["Opfyldelse"]).value = verdict
        ws.cell(row, col["Vurdering"]).value = MARK + assessment
        ws.cell(row, col["Årsag og konsekvens"]).value = cause and MARK + cause
        ws.cell(row, col["Handling"]).value = action and MARK + action
        ws.cell(row, col["Resultat"]).value = actual
    figures = wb[c.SHEET_KEY_FIGURES]
    for r, values in enumerate(KEY_FIGURES.get((code, year), {}).get(period, []), start=2):
        for col_idx, value in enumerate(values, start=1):
            figures.cell(r, col_idx).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _deviation(code: str, year: int) -> float:
    """The year-end deviation in the plan's unit, so the ØKONOMI målepunkt's Resultat agrees with the key figures:
    mio. kr. for the 2024 plans, the largest quarterly deviation in pct. for STPS 2023."""
    figures = {name: value for name, _, value in KEY_FIGURES.get((code, year), {}).get(END, [])}
    if year == 2023:
        return round(
            max(
                abs(figures[key_figure_spending(q)] - figures[key_figure_base_budget(q)])
                / figures[key_figure_base_budget(q)]
                * 100
                for q in QUARTERS
            ),
            1,
        )
    return round(figures[KEY_FIGURE_RESULT] - figures[KEY_FIGURE_BUDGET], 1)


def build(out_dir: Path = EXAMPLES_DIR) -> list[Path]:
    conn = connect(":memory:")
    load_default_data(conn, include_examples=False)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for code, year in SCENARIOS:
        plan = queries.load_plan(conn, code, year)
        assert plan is not None, f"no plan {code} {year}"
        for period in PERIODS:
            template = write_follow_up_template(plan, period)
            path = out_dir / follow_up_file_name(code, year, period)
            path.write_bytes(fill_example(template, plan, period))
            written.append(path)
    conn.close()
    return written


if __name__ == "__main__":
    for path in build():
        print(path)
