"""Validation findings: every error or warning names where (sheet, cell/row, målepunkt) and what."""

from __future__ import annotations

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
