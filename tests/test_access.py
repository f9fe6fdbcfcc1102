"""Roles from the config file, and what each role may do."""

import pytest

from maalstyring.roles.access import (
    RolesConfigError,
    can_approve,
    can_upload,
    can_upload_anything,
    can_view,
    load_roles,
    local_user,
)

VERIFIED = {"email_verified": True}
CONFIG = """
gruppe_claim = "groups"

[[rolle]]
gruppe = "KLF"
rolle = "leder"

[[rolle]]
email = "Controller@LMST.dk"
rolle = "controller"
institutioner = ["lmst", "NCE"]

[[rolle]]
gruppe = "Koncernøkonomi"
rolle = "koncernøkonomi"
"""


@pytest.fixture
def roles(tmp_path):
    path = tmp_path / "roller.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return load_roles(path)


def test_leader_by_group_sees_but_changes_nothing(roles):
    user = roles.user_for("chef@sum.dk", claims={"groups": ["KLF"]})
    assert can_view(user)
    assert not can_upload(user, "LMST") and not can_upload_anything(user) and not can_approve(user)


def test_controller_by_email_uploads_only_for_own_institutions(roles):
    user = roles.user_for("controller@lmst.dk", claims=VERIFIED)  # e-mail matched without regard to case
    assert can_upload(user, "LMST") and can_upload(user, "nce")
    assert not can_upload(user, "SSI")
    assert not can_approve(user)


def test_koncernokonomi_uploads_for_all_and_approves(roles):
    user = roles.user_for("okonomi@sum.dk", claims={"groups": "Koncernøkonomi", **VERIFIED})  # a group as a string
    assert can_upload(user, "SSI") and can_upload(user, "NY") and can_approve(user)


def test_user_without_role_may_do_nothing(roles):
    user = roles.user_for("fremmed@example.com", claims={"groups": ["Andet"]})
    assert not user.has_role
    assert not can_view(user) and not can_upload(user, "LMST") and not can_approve(user)


def test_local_mode_allows_everything():
    user = local_user()
    assert can_view(user) and can_upload(user, "SSI") and can_approve(user)


def test_missing_roles_file_grants_nothing(tmp_path):
    assert not load_roles(tmp_path / "findes-ikke.toml").user_for("a@b.dk").has_role


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[rolle]]\nemail = "a@b.dk"\nrolle = "chef"', "'chef' kendes ikke"),
        ('[[rolle]]\nrolle = "leder"', "angiv 'email', 'id' eller 'gruppe'"),
        ('[[rolle]]\nid = "abc"\nrolle = "leder"', "'id' kræver et andet claim"),
        ('[identitet]\nclaim = ""', "angiv claim"),
        ('[[rolle]]\nemail = "a@b.dk"\nrolle = "controller"', "skal have 'institutioner'"),
        ("[[rolle]\n", "kan ikke læses"),
    ],
)
def test_bad_roles_file_says_where_and_what(tmp_path, text, message):
    path = tmp_path / "roller.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RolesConfigError, match=message):
        load_roles(path)


def test_example_roles_file_in_the_repo_is_valid():
    from maalstyring.database.storage import REPO_ROOT

    config = load_roles(REPO_ROOT / "roller.example.toml")
    assert can_upload(config.user_for("controller@lmst.dk", claims=VERIFIED), "LMST")
    assert config.identity_claim == "email"


def test_another_subject_with_the_same_unverified_email_gets_no_rights(roles):
    """Anyone can type another's address at some provider; only a provider-verified e-mail names a person."""
    owner = roles.user_for("controller@lmst.dk", claims={"sub": "a1", **VERIFIED})
    assert can_upload(owner, "LMST")
    for claims in ({"sub": "b2"}, {"sub": "b2", "email_verified": False}, {"sub": "b2", "email_verified": "false"}):
        impostor = roles.user_for("controller@lmst.dk", claims=claims)
        assert not impostor.has_role and not can_view(impostor) and not can_upload(impostor, "LMST")
        assert impostor.actor == "" and not impostor.may_write  # nor is the impostor recorded as anyone


OID_CONFIG = """
[identitet]
claim = "oid"

[[rolle]]
id = "0f1e2d3c-aaaa-bbbb-cccc-000000000001"
rolle = "controller"
institutioner = ["LMST"]
"""


def test_roles_can_be_matched_on_an_identity_claim_such_as_entra_oid(tmp_path):
    path = tmp_path / "roller.toml"
    path.write_text(OID_CONFIG, encoding="utf-8")
    config = load_roles(path)
    owner = config.user_for("carl@lmst.dk", claims={"oid": "0f1e2d3c-aaaa-bbbb-cccc-000000000001"})
    assert can_upload(owner, "LMST") and owner.subject == "0f1e2d3c-aaaa-bbbb-cccc-000000000001"
    other = config.user_for("carl@lmst.dk", claims={"oid": "another", "sub": "0f1e2d3c-aaaa-bbbb-cccc-000000000001"})
    assert not other.has_role


# --- Issue 28, point 3: every write names a verified identity -----------------------------------------------

GROUP_FINANCE = '[[rolle]]\ngruppe = "Koncernøkonomi"\nrolle = "koncernøkonomi"\n'


