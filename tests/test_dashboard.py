"""Read models of the leadership pages, on the bundled plans and the example follow-ups (and on tiny reports)."""

import pandas as pd
import pytest

from loaders.export import write_annual_report, write_filtered_view
from maalstyring.reading import comparisons, goal_table, over_time, plan_rows, reporting_status, selection
from maalstyring.reading.selection import Filters
from maalstyring.workbooks.ingest import import_workbook
from tests.workbooks import cell_of, fill, follow_up_template
from vocabulary import wording
from vocabulary.terms import GoalKind, Period, Status, Verdict

pytestmark = pytest.mark.both_engines  # each test once on DuckDB, once on PostgreSQL

END, H1 = Period.YEAR_END, Period.H1


def test_goal_rows_roll_up_and_explain(example_conn):
    goals = goal_table.goal_rows(example_conn, Filters(2024, END))
    lmst = goals[goals["goal_id"] == "LMST-2024-I1"].iloc[0]
    assert lmst["status"] == Status.YELLOW
    assert lmst["verdict"] == Verdict.PARTLY
    assert "målepunkt 1 er gul" in lmst["explanation"]
    assert lmst["causes"].startswith("Målepunkt 1: Eksempeldata:")
    ssi_ki = goals[goals["goal_id"] == "SSI-2024-K1"].iloc[0]
    assert ssi_ki["status"] == Status.RED  # two green checkpoints and one red: the worst wins
    assert ssi_ki["verdict"] == Verdict.PARTLY
    assert bool(goals["is_example"].all())


def test_filters_narrow_institution_kind_and_status(example_conn):
    only_ssi = goal_table.goal_rows(example_conn, Filters(2024, END, ("SSI",)))
    assert set(only_ssi["institution_code"]) == {"SSI"}
    shared = goal_table.goal_rows(example_conn, Filters(2024, END, goal_kind=GoalKind.SHARED))
    assert set(shared["kind"]) == {GoalKind.SHARED}
    assert set(shared["shared_key"]) == {"KI", "ØKONOMI", "ALT"}
    red = goal_table.goal_rows(example_conn, Filters(2024, END, statuses=(Status.RED,)))
    assert set(red["status"]) == {Status.RED}
    assert {"SSI-2024-K1", "SSI-2024-K2", "SSI-2024-K3", "SST-2024-I2"} <= set(red["goal_id"])


def test_goals_without_report_count_as_not_reported(seeded_conn):
    goals = goal_table.goal_rows(seeded_conn, Filters(2024, H1))
    assert goals["status"].isna().all()
    assert goal_table.status_counts(goals)[wording.NOT_REPORTED] == len(goals)
    assert goal_table.reports_received(seeded_conn, Filters(2024, H1)) == (0, 4)


def test_one_report_through_the_import_path(seeded_conn):
    def red_measure(wb):
        cell_of(wb, "LMST-2024-I2-1", "Status").value = "Rød"
        cell_of(wb, "LMST-2024-I2-1", "Årsag og konsekvens").value = "For få sagsbehandlere."
        cell_of(wb, "LMST-2024-I2-1", "Handling").value = "Nye ansættelser."

    data = fill(follow_up_template(seeded_conn), edit=red_measure)
    assert import_workbook(seeded_conn, data, "lmst.xlsx", "test").accepted
    goals = goal_table.goal_rows(seeded_conn, Filters(2024, H1))
    assert goal_table.reports_received(seeded_conn, Filters(2024, H1)) == (1, 4)
    goal = goals[goals["goal_id"] == "LMST-2024-I2"].iloc[0]
    assert goal["status"] == Status.RED
    assert goal["causes"] == "Målepunkt 1: For få sagsbehandlere."
    assert not goal["is_example"]


def test_economy_comparison_uses_the_plans_band_and_flags_disagreement(example_conn):
    economy = comparisons.economy_comparison(example_conn, Filters(2024, END)).set_index("institution_code")
    assert economy.loc["LMST", "deviation"] == 12.3 - 7.3
    assert economy.loc["LMST", "computed_verdict"] == Verdict.MET  # exactly 5,0 mio. kr. is met
    assert economy.loc["LMST", "limit"] == 5.0 and economy.loc["LMST", "unit"] == "mio. kr."
    assert economy.loc["SSI", "computed_verdict"] == Verdict.NOT_MET
    assert economy.loc["NCE", "computed_verdict"] == Verdict.NOT_MET
    assert economy.loc["NCE", "reported_verdict"] == Verdict.MET
    assert bool(economy.loc["NCE", "disagrees"]) and not bool(economy.loc["LMST", "disagrees"])


