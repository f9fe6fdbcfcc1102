"""The command line's own parsing: global options on either side of the command, exit codes as docs/DRIFT.md says,
and argparse's usage, help and errors in Danish (maalstyring/commands/cli_parser.py)."""

from __future__ import annotations

import getpass

import pytest

from maalstyring.commands.cli import main
from maalstyring.commands.cli_parser import USAGE_ERROR, danish
from maalstyring.database.storage import connect
from tests.cli_run import run_cli
from tests.workbooks import fill, follow_up_template

cli = run_cli


@pytest.mark.parametrize("before", [True, False])
def test_db_works_before_and_after_the_command(tmp_path, capsys, before):
    db = tmp_path / "ny.duckdb"
    args = ["--db", str(db), "init"] if before else ["init", "--db", str(db)]
    assert main(args) == 0
    assert db.exists() and str(db) in capsys.readouterr().out


def test_bruger_before_the_command_is_recorded(seeded_path, tmp_path, capsys):
    conn = connect(seeded_path)
    workbook = tmp_path / "a.xlsx"
    workbook.write_bytes(fill(follow_up_template(conn)))
    conn.close()
    assert main(["--bruger", "karen@ism.dk", "import", str(workbook), "--db", str(seeded_path)]) == 0
    capsys.readouterr()
    conn = connect(seeded_path)
    who = conn.execute("SELECT uploaded_by FROM uploads WHERE file_name = 'a.xlsx'").fetchone()[0]
    conn.close()
    assert who == f"karen@ism.dk (angivet; OS-bruger: {getpass.getuser()})"


def test_an_option_given_both_places_takes_the_one_after_the_command(tmp_path, capsys):
    before, after = tmp_path / "foer.duckdb", tmp_path / "efter.duckdb"
    assert main(["--db", str(before), "init", "--db", str(after)]) == 0
    assert after.exists() and not before.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Fejl: mangler KOMMANDO"),
        (["export"], "Fejl: mangler --out"),
        (["import"], "Fejl: mangler FIL"),
        (["init", "--bogus"], "Fejl: ukendte argumenter: --bogus"),
        (["hvad"], "Fejl: KOMMANDO: ugyldigt valg 'hvad' (vælg 'init', 'import'"),
        (["template", "--kind", "x"], "Fejl: --kind: ugyldigt valg 'x' (vælg 'opfølgning', 'plan')"),
        (["frist", "--year", "i år"], "Fejl: --year: 'i år' er ikke et heltal"),
        (["template", "--kind", "plan", "--institution", "LMST", "--year", "2025", "--blank", "--from-year", "2024"],
         "Fejl: --from-year: kan ikke bruges sammen med --blank"),
        (["paamind", "--year"], "Fejl: --year: kræver en værdi"),
    ],
)  # fmt: skip
def test_a_wrong_command_line_is_explained_in_danish_with_its_own_exit_code(args, message):
    done = cli(*args)
    assert done.returncode == USAGE_ERROR == 3  # not 2: that is "the database is in use" (docs/DRIFT.md)
    assert done.stderr.startswith("Brug: python -m maalstyring")
    assert message in done.stderr, done.stderr
    for english in ("usage:", "error:", "required", "unrecognized", "invalid", "choose from", "expected"):
        assert english not in done.stderr


def test_help_is_danish_and_documents_the_exit_codes():
    done = cli("--help")
    assert done.returncode == 0
    assert done.stdout.startswith("Brug: python -m maalstyring")
    assert "tilvalg:" in done.stdout and "Vis denne hjælp." in done.stdout
    assert "Slutkoder: 0 udført, 1 kommandoen mislykkedes" in done.stdout
    for english in ("usage:", "options:", "positional arguments", "show this help message"):
        assert english not in done.stdout
    template_help = cli("template", "--help").stdout
    assert "--db FIL" in template_help and "--bruger NAVN" in template_help  # global options listed after, too


def test_a_file_that_cannot_be_written_is_a_danish_line_and_exit_code_1(tmp_path):
    done = cli("export", "--out", str(tmp_path / "findes-ikke" / "alt.xlsx"), "--db", str(tmp_path / "m.duckdb"))
    assert done.returncode == 1
    assert "findes-ikke/alt.xlsx: filen eller mappen findes ikke." in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_messages_pass_through_unchanged():
    assert danish("noget helt andet") == "noget helt andet"
