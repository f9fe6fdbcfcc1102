"""Issue 28, points 3 and 4 on the pages: a write names a verified identity, and a roles file whose keys collide
after Unicode normalisation stops the app with a Danish message."""

import pytest
from streamlit.testing.v1 import AppTest

from maalstyring.database.storage import REPO_ROOT, connect
from maalstyring.roles.approval import period_lock
from tests.views import show_view
from vocabulary.terms import Period

PAGE = "pages/indberetningsstatus.py"
APPROVAL = "Godkendelse og låsning"
AUTH = {"redirect_uri": "http://localhost/oauth2callback", "cookie_secret": "x" * 32, "client_id": "x",
        "client_secret": "x", "server_metadata_url": "http://localhost/"}  # fmt: skip
ROLES = '[[rolle]]\ngruppe = "Koncernøkonomi"\nrolle = "koncernøkonomi"\n'


@pytest.fixture
def as_user(monkeypatch, tmp_path):
    """`as_user(db, claims, roles=ROLES)`: Indberetningsstatus's approval view as a logged-in user."""

    def start(db_path, claims: dict, roles: str = ROLES) -> AppTest:
        path = tmp_path / "roller.toml"
        path.write_text(roles, encoding="utf-8")
        monkeypatch.setenv("MAALSTYRING_ROLLER", str(path))
        monkeypatch.setenv("MAALSTYRING_DB", str(db_path))
        at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
        at.query_params.update({"periode": Period.H1})
        at.secrets["auth"] = AUTH
        at.user = {"is_logged_in": True, "name": "Ole", **claims}
        at.run()
        if not at.exception and not at.error:
            at.switch_page(PAGE).run()
            show_view(at, APPROVAL)
        return at

    yield start
    from ui.db import _connection

    _connection.clear()


def lock_button(at: AppTest):
    return next((b for b in at.button if b.label.startswith(("Lås ", "Genåbn "))), None)


@pytest.mark.parametrize(
    "claims",
    [
        {"email": "ole@sum.dk", "email_verified": False, "groups": ["Koncernøkonomi"]},
        {"groups": ["Koncernøkonomi"]},  # a group user the provider sends no e-mail for
    ],
)
def test_koncernokonomi_without_a_verified_identity_sees_but_cannot_lock(as_user, seeded_path, claims):
    at = as_user(seeded_path, claims)
    assert not at.exception
    assert any("Godkendelse og låsning" in h.value for h in at.header)  # the view is there to read
    assert lock_button(at) is None  # main: "Lås 1. halvår 2024", which recorded the unverified address or ""
    assert any("ikke bekræftet, hvem du er" in w.value for w in at.sidebar.warning)
    conn = connect(seeded_path)
    assert period_lock(conn, 2024, Period.H1) is None
    conn.close()


def test_a_lock_names_the_verified_identity(as_user, seeded_path):
    at = as_user(seeded_path, {"email": "Ole@Sum.dk", "email_verified": True, "groups": ["Koncernøkonomi"]})
    lock_button(at).click().run()
    next(box for box in at.checkbox if box.label == "Lås alligevel").check().run()  # asks first (issue 27)
    next(b for b in at.button if b.label.startswith("Ja, lås ")).click().run()
    assert not at.exception
    conn = connect(seeded_path)
    who, _ = period_lock(conn, 2024, Period.H1)
    actors = {row[0] for row in conn.execute("SELECT actor FROM events WHERE action = 'låst'").fetchall()}
    conn.close()
    assert who == "ole@sum.dk" and actors == {"ole@sum.dk"}


def test_a_roles_file_with_colliding_keys_stops_the_app_in_danish(as_user, seeded_path):
    roles = (
        '[[rolle]]\nemail = "admin@sum.dk"\nrolle = "admin"\n\n'
        '[[rolle]]\nemail = "admin@sum.d\u212a"\nrolle = "leder"\n'  # the Kelvin sign
    )
    at = as_user(seeded_path, {"email": "admin@sum.dk", "email_verified": True}, roles=roles)
    assert not at.exception
    assert any("er den samme nøgle" in e.value for e in at.error)
    assert not at.sidebar.button  # nothing else: no navigation, no log-out panel of a signed-in user
