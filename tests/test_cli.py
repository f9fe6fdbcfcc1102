"""The command line: init, import, template, export, and a clear message when the database is in use."""

import io
import subprocess
import sys

from openpyxl import load_workbook

from loaders import contract as c
from maalstyring.commands.cli import main
from tests.workbooks import cell_of, fill

REPO_ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_init_creates_database_with_the_five_plans(tmp_path, capsys):
    db = tmp_path / "ny.duckdb"
    code, out, _ = run(capsys, "--db", str(db), "init")
    assert code == 0
    assert "Ny database: 5 planer og 10 eksempelindberetninger indlæst." in out
    for line in ("LMST   2024  Lægemiddelstyrelsen", "STPS   2023  Styrelsen for Patientsikkerhed"):
        assert line in out
    code, out, _ = run(capsys, "--db", str(db), "init")  # again: nothing new is loaded
    assert code == 0 and "indlæst." not in out


def test_env_variable_chooses_the_database(tmp_path, capsys, monkeypatch):
    db = tmp_path / "fra-miljoe.duckdb"
    monkeypatch.setenv("MAALSTYRING_DB", str(db))
    code, out, _ = run(capsys, "init")
    assert code == 0 and str(db) in out and db.exists()


def test_template_then_import_round_trip(seeded_path, tmp_path, capsys):
    out_file = tmp_path / "skabelon.xlsx"
    code, out, _ = run(
        capsys, "--db", str(seeded_path), "template", "--kind", "opfølgning", "--institution", "ssi",
        "--year", "2024", "--period", "1. halvår", "--out", str(out_file),
    )  # fmt: skip
    assert code == 0 and out_file.exists()
    filled = tmp_path / "udfyldt.xlsx"
    filled.write_bytes(fill(out_file.read_bytes(), status="Gul"))
    code, out, _ = run(capsys, "--db", str(seeded_path), "import", str(filled))
    assert code == 0
    assert "udfyldt.xlsx: INDLÆST (Opfølgning SSI 2024 1. halvår)" in out


def test_import_of_a_bad_file_prints_every_error_and_fails(seeded_path, tmp_path, capsys):
    tpl = tmp_path / "t.xlsx"
    run(capsys, "--db", str(seeded_path), "template", "--kind", "opfølgning", "--institution", "LMST",
        "--year", "2024", "--period", "Årsafslutning", "--out", str(tpl))  # fmt: skip

    def breaks(wb):
        cell_of(wb, "LMST-2024-K1-1", "Status").value = "blå"
        cell_of(wb, "LMST-2024-I2-1", "Opfyldelse").value = None

    bad = tmp_path / "fejl.xlsx"
    bad.write_bytes(fill(tpl.read_bytes(), verdict="Opfyldt", edit=breaks))
    code, out, _ = run(capsys, "--db", str(seeded_path), "import", str(bad), str(tmp_path / "findes-ikke.xlsx"))
    assert code == 1
    assert "fejl.xlsx: AFVIST" in out
    assert "celle E2, målepunkt LMST-2024-K1-1: Status: 'blå' er ikke tilladt" in out
    assert "målepunkt LMST-2024-I2-1: Opfyldelse skal udfyldes ved årsafslutning" in out
    assert "findes-ikke.xlsx: AFVIST" in out


def test_plan_template_and_export(seeded_path, tmp_path, capsys):
    plan_file = tmp_path / "plan.xlsx"
    code, _, _ = run(capsys, "--db", str(seeded_path), "template", "--kind", "plan", "--institution", "NCE",
                     "--year", "2024", "--out", str(plan_file))  # fmt: skip
    assert code == 0
    wb = load_workbook(plan_file)
    titles = [r[4] for r in wb[c.SHEET_GOALS].iter_rows(min_row=2, values_only=True) if r[0]]
    assert "Styrket dialog på tværs af EU omkring dataetikken" in titles
    export = tmp_path / "alt.xlsx"
    code, _, _ = run(capsys, "--db", str(seeded_path), "export", "--out", str(export))
    assert code == 0
    wb = load_workbook(io.BytesIO(export.read_bytes()))
    assert wb.sheetnames == ["Planer", "Mål og målepunkter", "Opfølgning", "Nøgletal"]
    assert wb["Planer"].max_row == 6  # header + five plans
    assert wb["Mål og målepunkter"].max_row - 1 == 9 + 12 + 11 + 10 + 13


def test_template_for_unknown_plan_fails_clearly(seeded_path, capsys):
    code, _, err = run(capsys, "--db", str(seeded_path), "template", "--kind", "plan", "--institution", "XYZ",
                       "--year", "2030")  # fmt: skip
    assert code == 1 and "Der er ingen plan for XYZ 2030" in err


def test_database_held_by_another_process_gives_a_danish_message(seeded_path, capsys):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from maalstyring.database.storage import connect; c = connect(sys.argv[1]); "
         "print('klar', flush=True); time.sleep(60)", str(seeded_path)],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "klar"
        code, _, err = run(capsys, "--db", str(seeded_path), "init")
        assert code == 2
        assert "er i brug af et andet program" in err and "Traceback" not in err
    finally:
        holder.kill()
        holder.wait()


def test_module_entry_point_runs(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "maalstyring", "--db", str(tmp_path / "x.duckdb"), "init"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "5 plan(er)" in done.stdout


def test_cli_template_never_carries_example_data(example_path, tmp_path, capsys):
    from openpyxl import load_workbook

    for period in ("1. halvår", "Årsafslutning"):
        out_file = tmp_path / f"skabelon_{period[:2]}.xlsx"
        code, _, _ = run(
            capsys, "--db", str(example_path), "template", "--kind", "opfølgning", "--institution", "NCE",
            "--year", "2024", "--period", period, "--out", str(out_file),
        )  # fmt: skip
        assert code == 0
        wb = load_workbook(out_file)
        cells = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
        assert not [v for v in cells if isinstance(v, str) and "Eksempeldata" in v]
        assert -6.0 not in cells  # NCE's example Årets resultat
