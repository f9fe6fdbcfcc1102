"""AppTest of the pages, on the bundled data and on an empty database."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from maalstyring.database.storage import REPO_ROOT, connect
from tests.html_tables import plan_headings, table_with

APP = str(REPO_ROOT / "app.py")


@pytest.fixture
def app_on(monkeypatch):
    def start(db_path, page: str = "pages/planer.py", query: dict | None = None) -> AppTest:
        monkeypatch.setenv("MAALSTYRING_DB", str(db_path))
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update(query or {})  # the shared sidebar filters are bound to the URL
        at.run()
        at.switch_page(page).run()
        return at

    yield start
    from ui.db import _connection  # the cached connection would keep the temporary file open

    _connection.clear()


def test_plans_page_lists_all_plans_and_details_of_the_chosen_year(app_on, seeded_path):
    at = app_on(seeded_path)
    assert not at.exception
    listed = table_with(at, "Institution")
    assert sorted(listed["Institution"]) == [
        "Lægemiddelstyrelsen (LMST)", "Nationalt Center for Etik (NCE)", "Statens Serum Institut (SSI)",
        "Styrelsen for Patientsikkerhed (STPS)", "Sundhedsstyrelsen (SST)",
    ]  # fmt: skip
    assert at.caption[0].value.startswith("5 af 5 planer i Målstyring")
    headers = plan_headings(at.main)
    assert "Lægemiddelstyrelsen – mål- og resultatplan 2024" in headers
    assert len(headers) == 4  # the details follow the shared year filter, which starts at the newest year


def test_year_filter_in_the_url_chooses_the_plans(app_on, seeded_path):
    at = app_on(seeded_path, query={"aar": "2023"})
    assert plan_headings(at.main) == ["Styrelsen for Patientsikkerhed – mål- og resultatplan 2023"]


def test_institution_filter_narrows_the_list(app_on, seeded_path):
    at = app_on(seeded_path, query={"aar": "2023", "institution": ["Styrelsen for Patientsikkerhed (STPS)"]})
    assert plan_headings(at.main) == ["Styrelsen for Patientsikkerhed – mål- og resultatplan 2023"]
    assert list(table_with(at, "Institution")["Institution"]) == ["Styrelsen for Patientsikkerhed (STPS)"]
    # The plan's goals are one HTML block with a heading per kind of goal (ui/views.plan_goal_lists).
    goals = "".join(el.body for el in at.main.html if "<details" in el.body)
    assert re.findall(r'<h3 class="ms-kind">(.*?)</h3>', goals) == ["Koncernfælles mål", "Institutionsspecifikke mål"]


def test_empty_database_says_what_to_do(app_on, tmp_path):
    db = tmp_path / "tom.duckdb"
    conn = connect(db)
    # A database that has received a file before but holds no plans: defaults are not loaded again.
    conn.execute(
        "INSERT INTO uploads (upload_id, sha256, file_name, content, size_bytes, uploaded_by, uploaded_at, outcome) "
        "VALUES (1, 'x', 'x.xlsx', ''::BLOB, 0, 'test', now(), 'afvist')"
    )
    conn.close()
    at = app_on(db)
    assert not at.exception
    assert any("Der er endnu ingen planer" in i.value for i in at.main.info)
