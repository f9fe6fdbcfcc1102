"""Issue #27, point 4: at upload the controller sees, per målepunkt, where the plan's rule gives another
verdict than the file (a warning, not a refusal), with the rule and the figures; `export` carries the computed
verdict and a disagreement column."""

from __future__ import annotations

from openpyxl import load_workbook

from maalstyring.commands.cli import main
from maalstyring.database.storage import REPO_ROOT
from maalstyring.workbooks.ingest import validate_workbook
from maalstyring.workbooks.preview import preview_changes
from vocabulary.terms import Verdict
from vocabulary.wording import VERDICT_MISMATCH

EXAMPLES = REPO_ROOT / "data" / "examples"


def _preview(conn, name: str):
    read = validate_workbook(conn, (EXAMPLES / name).read_bytes(), name)
    assert read.ok
    return preview_changes(conn, read)


def test_preview_names_each_measure_whose_verdict_the_plan_rule_contradicts(seeded_conn):
    """NCE reports its economy "Opfyldt" with a deviation of 6,5 mio. kr. against the plan's ±5,0."""
    preview = _preview(seeded_conn, "MRP_opfoelgning_NCE_2024_aarsafslutning.xlsx")
    found = {d.measure_id: d for d in preview.disagreements}
    economy = found["NCE-2024-K2-1"]
    assert (economy.reported, economy.computed) == (Verdict.MET, Verdict.NOT_MET)
    assert "5,0 mio. kr." in economy.rule
    assert "afvigelse −6,5 mio. kr." in economy.figures or "afvigelse -6,5 mio. kr." in economy.figures
    assert set(found) == {"NCE-2024-K2-1"}  # the other målepunkter agree with their rules


def test_preview_flags_partly_against_a_target_not_met(seeded_conn):
    """LMST writes "Delvist opfyldt" for 3.500 of at least 3.700 sager: the target gives "Ikke opfyldt"."""
    preview = _preview(seeded_conn, "MRP_opfoelgning_LMST_2024_aarsafslutning.xlsx")
    cases = next(d for d in preview.disagreements if d.measure_id == "LMST-2024-I1-1")
    assert (cases.reported, cases.computed) == (Verdict.PARTLY, Verdict.NOT_MET)
    assert "3.500" in cases.figures and "mindst 3.700 sager" in cases.figures


def test_cli_import_warns_but_stores(seeded_path, capsys):
    code = main(["--db", str(seeded_path), "import", str(EXAMPLES / "MRP_opfoelgning_NCE_2024_aarsafslutning.xlsx")])
    out = capsys.readouterr().out
    assert code == 0  # a warning, not a refusal
    assert "Advarsel: Mål 2: Økonomisk styring, målepunkt NCE-2024-K2-1: filen siger Opfyldt" in out
    assert "planens regel giver Ikke opfyldt" in out


def test_export_has_computed_verdict_and_disagreement(example_path, tmp_path, capsys):
    out = tmp_path / "eksport.xlsx"
    assert main(["--db", str(example_path), "export", "--out", str(out)]) == 0
    sheet = load_workbook(out)["Opfølgning"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    computed, mismatch = header.index("Beregnet opfyldelse"), header.index("Uenighed")
    measure, period, verdict = header.index("Målepunkt-ID"), header.index("Periode"), header.index("Opfyldelse")
    by_row = {(r[measure], r[period]): r for r in rows[1:]}
    nce = by_row[("NCE-2024-K2-1", "Årsafslutning")]
    assert (nce[verdict], nce[computed], nce[mismatch]) == (Verdict.MET, Verdict.NOT_MET, VERDICT_MISMATCH)
    sst = by_row[("SST-2024-K2-1", "Årsafslutning")]
    assert (sst[computed], sst[mismatch]) == (Verdict.MET, None)
