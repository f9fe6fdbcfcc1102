"""Who may do what: roles from a config file, matched on what the login provider vouches for.

A user is identified by one claim from the provider's signed ID token, chosen in the roles file:
`[identitet] claim = "email"` (the default) matches `email = …` grants only when the token also says
`email_verified = true`, since an unverified address is just text the user typed at some provider;
`claim = "sub"` or `"oid"` (Microsoft Entra) matches `id = …` grants on that claim. Group grants match the
group claim (`gruppe_claim`, default `groups`), which the provider also issues.

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
    subject: str | None = None  # the value of the identity claim, e.g. an Entra object id


@dataclass(frozen=True)
class User:
    """The person behind a session, with what the roles file grants them."""

    email: str
    name: str = ""
    roles: frozenset[str] = frozenset()
    institutions: frozenset[str] = frozenset()  # for controllers; ALL_INSTITUTIONS for koncernøkonomi/admin
    local_mode: bool = False
    subject: str = ""  # the identity claim's value (`sub` when the identity is the e-mail; "" in local mode)
    email_verified: bool = True  # False only when the provider said so or did not say

    @property
    def label(self) -> str:
        return self.name or self.email

    @property
    def actor(self) -> str:
        """Who this user is in the archive and the audit trail (uploaded_by, committed_by, events).

        The e-mail when the provider vouches for it; otherwise the e-mail marked as unverified, with the
        identity claim, so two subjects with the same typed address are never recorded as one person."""
        if self.email and self.email_verified:
            return self.email
        if self.email:
            return f"{self.email} (e-mail ikke bekræftet, id {self.subject or 'ukendt'})"
        return self.subject or self.name or "ukendt bruger"

    @property
    def has_role(self) -> bool:
        return self.local_mode or bool(self.roles)


EMAIL_CLAIM = "email"


def email_is_verified(claims: dict) -> bool:
    """True only when the provider states it: `email_verified` true (some providers send the string)."""
    flag = claims.get("email_verified")
    return flag is True or (isinstance(flag, str) and flag.strip().casefold() == "true")


@dataclass
class RolesConfig:
    grants: list[Grant] = field(default_factory=list)
    group_claim: str = "groups"
    identity_claim: str = EMAIL_CLAIM

    def user_for(self, email: str, name: str = "", claims: dict | None = None) -> User:
        """The roles of the person behind `claims` (the provider's ID token claims, as st.user gives them).

        An `email` grant matches only a verified e-mail; an `id` grant only the configured identity claim;
        a `gruppe` grant the group claim. Without claims nothing is vouched for, and no grant matches.
        """
        claims = claims or {}
        groups = claims.get(self.group_claim) or []
        if isinstance(groups, str):
            groups = [groups]
        verified = email_is_verified(claims)
        wanted_email = email.strip().casefold() if verified else None
        # With e-mail as the identity, the provider's `sub` still tells two people with one address apart.
        subject_claim = "sub" if self.identity_claim == EMAIL_CLAIM else self.identity_claim
        subject = str(claims.get(subject_claim) or "")
        roles: set[str] = set()
        institutions: set[str] = set()
        for grant in self.grants:
            if (
                (grant.email and wanted_email and grant.email.strip().casefold() == wanted_email)
                or (grant.subject and subject and self.identity_claim != EMAIL_CLAIM and grant.subject == subject)
                or (grant.group and grant.group in groups)
            ):
                roles.add(grant.role)
                if grant.role in (FINANCE, ADMIN):
                    institutions.add(ALL_INSTITUTIONS)
                institutions |= grant.institutions
        return User(
            email=email, name=name, roles=frozenset(roles), institutions=frozenset(institutions),
            subject=subject, email_verified=verified,
        )  # fmt: skip


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
    identity = data.get("identitet", {})
    claim = str(identity.get("claim", EMAIL_CLAIM)).strip() if isinstance(identity, dict) else ""
    if not claim:
        raise RolesConfigError(f'Rollefilen {path}, [identitet]: angiv claim, fx claim = "email" eller "oid".')
    config = RolesConfig(group_claim=str(data.get("gruppe_claim", "groups")), identity_claim=claim)
    for n, entry in enumerate(data.get("rolle", []), start=1):
        role = str(entry.get("rolle", "")).strip().casefold()
        if role not in ROLES:
            raise RolesConfigError(
                f"Rollefilen {path}, rolle nr. {n}: '{role}' kendes ikke. Tilladt: {', '.join(ROLES)}."
            )
        email, group, subject = entry.get("email"), entry.get("gruppe"), entry.get("id")
        if not email and not group and not subject:
            raise RolesConfigError(f"Rollefilen {path}, rolle nr. {n}: angiv 'email', 'id' eller 'gruppe'.")
        if subject and claim == EMAIL_CLAIM:
            raise RolesConfigError(
                f"Rollefilen {path}, rolle nr. {n}: 'id' kræver et andet claim end e-mail under [identitet], "
                'fx claim = "oid" eller "sub".'
            )
        institutions = frozenset(str(code).strip().upper() for code in entry.get("institutioner", []))
        if role == CONTROLLER and not institutions:
            raise RolesConfigError(f"Rollefilen {path}, rolle nr. {n}: en controller skal have 'institutioner'.")
        config.grants.append(Grant(role, institutions, email, group, str(subject) if subject else None))
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


def sees_every_upload(user: User) -> bool:
    """Leder, Koncernøkonomi and admin see every received file and who sent it; controllers do not."""
    return user.local_mode or bool(user.roles & {LEADER, FINANCE, ADMIN})


def upload_scope(user: User) -> tuple[bool, list[str], str]:
    """What of the archive `user` may see, as query parameters: (everything?, own institutions, own actor).

    A controller sees the files of their own institutions, and the files they sent themselves that belong to
    no institution (unreadable files, and workbooks refused for access). The e-mails of senders go with the
    files: whoever may see a file may see who sent and committed it, nobody else.
    """
    own = sorted(code for code in user.institutions if code != ALL_INSTITUTIONS)
    return sees_every_upload(user), own, user.actor


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
