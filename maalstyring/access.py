"""Who may do what: roles from a config file, matched by e-mail or by a claim such as `groups`.

Roles (Danish names, as in the config file):
    leder           sees everything, changes nothing
    controller      for named institutions: downloads templates and uploads reports for those only
    koncernøkonomi  all institutions: uploads, approves and locks periods, removes example data
    admin           everything

Without `[auth]` in .streamlit/secrets.toml the app runs in local mode, where everything is allowed.
Every write path calls these checks on the server side; hiding a page is a convenience, not the control.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from maalstyring.storage import REPO_ROOT

ROLES_ENV_VAR = "MAALSTYRING_ROLLER"
DEFAULT_ROLES_FILE = REPO_ROOT / "roller.toml"

LEADER = "leder"
CONTROLLER = "controller"
FINANCE = "koncernøkonomi"
ADMIN = "admin"
ROLES = (LEADER, CONTROLLER, FINANCE, ADMIN)
ALL_INSTITUTIONS = "*"


class RolesConfigError(ValueError):
    """The roles file cannot be used; the message says where and what, in Danish."""


@dataclass(frozen=True)
class Grant:
    role: str
    institutions: frozenset[str] = frozenset()
    email: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class User:
    """The person behind a session, with what the roles file grants them."""

    email: str
    name: str = ""
    roles: frozenset[str] = frozenset()
    institutions: frozenset[str] = frozenset()  # for controllers; ALL_INSTITUTIONS for koncernøkonomi/admin
    local_mode: bool = False

    @property
    def label(self) -> str:
        return self.name or self.email

    @property
    def has_role(self) -> bool:
        return self.local_mode or bool(self.roles)


@dataclass
class RolesConfig:
    grants: list[Grant] = field(default_factory=list)
    group_claim: str = "groups"

    def user_for(self, email: str, name: str = "", claims: dict | None = None) -> User:
        claims = claims or {}
        groups = claims.get(self.group_claim) or []
        if isinstance(groups, str):
            groups = [groups]
        wanted_email = email.strip().casefold()
        roles: set[str] = set()
        institutions: set[str] = set()
        for grant in self.grants:
            if (grant.email and grant.email.casefold() == wanted_email) or (grant.group and grant.group in groups):
                roles.add(grant.role)
                if grant.role in (FINANCE, ADMIN):
                    institutions.add(ALL_INSTITUTIONS)
                institutions |= grant.institutions
        return User(email=email, name=name, roles=frozenset(roles), institutions=frozenset(institutions))


def local_user() -> User:
    return User(email="lokal bruger", name="Lokal bruger", roles=frozenset(ROLES), local_mode=True,
                institutions=frozenset({ALL_INSTITUTIONS}))  # fmt: skip


def roles_file() -> Path:
    from_env = os.environ.get(ROLES_ENV_VAR)
    return Path(from_env) if from_env else DEFAULT_ROLES_FILE


def load_roles(path: Path | None = None) -> RolesConfig:
    """Read the roles file (TOML). A missing file means nobody has a role."""
    path = path or roles_file()
    if not path.exists():
        return RolesConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RolesConfigError(f"Rollefilen {path} kan ikke læses: {exc}") from exc
    config = RolesConfig(group_claim=str(data.get("gruppe_claim", "groups")))
    for n, entry in enumerate(data.get("rolle", []), start=1):
        role = str(entry.get("rolle", "")).strip().casefold()
        if role not in ROLES:
            raise RolesConfigError(
                f"Rollefilen {path}, rolle nr. {n}: '{role}' kendes ikke. Tilladt: {', '.join(ROLES)}."
            )
        email, group = entry.get("email"), entry.get("gruppe")
        if not email and not group:
            raise RolesConfigError(f"Rollefilen {path}, rolle nr. {n}: angiv 'email' eller 'gruppe'.")
        institutions = frozenset(str(code).strip().upper() for code in entry.get("institutioner", []))
        if role == CONTROLLER and not institutions:
            raise RolesConfigError(f"Rollefilen {path}, rolle nr. {n}: en controller skal have 'institutioner'.")
        config.grants.append(Grant(role, institutions, email, group))
    return config


# --- What a user may do (checked again on every write) ------------------------------------------------


def can_view(user: User) -> bool:
    return user.has_role


def can_upload(user: User, institution_code: str | None) -> bool:
    """Controllers for their own institutions; koncernøkonomi and admin for all."""
    if user.local_mode:
        return True
    if not user.roles & {CONTROLLER, FINANCE, ADMIN}:
        return False
    return ALL_INSTITUTIONS in user.institutions or (institution_code or "").upper() in user.institutions


def can_upload_anything(user: User) -> bool:
    return user.local_mode or bool(user.roles & {CONTROLLER, FINANCE, ADMIN})


def can_approve(user: User) -> bool:
    """Approve reports, lock and reopen periods, remove example data."""
    return user.local_mode or bool(user.roles & {FINANCE, ADMIN})


def uploadable_institutions(user: User, all_codes: list[str]) -> list[str]:
    return [code for code in all_codes if can_upload(user, code)]


def upload_refusal(user: User, kind: str | None, institution_code: str | None) -> str | None:
    """Why `user` may not send this workbook (Danish), or None when they may.

    Follow-ups: controllers for their own institutions, koncernøkonomi and admin for all. Plans are agreed
    between director and permanent secretary and are loaded by koncernøkonomi or admin.
    """
    if user.local_mode:
        return None
    if kind == "Plan" and not can_approve(user):
        return "Kun Koncernøkonomi og administratorer kan indlæse mål- og resultatplaner."
    if not can_upload(user, institution_code):
        own = sorted(code for code in user.institutions if code != ALL_INSTITUTIONS)
        allowed = f"Du kan indberette for: {', '.join(own)}." if own else "Du har ikke adgang til at indberette."
        return f"Du har ikke adgang til at indberette for {institution_code or 'denne institution'}. {allowed}"
    return None
