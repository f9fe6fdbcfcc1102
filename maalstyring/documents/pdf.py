"""PDF from a .docx through LibreOffice Writer, headless and offline.

Each conversion gets its own LibreOffice profile directory: two conversions sharing the default profile
block each other (or one silently does nothing), e.g. two users pressing the button at once, or parallel tests.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from maalstyring.documents.errors import DocumentError

CONVERSION_TIMEOUT_SECONDS = 180  # a cold LibreOffice start on a busy two-core machine takes tens of seconds


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(document: bytes, target: str = "pdf", source_suffix: str = "docx") -> bytes:
    """The document converted by LibreOffice (`target` e.g. "pdf" or "docx"); DocumentError in Danish on failure."""
    soffice = soffice_path()
    if soffice is None:
        raise DocumentError(
            "PDF kan ikke laves, fordi LibreOffice ikke er installeret på serveren. Hent Word-udgaven i stedet, "
            "eller bed driften installere libreoffice-writer-nogui."
        )
    with tempfile.TemporaryDirectory(prefix="maalstyring-dokument-") as work:
        folder = Path(work)
        source = folder / f"dokument.{source_suffix}"
        source.write_bytes(document)
        out = folder / "ud"
        command = [
            soffice, f"-env:UserInstallation={(folder / 'profil').as_uri()}", "--headless", "--norestore",
            "--convert-to", target, "--outdir", str(out), str(source),
        ]  # fmt: skip
        try:
            done = subprocess.run(command, capture_output=True, timeout=CONVERSION_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired as exc:
            raise DocumentError(
                f"PDF'en blev ikke færdig inden for {CONVERSION_TIMEOUT_SECONDS} sekunder (LibreOffice svarede ikke). "
                "Prøv igen om lidt, eller hent Word-udgaven."
            ) from exc
        except OSError as exc:
            raise DocumentError(
                f"LibreOffice kunne ikke startes ({exc.strerror}). Hent Word-udgaven i stedet."
            ) from exc
        made = out / f"dokument.{target.split(':')[0]}"
        if done.returncode != 0 or not made.is_file() or made.stat().st_size == 0:
            raise DocumentError(
                "LibreOffice kunne ikke lave PDF'en"
                + (f" (fejlkode {done.returncode})" if done.returncode else "")
                + ". Hent Word-udgaven i stedet, og prøv PDF igen senere."
            )
        return made.read_bytes()
