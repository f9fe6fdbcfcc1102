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
    user = roles.user_for("controller@lmst.dk")  # e-mail matched without regard to case
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
        ('[[rolle]]\nrolle = "leder"', "angiv 'email' eller 'gruppe'"),
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
    assert can_upload(config.user_for("controller@lmst.dk"), "LMST")
