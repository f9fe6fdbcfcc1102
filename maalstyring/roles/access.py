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
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from maalstyring.database.storage import REPO_ROOT

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
    # The verified value of the configured identity claim; "" when the provider vouches for none. RolesConfig.user_for
    # always sets it from the claims; a User built directly (the CLI, tests) names its e-mail.
    identity: str | None = None

    def __post_init__(self) -> None:
        if self.identity is None:
            object.__setattr__(self, "identity", self.email if self.email_verified else "")

    @property
    def label(self) -> str:
        return self.name or self.email

    @property
    def actor(self) -> str:
        """Who this user is in the archive and the audit trail (uploaded_by, committed_by, locked_by, events).

        Only the configured identity claim, as the provider signed it: the verified e-mail with `claim = "email"`,
        else the `sub`/`oid` value. Never an unverified e-mail and never "": a user without a verified identity
        may read but not write (`may_write`), so no write path ever needs a name for them."""
        if self.local_mode:
            return self.email
        return self.identity or ""

    @property
    def may_write(self) -> bool:
        """Writes need someone to attribute them to: local mode, or a verified identity."""
        return self.local_mode or bool(self.identity)

    @property
    def has_role(self) -> bool:
        return self.local_mode or bool(self.roles)


EMAIL_CLAIM = "email"


def identity_key(text: str) -> str:
    """How identities, e-mails and groups are compared: Unicode NFKC, then lower case (not casefold).

    casefold() maps "ß" to "ss", so `ctrl-ßi@ßi.dk` matched the role of `ctrl-ssi@ssi.dk`; lower() keeps them
    apart. NFKC turns compatibility characters (the Kelvin sign U+212A, full-width letters) into their plain
    letters, so two spellings of one key in the roles file are found and refused (load_roles)."""
    return unicodedata.normalize("NFKC", str(text).strip()).lower()


def is_plain_identity(text: str) -> bool:
    """True when a value from the provider is already in NFKC form. One that is not (`admin@sum.dK` with the
    Kelvin sign) is another string than the one the roles file names, and matches no grant."""
    text = str(text).strip()
    return unicodedata.normalize("NFKC", text) == text


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
        wanted_email = identity_key(email) if verified and email.strip() and is_plain_identity(email) else None
        # With e-mail as the identity, the provider's `sub` still tells two people with one address apart.
        subject_claim = "sub" if self.identity_claim == EMAIL_CLAIM else self.identity_claim
        subject = str(claims.get(subject_claim) or "")
        wanted_subject = identity_key(subject) if subject.strip() and is_plain_identity(subject) else None
        wanted_groups = {identity_key(g) for g in map(str, groups) if g.strip() and is_plain_identity(g)}
        if self.identity_claim == EMAIL_CLAIM:
            identity = wanted_email or ""
        else:
            identity = subject.strip() if wanted_subject else ""
        roles: set[str] = set()
        institutions: set[str] = set()
        for grant in self.grants:
            if (
                (grant.email and wanted_email and identity_key(grant.email) == wanted_email)
                or (
                    grant.subject
                    and wanted_subject
                    and self.identity_claim != EMAIL_CLAIM
                    and identity_key(grant.subject) == wanted_subject
                )
                or (grant.group and identity_key(grant.group) in wanted_groups)
            ):
                roles.add(grant.role)
                if grant.role in (FINANCE, ADMIN):
                    institutions.add(ALL_INSTITUTIONS)
                institutions |= grant.institutions
        return User(
            email=email, name=name, roles=frozenset(roles), institutions=frozenset(institutions),
            subject=subject, email_verified=verified, identity=identity,
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
    except UnicodeDecodeError as exc:
        raise RolesConfigError(f"Rollefilen {path} kan ikke læses: den er ikke gemt som UTF-8 ({exc.reason}).") from exc
    except OSError as exc:  # a folder, no permission, a broken disk: never treated as "no roles"
        raise RolesConfigError(f"Rollefilen {path} kan ikke læses: {exc.strerror or exc}.") from exc
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
    _refuse_colliding_keys(path, config.grants)
    return config


def _refuse_colliding_keys(path: Path, grants: list[Grant]) -> None:
    """Two different spellings of one key ("admin@sum.dk" and "admin@sum.dK" with the Kelvin sign) would grant
    one provider identity the roles of both: the file is refused, naming both spellings."""
    for kind, label in (("email", "email"), ("subject", "id"), ("group", "gruppe")):
        seen: dict[str, str] = {}
        for grant in grants:
            raw = getattr(grant, kind)
            if not raw:
                continue
            raw = str(raw).strip()
            earlier = seen.setdefault(identity_key(raw), raw)
            if earlier != raw:
                raise RolesConfigError(
                    f"Rollefilen {path}: {label} '{earlier}' og '{raw}' er den samme nøgle, når store og små "
                    "bogstaver og Unicode-varianter (NFKC) regnes for ens. Skriv hver bruger eller gruppe på én "
                    "måde, så ingen får en andens rolle."
                )


# --- What a user may do (checked again on every write) ------------------------------------------------


def can_view(user: User) -> bool:
    return user.has_role


def can_upload(user: User, institution_code: str | None) -> bool:
    """Controllers for their own institutions; koncernøkonomi and admin for all."""
    if user.local_mode:
        return True
    if not user.may_write or not user.roles & {CONTROLLER, FINANCE, ADMIN}:
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
    # Without an identity the user sent nothing: a value no row is recorded with, not "" (which old rows may hold).
    return sees_every_upload(user), own, user.actor or "(ingen bekræftet identitet)"


def can_upload_anything(user: User) -> bool:
    return user.local_mode or (user.may_write and bool(user.roles & {CONTROLLER, FINANCE, ADMIN}))


def can_approve(user: User) -> bool:
    """Approve reports, lock and reopen periods, remove example data (only with a verified identity to name)."""
    return user.local_mode or (user.may_write and bool(user.roles & {FINANCE, ADMIN}))


def no_identity_refusal(user: User) -> str | None:
    """Why a user with a role may still not write (Danish), or None."""
    if user.may_write:
        return None
    return (
        "Du kan se, men ikke ændre noget: login-udbyderen har ikke bekræftet, hvem du er, og enhver ændring "
        "skrives på en bekræftet person. Kontakt Koncernøkonomi."
    )


def uploadable_institutions(user: User, all_codes: list[str]) -> list[str]:
    return [code for code in all_codes if can_upload(user, code)]


def upload_refusal(user: User, kind: str | None, institution_code: str | None) -> str | None:
    """Why `user` may not send this workbook (Danish), or None when they may.

    Follow-ups: controllers for their own institutions, koncernøkonomi and admin for all. Plans are agreed
    between director and permanent secretary and are loaded by koncernøkonomi or admin.
    """
    if user.local_mode:
        return None
    if refusal := no_identity_refusal(user):
        return refusal
    if kind == "Plan" and not can_approve(user):
        return "Kun Koncernøkonomi og administratorer kan indlæse mål- og resultatplaner."
    if not can_upload(user, institution_code):
        own = sorted(code for code in user.institutions if code != ALL_INSTITUTIONS)
        allowed = f"Du kan indberette for: {', '.join(own)}." if own else "Du har ikke adgang til at indberette."
        return f"Du har ikke adgang til at indberette for {institution_code or 'denne institution'}. {allowed}"
    return None