def test_economy_2023_is_spending_against_base_budget_per_quarter(example_conn):
    economy = comparisons.economy_comparison(example_conn, Filters(2023, END))
    row = economy.iloc[0]
    assert row["unit"] == "pct." and row["basis"] == "forbrug" and row["computed_verdict"] == Verdict.MET
    assert len(row["quarters"]) == 4
    assert round(row["deviation"], 1) == 5.0  # the largest quarter: 39,9 against 38,0, exactly at the limit
    h1 = comparisons.economy_comparison(example_conn, Filters(2023, H1)).iloc[0]
    assert [q.quarter for q in h1["quarters"]] == [1, 2]


def _band(conn, limit: str, target: float) -> None:
    conn.execute(
        "UPDATE measures SET text = replace(text, '5,0 mio. kr.', ? || ' mio. kr.'), target = ? "
        "WHERE measure_id = 'SST-2024-K2-1'",
        [limit, target],
    )


def test_economy_band_follows_a_changed_plan(example_conn):
    # Next year's plan may say ±3,0 mio. kr.: the rule must follow the stored plan's text, not a constant.
    _band(example_conn, "3,0", 3.0)
    economy = comparisons.economy_comparison(example_conn, Filters(2024, END)).set_index("institution_code")
    assert economy.loc["SST", "computed_verdict"] == Verdict.MET  # 2,5 ≤ 3,0
    assert "±3,0 mio. kr." in economy.loc["SST", "rule_note"]
    example_conn.execute("UPDATE measures SET text = replace(text, '3,0', '2,0'), target = 2.0 "
                         "WHERE measure_id = 'SST-2024-K2-1'")  # fmt: skip
    economy = comparisons.economy_comparison(example_conn, Filters(2024, END)).set_index("institution_code")
    assert economy.loc["SST", "computed_verdict"] == Verdict.NOT_MET


def test_a_plan_whose_text_and_maaltal_disagree_is_not_computed_and_says_why(example_conn):
    example_conn.execute("UPDATE measures SET target = 3.0 WHERE measure_id = 'SST-2024-K2-1'")
    goals = goal_table.goal_rows(example_conn, Filters(2024, END)).set_index("goal_id")
    assert pd.isna(goals.loc["SST-2024-K2", "computed_verdict"])
    assert goals.loc["SST-2024-K2", "rule_note"].startswith("Kan ikke beregnes: Målepunktets tekst siger 5,0 mio. kr.")


def test_alt_comparison_per_dimension(example_conn):
    dims, verdicts = comparisons.alt_comparison(example_conn, Filters(2024, END))
    verdicts = verdicts.set_index("institution_code")
    assert verdicts.loc["LMST", "computed_verdict"] == Verdict.MET
    assert verdicts.loc["SSI", "computed_verdict"] == Verdict.NOT_MET
    assert (verdicts["baseline_year"] == 2022).all() and (verdicts["year"] == 2024).all()
    lmst = dims[dims["institution_code"] == "LMST"].set_index("dimension")
    assert lmst.loc["Tillid til ledelsen", "before"] == 65 and lmst.loc["Tillid til ledelsen", "after"] == 68
    assert bool(lmst.loc["Tillid til ledelsen", "improved"])
    # At 1. halvår the 2024 survey is not in yet: the year-end figures are used where they exist.
    _, h1 = comparisons.alt_comparison(example_conn, Filters(2024, H1))
    assert set(h1["computed_verdict"].dropna()) <= {Verdict.MET, Verdict.NOT_MET}


def test_ki_checkpoints_matrix(example_conn):
    ki = comparisons.shared_goal_measures(example_conn, Filters(2024, END), "KI")
    assert len(ki) == 4 * 3
    assert ki[(ki["institution_code"] == "SSI") & (ki["measure_nr"] == "3")]["status"].iloc[0] == Status.RED


