"""Validation findings: every error or warning names where (sheet, cell/row, målepunkt) and what."""

from __future__ import annotations

import json
from dataclasses import dataclass

ERROR = "Fejl"
WARNING = "Advarsel"


@dataclass(frozen=True)
class Finding:
    """One problem in an uploaded workbook, phrased in Danish for the controller."""

    message: str
    sheet: str = ""
    cell: str = ""  # e.g. "F7", or "række 7" when a whole row is meant
    measure_id: str = ""
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def where(self) -> str:
        """Human-readable location, e.g. 'Ark Opfølgning, celle F7, målepunkt LMST-2024-I2-1'."""
        parts = []
        if self.sheet:
            parts.append(f"Ark {self.sheet}")
        if self.cell:
            parts.append(self.cell if self.cell.startswith("række") else f"celle {self.cell}")
        if self.measure_id:
            parts.append(f"målepunkt {self.measure_id}")
        return ", ".join(parts) or "Hele filen"

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _stored_size(finding: Finding) -> int:
    """Bytes the finding takes in uploads.errors_json (maalstyring/database/events.findings_json writes UTF-8 JSON)."""
    fields = (finding.severity, finding.sheet, finding.cell, finding.measure_id, finding.message)
    return len(json.dumps(fields, ensure_ascii=False).encode()) + 60  # + the five keys and braces


def bound_findings(findings: list[Finding]) -> list[Finding]:
    """The first findings within MAX_FINDINGS and MAX_FINDINGS_JSON_BYTES, each cut to a sane length, and one
    last finding that counts the rest; an error among the rest keeps the file refused."""
    from loaders.contract import MAX_FINDING_CHARS, MAX_FINDINGS, MAX_FINDINGS_JSON_BYTES, MAX_ID_CHARS

    budget = MAX_FINDINGS_JSON_BYTES - 2 * 1024  # room for the counting finding and the JSON list itself
    kept: list[Finding] = []
    size = 0
    for finding in findings:
        cut = Finding(
            _cut(finding.message, MAX_FINDING_CHARS),
            _cut(finding.sheet, 40),
            _cut(finding.cell, 20),
            _cut(finding.measure_id, MAX_ID_CHARS),
            finding.severity,
        )
        cost = _stored_size(cut)
        if len(kept) >= MAX_FINDINGS or size + cost > budget:
            break
        kept.append(cut)
        size += cost
    rest = findings[len(kept) :]
    if not rest:
        return kept
    errors = sum(1 for f in rest if f.is_error)
    warnings = len(rest) - errors
    if errors:
        also = f" og {_number(warnings)} {'advarsel' if warnings == 1 else 'advarsler'}" if warnings else ""
        message = (
            f"… og {_number(errors)} {'fejl' if errors == 1 else 'flere fejl'}{also}, som ikke vises. "
            "Ret de viste fejl, og indlæs filen igen for at se resten."
        )
        kept.append(Finding(message))
    else:
        kept.append(Finding(f"… og {_number(warnings)} flere advarsler, som ikke vises.", severity=WARNING))
    return kept


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")
