"""Page images of the two documents for docs/img/dokumenter/: `python -m scripts.build_document_images`.

Builds a fresh database with the default data (plans and example reports), writes every Målrapportering (LMST,
NCE, SSI, SST 2024; STPS 2023) and the leadership packs (Årsafslutning 2024 and 2023, 1. halvår 2024) as PDF
through Typst, and renders each page with pdftoppm.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from maalstyring.database.storage import connect
from maalstyring.documents import ledelse, maalrapportering, pdf
from maalstyring.workbooks.defaults import load_default_data
from vocabulary.terms import Period

OUT = Path(__file__).resolve().parent.parent / "docs" / "img" / "dokumenter"
RESOLUTION = 70  # dpi: readable in the README, small in the repository


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as work:
        conn = connect(Path(work) / "dokumenter.duckdb")
        load_default_data(conn)
        documents = {
            f"maalrapportering-{code}-{year}": maalrapportering.build(conn, code, year)
            for code, year in (("LMST", 2024), ("NCE", 2024), ("SSI", 2024), ("SST", 2024), ("STPS", 2023))
        }
        documents["ledelse-2024-aarsafslutning"] = ledelse.build(conn, 2024, Period.YEAR_END)
        documents["ledelse-2024-1-halvaar"] = ledelse.build(conn, 2024, Period.H1)
        documents["ledelse-2023-aarsafslutning"] = ledelse.build(conn, 2023, Period.YEAR_END)
        conn.close()
        for name, document in documents.items():
            source = Path(work) / f"{name}.pdf"
            source.write_bytes(pdf.render(document))
            subprocess.run(["pdftoppm", "-r", str(RESOLUTION), "-png", str(source), str(OUT / name)], check=True)
    for image in sorted(OUT.glob("*.png")):
        print(image.relative_to(OUT.parent.parent.parent))


if __name__ == "__main__":
    main()
