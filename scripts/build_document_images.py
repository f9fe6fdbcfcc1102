"""Page images of the two documents for docs/img/dokumenter/: `python -m scripts.build_document_images`.

Builds a fresh database with the default data (plans and example reports), writes the SSI Målrapportering and
the leadership pack for Årsafslutning 2024 as PDF through LibreOffice, and renders each page with pdftoppm.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from maalstyring.defaults import load_default_data
from maalstyring.documents import ledelse, maalrapportering, pdf
from maalstyring.storage import connect
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
            "maalrapportering-SSI-2024": maalrapportering.build(conn, "SSI", 2024),
            "ledelse-2024-aarsafslutning": ledelse.build(conn, 2024, Period.YEAR_END),
        }
        conn.close()
        for name, docx in documents.items():
            source = Path(work) / f"{name}.pdf"
            source.write_bytes(pdf.convert(docx))
            subprocess.run(["pdftoppm", "-r", str(RESOLUTION), "-png", str(source), str(OUT / name)], check=True)
    for image in sorted(OUT.glob("*.png")):
        print(image.relative_to(OUT.parent.parent.parent))


if __name__ == "__main__":
    main()