def test_fulfilment_over_time_is_aggregated_per_period(example_conn):
    series = over_time.fulfilment_over_time(example_conn, Filters())
    assert set(zip(series["year"], series["period"], strict=True)) == {(2023, H1), (2023, END), (2024, H1), (2024, END)}
    lmst_end = series[(series["institution_code"] == "LMST") & (series["period"] == END)].iloc[0]
    assert lmst_end["measures"] == 9 and lmst_end["judged"] == 9
    assert lmst_end["green"] + lmst_end["yellow"] + lmst_end["red"] == 9
    total = over_time.koncern_over_time(series)
    koncern_2024 = total[(total["year"] == 2024) & (total["period"] == END)].iloc[0]
    assert koncern_2024["measures"] == series[(series["year"] == 2024) & (series["period"] == END)]["measures"].sum()


def test_report_receipts(seeded_conn):
    receipts = reporting_status.report_receipts(seeded_conn, Filters(2024))
    assert len(receipts) == 4 * 2
    assert set(receipts["receipt"]) == {wording.RECEIPT_MISSING}
    bad = fill(follow_up_template(seeded_conn), edit=lambda wb: setattr(cell_of(wb, "LMST-2024-I2-1", "Status"),
                                                                          "value", "Lilla"))  # fmt: skip
    assert not import_workbook(seeded_conn, bad, "lmst.xlsx", "controller@lmst").accepted
    good = fill(follow_up_template(seeded_conn, "SSI"))
    assert import_workbook(seeded_conn, good, "ssi.xlsx", "controller@ssi").accepted
    receipts = reporting_status.report_receipts(seeded_conn, Filters(2024)).set_index(["institution_code", "period"])
    assert receipts.loc[("LMST", H1), "receipt"] == wording.RECEIPT_REJECTED
    assert receipts.loc[("LMST", H1), "latest_outcome"] == "afvist"
    assert receipts.loc[("SSI", H1), "receipt"] == wording.RECEIPT_ACCEPTED
    assert receipts.loc[("SSI", H1), "accepted_by"] == "controller@ssi"
    assert receipts.loc[("SST", END), "receipt"] == wording.RECEIPT_MISSING


def test_annual_report_explains_goals_not_met(example_conn):
    table = reporting_status.annual_report_table(example_conn, Filters(2024))
    ssi_economy = table[table["goal_id"] == "SSI-2024-K2"].iloc[0]
    assert ssi_economy["verdict"] == Verdict.NOT_MET
    assert "Lavere salg af vacciner" in ssi_economy["explanation_for_report"]
    assert "Handling:" in ssi_economy["explanation_for_report"]
    met = table[table["verdict"] == Verdict.MET]
    assert (met["explanation_for_report"] == "").all()


def test_exports_write_user_text_as_text(example_conn):
    from io import BytesIO

    from openpyxl import load_workbook

    goals = goal_table.goal_rows(example_conn, Filters(2024, END))
    goals.loc[0, "causes"] = '=HYPERLINK("http://x")'
    measures = plan_rows.measure_rows(example_conn, Filters(2024, END))
    wb = load_workbook(BytesIO(write_filtered_view(Filters(2024, END).describe(), goals, measures)))
    assert wb.sheetnames == ["Filtre", "Mål", "Målepunkter"]
    header = [cell.value for cell in wb["Mål"][1]]
    cause = wb["Mål"].cell(2, header.index("Årsag og konsekvens") + 1)
    assert cause.value == '=HYPERLINK("http://x")' and cause.data_type == "s"
    assert wb["Filtre"]["B2"].value == "2024"
    annual = load_workbook(
        BytesIO(write_annual_report(reporting_status.annual_report_table(example_conn, Filters(2024))))
    )
    header = [cell.value for cell in annual["Årsrapport"][1]]
    assert header[:8] == ["Institution", "År", "Nr.", "Mål", "Måltype", "Indberettet opfyldelse",
                          "Beregnet opfyldelse (planens regel)", "Uenighed"]  # fmt: skip


def test_empty_database_gives_empty_frames(conn):
    assert selection.plan_years(conn) == []
    assert goal_table.goal_rows(conn, Filters()).empty
    assert reporting_status.report_receipts(conn, Filters()).empty
    assert over_time.fulfilment_over_time(conn, Filters()).empty
    assert over_time.koncern_over_time(pd.DataFrame()).empty
