"""Who gets an institution's reminders: its controllers' e-mail addresses in the roles file, plus extra addresses.

The extra addresses sit in the same roles file, under a table of their own:

    [paamindelse_modtagere]
    SSI = ["oekonomi@ssi.dk"]

A role given to a group has no address, so an institution whose controllers all come through a group has no
one to remind; the board says so. Kept apart from maalstyring.roles.access (which decides who may do what) so that
reading addresses never changes how roles are matched.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from maalstyring.roles import access

EXTRA_RECIPIENTS_KEY = "paamindelse_modtagere"

# One address, no spaces or line breaks: an address goes into a mail header, where a line break would let a
# roles-file entry add headers of its own.
_ADDRESS = re.compile(r"[^@\s,;<>\"']+@[^@\s,;<>\"']+\.[^@\s,;<>\"']+")


def is_address(text: str) -> bool:
    return bool(_ADDRESS.fullmatch(text))


def reminder_recipients(path: Path | None = None) -> dict[str, list[str]]:
    """Institution code → sorted, lower-case addresses. Raises access.RolesConfigError with a Danish message."""
    path = path or access.roles_file()
    config = access.load_roles(path)
    found: dict[str, set[str]] = {}
    for grant in config.grants:
        if grant.role != access.CONTROLLER or not grant.email:
            continue
        address = str(grant.email).strip().casefold()
        if not is_address(address):
            raise access.RolesConfigError(f"Rollefilen {path}: '{grant.email}' er ikke en gyldig e-mailadresse.")
        for code in grant.institutions:
            found.setdefault(code, set()).add(address)
    for code, addresses in _extra_recipients(path).items():
        found.setdefault(code, set()).update(addresses)
    return {code: sorted(addresses) for code, addresses in found.items()}


def _extra_recipients(path: Path) -> dict[str, set[str]]:
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))  # load_roles has already read it without error
    table = data.get(EXTRA_RECIPIENTS_KEY, {})
    if not isinstance(table, dict):
        raise access.RolesConfigError(
            f"Rollefilen {path}: [{EXTRA_RECIPIENTS_KEY}] skal være en tabel med institutionskoder, "
            'fx SSI = ["oekonomi@ssi.dk"].'
        )
    extra: dict[str, set[str]] = {}
    for code, addresses in table.items():
        if isinstance(addresses, str):
            addresses = [addresses]
        if not isinstance(addresses, list):
            raise access.RolesConfigError(
                f"Rollefilen {path}, [{EXTRA_RECIPIENTS_KEY}] {code}: angiv en liste af e-mailadresser."
            )
        for address in addresses:
            cleaned = str(address).strip().casefold()
            if not is_address(cleaned):
                raise access.RolesConfigError(
                    f"Rollefilen {path}, [{EXTRA_RECIPIENTS_KEY}] {code}: '{address}' er ikke en gyldig e-mailadresse."
                )
            extra.setdefault(str(code).strip().upper(), set()).add(cleaned)
    return extra
