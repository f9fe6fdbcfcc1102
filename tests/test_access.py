"""Roles from the config file, and what each role may do."""

import pytest

from maalstyring.access import (
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
    user = roles.user_for("okonomi@sum.dk", claims={"groups": "Koncernøkonomi"})  # a single group as a string
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
    from maalstyring.storage import REPO_ROOT

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
        assert impostor.actor != owner.actor  # nor is the impostor recorded as the owner in the archive
        assert "b2" in impostor.actor and "ikke bekræftet" in impostor.actor


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