@pytest.mark.parametrize(
    "claims",
    [
        {"sub": "u1", "email": "ole@sum.dk", "groups": ["Koncernøkonomi"]},  # the provider did not say
        {"sub": "u1", "email": "ole@sum.dk", "email_verified": False, "groups": ["Koncernøkonomi"]},
        {"sub": "u1", "groups": ["Koncernøkonomi"]},  # no e-mail at all
    ],
)
def test_a_group_user_without_a_verified_identity_may_read_but_not_write(tmp_path, claims):
    path = tmp_path / "roller.toml"
    path.write_text(GROUP_FINANCE, encoding="utf-8")
    user = load_roles(path).user_for(str(claims.get("email", "")), claims=claims)
    assert can_view(user)  # the group grants Koncernøkonomi: they see everything ...
    assert not user.may_write and user.actor == ""  # ... but there is no one to name on a write
    assert not can_approve(user) and not can_upload(user, "SSI") and not can_upload_anything(user)
    from maalstyring.roles.access import no_identity_refusal, upload_refusal

    assert "ikke bekræftet, hvem du er" in no_identity_refusal(user)
    assert upload_refusal(user, "Opfølgning", "SSI") == no_identity_refusal(user)


def test_the_actor_is_the_configured_identity_claim(tmp_path):
    path = tmp_path / "roller.toml"
    path.write_text(GROUP_FINANCE, encoding="utf-8")
    verified = load_roles(path).user_for("Ole@Sum.dk", claims={"groups": ["Koncernøkonomi"], **VERIFIED})
    assert verified.actor == "ole@sum.dk" and can_approve(verified)
    path.write_text('[identitet]\nclaim = "oid"\n' + GROUP_FINANCE, encoding="utf-8")
    by_oid = load_roles(path).user_for("", claims={"oid": "0f1e-77", "groups": ["Koncernøkonomi"]})
    assert by_oid.actor == "0f1e-77" and can_approve(by_oid)  # no e-mail needed: the oid is the identity
    unverified = load_roles(path).user_for("x@sum.dk", claims={"groups": ["Koncernøkonomi"], "email": "x@sum.dk"})
    assert unverified.actor == "" and not can_approve(unverified)  # the oid claim is missing: nobody to name


def test_no_event_is_written_without_someone_to_name(conn):
    from maalstyring.database.events import UnattributedWriteError
    from maalstyring.roles.approval import lock_period, period_lock

    for who in ("", "   "):
        with pytest.raises(UnattributedWriteError, match="ingen bekræftet bruger"):
            lock_period(conn, 2024, "1. halvår", who)
    assert period_lock(conn, 2024, "1. halvår") is None  # the lock was rolled back with the event


# --- Issue 28, point 4: keys compared after NFKC and lower-casing, collisions refused --------------------------

KEYS = """
[[rolle]]
email = "ctrl-ssi@ssi.dk"
rolle = "controller"
institutioner = ["SSI"]

[[rolle]]
email = "admin@sum.dk"
rolle = "admin"

[[rolle]]
gruppe = "KLF"
rolle = "leder"
"""
KELVIN = "\u212a"


def test_case_folding_does_not_merge_different_identities(tmp_path):
    path = tmp_path / "roller.toml"
    path.write_text(KEYS, encoding="utf-8")
    roles = load_roles(path)
    assert can_upload(roles.user_for("Ctrl-SSI@ssi.DK", claims=VERIFIED), "SSI")  # case alone is the same key
    sharp_s = roles.user_for("ctrl-ßi@ßi.dk", claims=VERIFIED)  # casefold() made this "ctrl-ssi@ssi.dk"
    assert not sharp_s.has_role and not can_upload(sharp_s, "SSI")
    kelvin = roles.user_for(f"admin@sum.d{KELVIN}", claims=VERIFIED)  # NFKC and lower() both give "k"
    assert not kelvin.has_role and not can_approve(kelvin)
    assert not roles.user_for("x@y.dk", claims={"groups": [f"{KELVIN}LF"], **VERIFIED}).has_role
    assert roles.user_for("x@y.dk", claims={"groups": ["klf"], **VERIFIED}).has_role


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ('email = "admin@sum.dk"', f'email = "admin@sum.d{KELVIN}"'),
        ('email = "Admin@Sum.dk"', 'email = "admin@sum.dk"'),
        ('gruppe = "KLF"', 'gruppe = "ｋｌｆ"'),  # full-width letters
    ],
)
def test_a_roles_file_with_colliding_keys_is_refused_in_danish(tmp_path, first, second):
    path = tmp_path / "roller.toml"
    path.write_text(f'[[rolle]]\n{first}\nrolle = "leder"\n\n[[rolle]]\n{second}\nrolle = "admin"\n', encoding="utf-8")
    with pytest.raises(RolesConfigError, match="er den samme nøgle, når store og små bogstaver"):
        load_roles(path)


def test_the_same_key_written_the_same_way_may_hold_two_roles(tmp_path):
    path = tmp_path / "roller.toml"
    path.write_text(KEYS + '\n[[rolle]]\nemail = "ctrl-ssi@ssi.dk"\nrolle = "leder"\n', encoding="utf-8")
    user = load_roles(path).user_for("ctrl-ssi@ssi.dk", claims=VERIFIED)
    assert user.roles == {"controller", "leder"}
