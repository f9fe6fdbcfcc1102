"""AppTest of the leadership pages: on the default data (plans + example follow-ups) and on an empty database."""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from maalstyring.database.storage import REPO_ROOT, connect
from tests.html_tables import disclosures, every_row, static_tables, tile_notes, tiles
from tests.markdown_text import as_read
from tests.plotly_charts import figures
from tests.views import show_view

# Reading pages run on DuckDB: tests/test_same_frames.py proves the read models give the same frames on both
# engines. A test that changes data through a page runs on both (both_engines).

APP = str(REPO_ROOT / "app.py")
PAGES = (
    "pages/koncernoverblik.py",
    "pages/faelles_maal.py",
    "pages/institution.py",
    "pages/udvikling.py",
    "pages/indberetningsstatus.py",
    "pages/planer.py",
)


@pytest.fixture
def empty_db(tmp_path):
    """A database that has received a file but holds no plans: the defaults are not loaded again."""
    db = tmp_path / "tom.duckdb"
    conn = connect(db)
    conn.execute(
        "INSERT INTO uploads (upload_id, sha256, file_name, content, size_bytes, uploaded_by, uploaded_at, outcome) "
        "VALUES (1, 'x', 'x.xlsx', ''::BLOB, 0, 'test', now(), 'afvist')"
    )
    conn.close()
    return db


def metrics(at) -> dict[str, str]:
    return tiles(at)


def texts(at) -> str:
    """Every markdown, caption, text and info on the page, for assertions about what the user reads."""
    parts = [e.value for kind in ("markdown", "caption", "text", "info", "success") for e in getattr(at, kind)]
    parts = [as_read(p) if isinstance(p, str) else p for p in parts]  # markdown source, escaped user text
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_an_empty_database_says_what_to_do(open_page, empty_db, page):
    at = open_page(empty_db, page)
    assert at.info, "an empty state must say what to do next"
    assert any("indlæs" in i.value.lower() for i in at.main.info if "Lokal tilstand" not in i.value)


def test_example_banner_on_the_first_page(monkeypatch, example_path):
    monkeypatch.setenv("MAALSTYRING_DB", str(example_path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    try:
        assert "Eksempeldata" in at.warning[0].value
        assert "Målstyring indeholder 10 eksempelindberetninger" in at.warning[0].value
    finally:
        from ui.db import _connection

        _connection.clear()


def test_koncernoverblik_counts_and_lists_what_is_red(open_page, example_path):
    at = open_page(example_path, "pages/koncernoverblik.py")
    shown = metrics(at)
    assert shown["✕ Rød"] == "4 mål"
    assert shown["! Gul"] == "3 mål"
    assert shown["Modtaget"] == "4 af 4"
    assert shown["✕ Ikke opfyldt"] == "3 mål"
    assert shown["⚠ Uenige"] == "1 mål"  # NCE's economy
    # One block of tiles (ui/tiles.py), five abreast: the statuses and what came in, then the verdicts.
    assert list(shown) == ["✕ Rød", "! Gul", "✓ Grøn", "– Ikke indberettet", "Modtaget", "✓ Opfyldt",
                           "! Delvist opfyldt", "✕ Ikke opfyldt", "⚠ Uenige"]  # fmt: skip
    assert tile_notes(at) == {"Modtaget": "indberetninger for perioden", "✓ Opfyldt": "som indberettet",
                              "! Delvist opfyldt": "som indberettet", "✕ Ikke opfyldt": "som indberettet"}  # fmt: skip
    assert not at.metric  # no Streamlit tile left to draw one by one
    matrix = static_tables(at)[1]  # after the list of troubled goals: what is worst first
    assert list(matrix.columns) == [
        "Institution",
        "Kunstig intelligens",
        "Økonomisk styring",
        "Attraktiv arbejdsplads",
        "Egne mål",
    ]
    ssi = matrix[matrix["Institution"] == "Statens Serum Institut (SSI)"].iloc[0]
    assert ssi["Økonomisk styring"] == "✕ Rød · ✕ Ikke opfyldt (= beregnet)"  # colour, symbol, word
    # NCE reported its economy as met although its deviation (−6,5 mio. kr.) breaks the band: not a plain tick.
    nce = matrix[matrix["Institution"] == "Nationalt Center for Etik (NCE)"].iloc[0]
    assert nce["Økonomisk styring"] == "✓ Grøn · ✓ Opfyldt · ⚠ beregnet ✕ Ikke opfyldt"
    # Own goals by name, one line each: a numbered column ("Eget mål 2") held a different goal in each row.
    lmst = matrix[matrix["Institution"] == "Lægemiddelstyrelsen (LMST)"].iloc[0]
    assert lmst["Egne mål"].split("\n")[0] == "1. Nedbringelse af COVID-19-sagsbunker: ! Gul · ! Delvist opfyldt"
    troubled = static_tables(at)[0]
    disputed = troubled[troubled["Institution"] == "NCE"]
    assert list(disputed["Opfyldelse"]) == ["✓ Opfyldt · ⚠ beregnet ✕ Ikke opfyldt"]
    assert troubled["Status"].iloc[0] == "✕ Rød"  # red first
    economy = troubled[troubled["Mål"] == "2. Økonomisk styring"].iloc[0]  # one label, whatever the plan writes
    assert "Lavere salg af vacciner" in economy["Årsag og konsekvens"]
    assert (troubled["Eksempeldata"] == "Eksempeldata").all()
    # The chart, first after the key figures: a bar per institution, worst first, its goals by status in symbol and
    # count, the numbers Danish.
    (chart,) = figures(at.main)
    assert chart.title == "Mål pr. status og institution, flest røde øverst"
    assert chart.layout["separators"] == ",."
    assert chart.bar_texts("SSI") == ["✕ 3", "! 1", "✓ 3"]
    assert chart.trace("✕ Rød")["y"][0] == "SSI"  # the most red goals, at the top
    assert sum(chart.trace("✕ Rød")["x"]) == 4
    assert chart.alt.startswith("Søjlediagram") and chart.config["modeBarButtons"] == [["toImage"]]
    assert [b.label for b in at.get("download_button")] == [
        "Hent visningen som Excel",
        "Hent årsrapport-tabel 2024",
        "Hent som Word (.docx)",  # the last: the pack
    ]


def test_koncernoverblik_follows_the_filters_in_the_url(open_page, example_path):
    query = {"periode": "1. halvår", "institution": ["Statens Serum Institut (SSI)"], "status": ["Gul"]}
    at = open_page(example_path, "pages/koncernoverblik.py", query)
    assert "Periode: 1. halvår" in as_read(at.caption[0].value)
    matrix = static_tables(at)[1]
    assert list(matrix["Institution"]) == ["Statens Serum Institut (SSI)"]
    assert metrics(at)["! Gul"] == "2 mål" and metrics(at)["✓ Grøn"] == "0 mål"
    assert "✓ Opfyldt" not in metrics(at) and "⚠ Uenige" in metrics(at)  # verdicts only at year-end


def test_koncernoverblik_before_any_report_says_where_to_get_the_template(open_page, seeded_path):
    at = open_page(seeded_path, "pages/koncernoverblik.py", {"periode": "1. halvår"})
    assert metrics(at)["Modtaget"] == "0 af 4"
    assert "Ingen indberetninger for 1. halvår 2024 endnu" in texts(at)
    assert "Skabeloner" in texts(at)


def test_filters_that_match_nothing_say_so(open_page, example_path):
    at = open_page(example_path, "pages/koncernoverblik.py", {"status": ["Ikke indberettet"]})
    assert any("Ingen mål passer til filtrene" in i.value for i in at.main.info)


SHARED_GOALS_2024 = ["Kunstig intelligens", "Økonomisk styring", "Attraktiv arbejdsplads"]


def test_faelles_maal_shows_one_shared_goal_at_a_time(open_page, example_path):
    # Lazy views: the first goal opens; the others' rules, charts and tables are not sent until chosen.
    at = open_page(example_path, "pages/faelles_maal.py")
    assert [tab.label for tab in at.main.tabs] == SHARED_GOALS_2024
    assert [h.value for h in at.main.header] == ["Kunstig intelligens"]
    assert figures(at.main) == [] and "Afvigelse" not in texts(at)
    ki = static_tables(at)[0].set_index("Institution")
    assert list(ki.columns) == ["Målepunkt 1", "Målepunkt 2", "Målepunkt 3"]
    assert ki.loc["Statens Serum Institut (SSI)", "Målepunkt 3"] == "✕ Rød · ✕ Ikke opfyldt"
    for view in SHARED_GOALS_2024[1:]:
        show_view(at, view)
        assert not at.exception
        assert [h.value for h in at.main.header] == [view]
        assert len(figures(at.main)) == 1, view  # its own chart, not the other goal's


def test_faelles_maal_compares_institutions_with_computed_rules(open_page, example_path):
    at = open_page(example_path, "pages/faelles_maal.py", {"visning": "Økonomisk styring"})
    assert "±5,0 mio. kr., grænsen medregnet" in texts(at)
    economy = next(f for f in static_tables(at) if "Afvigelse" in f.columns).set_index("Institution")
    assert economy.loc["Lægemiddelstyrelsen (LMST)", "Afvigelse"] == "5,0 mio. kr."
    assert economy.loc["Lægemiddelstyrelsen (LMST)", "Beregnet opfyldelse"] == "✓ Opfyldt"
    assert economy.loc["Nationalt Center for Etik (NCE)", "Uenighed"].startswith("⚠")
    assert economy.loc["Lægemiddelstyrelsen (LMST)", "Uenighed"] == ""
    (economy_chart,) = figures(at.main)  # a Plotly figure
    assert economy_chart.layout["separators"] == ",."
    met = economy_chart.trace("✓ Opfyldt")
    assert met["customdata"][met["y"].index("LMST")] == "5,0 mio. kr. · ✓ Opfyldt"  # the hover
    assert met["text"][met["y"].index("LMST")] == "5,0 ✓"  # beside the bar
    assert "NCE" in economy_chart.trace("✕ Ikke opfyldt")["y"]  # computed, whatever NCE reported
    assert economy_chart.legend[0] == "Grænse ±5,0 mio. kr."

    show_view(at, "Attraktiv arbejdsplads")
    alt = next(f for f in static_tables(at) if "Forbedret på" in f.columns).set_index("Institution")
    assert alt.loc["Statens Serum Institut (SSI)", "Beregnet opfyldelse"] == "✕ Ikke opfyldt"
    assert alt.loc["Lægemiddelstyrelsen (LMST)", "Forbedret på"] == "Tillid til ledelsen"
    (alt_chart,) = figures(at.main)
    assert alt_chart.layout["separators"] == ",."
    assert alt_chart.title == "ALT-evalueringen 2022 og 2024"
    after = alt_chart.trace("ALT 2024")
    assert after["customdata"][after["y"].index("LMST · Tillid til ledelsen")].endswith("· ▲ forbedret")


def test_faelles_maal_shows_every_shared_goal_whatever_goal_kind_and_status_say(open_page, example_path):
    # The caption says Måltype and Status do not apply here; the page must keep that promise in every view.
    for view in SHARED_GOALS_2024:
        at = open_page(example_path, "pages/faelles_maal.py", {"visning": view})
        chosen = open_page(
            example_path, "pages/faelles_maal.py", {"visning": view, "maaltype": "Egne mål", "status": "Rød"}
        )
        assert "Måltype: Institutionsspecifik · Status: Rød" in texts(chosen), texts(chosen)[:300]
        assert [t.to_dict() for t in static_tables(chosen)] == [t.to_dict() for t in static_tables(at)], view
        assert [f.spec for f in figures(chosen.main)] == [f.spec for f in figures(at.main)], view


def test_faelles_maal_2023_uses_the_pct_band(open_page, example_path):
    at = open_page(example_path, "pages/faelles_maal.py", {"aar": "2023"})
    assert [tab.label for tab in at.main.tabs] == ["Samarbejde", "Økonomisk styring", "Attraktiv arbejdsplads"]
    # The plan's own rule: faktisk forbrug against grundbudgettet, 5 pct., every quarter; ALT on ledelsestiltag.
    show_view(at, "Økonomisk styring")
    assert "faktisk forbrug og grundbudgettet for de samlede driftsudgifter er højst 5 pct. i hvert kvartal" in texts(
        at
    )
    frames = static_tables(at)
    quarters = next(f for f in frames if "Kvartal" in f.columns)
    assert list(quarters["Kvartal"]) == ["1. kvartal", "2. kvartal", "3. kvartal", "4. kvartal"]
    assert quarters["Afvigelse"].iloc[3] == "5,0 pct." and quarters["Inden for grænsen"].iloc[3] == "✓ Opfyldt"
    economy = next(f for f in frames if "Faktisk forbrug" in f.columns and "Uenighed" in f.columns)
    assert economy["Beregnet opfyldelse"].iloc[0] == "✓ Opfyldt"
    show_view(at, "Attraktiv arbejdsplads")
    assert "mindst 2 konkrete ledelsestiltag" in texts(at)
    alt = next(f for f in static_tables(at) if "Opgjort på" in f.columns)
    assert (
        alt["Opgjort på"].iloc[0] == "ledelsestiltag (Resultat)" and alt["Beregnet opfyldelse"].iloc[0] == "✓ Opfyldt"
    )


def measures_of(goal) -> pd.DataFrame:
    """A goal's two tables on the Institution page (what was said, then the numbers) as one, row by row."""
    said, numbers = goal.tables
    return said.join(numbers.drop(columns=["Målepunkt", "Periode"]))


def test_institution_page_shows_plan_periods_and_the_roll_up(open_page, example_path):
    at = open_page(example_path, "pages/institution.py", {"institution": ["Statens Serum Institut (SSI)"]})
    assert at.main.header[0].value == "Statens Serum Institut – mål- og resultatplan 2024"
    assert "Direktør:" in texts(at) and "Underskrevet" in texts(at)
    ki = next(e for e in disclosures(at) if e.label.startswith("Mål 1: Kunstig intelligens"))
    assert "1. halvår: ✓ Grøn" in ki.label and "Årsafslutning: ✕ Rød, ! Delvist opfyldt" in ki.label
    assert ki.expanded  # red goals open by themselves
    explanation = "\n".join(ki.paragraphs)
    assert "Rød, fordi målepunkt 3 er rød" in explanation
    table = measures_of(ki)
    assert set(table["Periode"]) == {"1. halvår", "Årsafslutning"}
    assert {"Status", "Opfyldelse", "Vurdering", "Årsag og konsekvens", "Handling", "Måltal", "Resultat"} <= set(
        table.columns
    )


def test_institution_link_opens_the_goal_asked_for(open_page, example_path):
    # Not the first institution in the list, so the link (not the default) must have chosen it.
    at = open_page(example_path, "pages/institution.py", {"vis": "Sundhedsstyrelsen (SST)", "maal": "SST-2024-I3"})
    assert at.main.header[0].value == "Sundhedsstyrelsen – mål- og resultatplan 2024"
    opened = [e.label for e in disclosures(at) if e.expanded]
    assert len(opened) == 1 and opened[0].startswith("Mål 3: Styrket indsats for mennesker med kræft")
    at = open_page(example_path, "pages/institution.py", {"vis": "Lægemiddelstyrelsen (LMST)", "maal": "LMST-2024-I2"})
    table = measures_of(next(e for e in disclosures(at) if e.expanded))
    year_end = table[table["Periode"] == "Årsafslutning"].iloc[0]
    assert year_end["Måltal"] == "mindst 90 pct."
    assert year_end["Resultat"] == "92 pct."
    assert year_end["Resultat mod måltal"] == "✓ Opfyldt"
    assert year_end["Årsag og konsekvens"] == ""  # green: nothing to explain, and no "None" shown


def test_udvikling_shows_koncern_and_institutions_over_years(open_page, example_path):
    at = open_page(example_path, "pages/udvikling.py")
    table = every_row(at, "Institution", "side_tal")
    assert "Koncernen i alt" in set(table["Institution"])
    assert set(table["År"]) == {"2023", "2024"}
    assert table["Andel grønne"].str.endswith(" pct.").all()
    [green] = figures(at.main)  # one chart at a time: the year-end one is the second view (lazy tabs)
    [met] = figures(show_view(at, "Opfyldt ved årsafslutning").main)
    assert (green.title, met.title) == ("Andel grønne målepunkter pr. periode",
                                        "Opfyldte målepunkter ved årsafslutning")  # fmt: skip
    assert green.layout["separators"] == met.layout["separators"] == ",."
    assert green.alt.startswith("Linjediagram") and green.layout["hovermode"] == "x unified"


@pytest.mark.both_engines
def test_indberetningsstatus_and_removing_examples(open_page, example_path):
    at = open_page(example_path, "pages/indberetningsstatus.py")
    assert metrics(at)["Modtaget og indlæst"] == "8 af 8"
    details = static_tables(at)[1]
    assert (details["Indlæst af"] == "Målstyring (eksempeldata)").all()
    assert (details["Eksempeldata"] == "Eksempeldata").all()
    assert not [b for b in at.button if b.label == "Fjern eksempeldata"]  # Administration is the third view's
    show_view(at, "Godkendelse og låsning")
    next(b for b in at.button if b.label == "Fjern eksempeldata").click().run()  # asks first (issue 27)
    next(b for b in at.button if b.label == "Ja, fjern eksempeldata").click().run()
    assert not at.exception
    assert metrics(at)["Modtaget og indlæst"] == "0 af 8"
    show_view(at, "Status")
    assert set(static_tables(at)[1]["Status"]) == {"– Ikke modtaget"}


def test_institution_page_never_switches_institution_silently(open_page, example_path):
    at = open_page(example_path, "pages/institution.py", {"aar": "2023", "institution": ["Lægemiddelstyrelsen (LMST)"]})
    assert at.warning and "Der er ingen mål- og resultatplan for LMST i 2023." in [w.value for w in at.main.warning]
    assert not at.main.header, "no other institution's plan may be shown"
    assert "Styrelsen for Patientsikkerhed" not in texts(at)
    # What exists is offered, and choosing it sets the sidebar (the page follows the sidebar, never the reverse).
    assert [b.label for b in at.button] == ["Vis LMST 2024", "Vis STPS 2023"]
    at.button(key="vis_LMST_2024").click().run()
    assert at.main.header[0].value == "Lægemiddelstyrelsen – mål- og resultatplan 2024"
    assert at.selectbox(key="aar").value == 2024


def test_institution_page_shows_a_disputed_verdict_beside_the_reported_one(open_page, example_path):
    at = open_page(example_path, "pages/institution.py", {"vis": "Nationalt Center for Etik (NCE)"})
    economy = next(e for e in disclosures(at) if e.label.startswith("Mål 2: Økonomisk styring"))
    assert "Årsafslutning: ✓ Grøn, ✓ Opfyldt · ⚠ beregnet ✕ Ikke opfyldt" in economy.label
    assert economy.expanded  # a disputed goal opens by itself, though it is green
    assert "Det er ikke den indberettede opfyldelse." in "\n".join(economy.paragraphs)


def _line_names(at) -> list[str]:
    """The first chart's lines, in the order they are drawn."""
    return [trace["name"] for trace in figures(at.main)[0].traces]


def test_udvikling_koncern_line_compares_like_with_like(open_page, example_path):
    at = open_page(example_path, "pages/udvikling.py")
    table = every_row(at, "Institution", "side_tal")
    koncern = table[table["Institution"] == "Koncernen i alt"]
    assert list(koncern["Institutioner i tallet"]) == ["1: STPS"] * 2 + ["4: LMST, NCE, SSI, SST"] * 2
    names = _line_names(at)
    # Two pieces, not one line from STPS's 2023 to the other four's 2024 that looks like a decline.
    assert names[:2] == ["Koncernen i alt (1 inst.: STPS)", "Koncernen i alt (4 inst.: LMST, NCE, SSI, SST)"]
    assert "tabellen viser hvor mange og hvilke" in texts(at)


def test_udvikling_always_shows_the_selected_institutions_line(open_page, example_path):
    at = open_page(example_path, "pages/udvikling.py", {"institution": ["Statens Serum Institut (SSI)"]})
    names = _line_names(at)
    # Its own line, in colour and drawn after (over) the koncern's, which counts every institution and so is not
    # a copy of it.
    assert names[-1] == "Statens Serum Institut"
    assert all(name.startswith("Koncernen i alt") for name in names[:-1])
    chart = figures(at.main)[0]
    ssi, koncern = chart.trace("Statens Serum Institut"), chart.traces[-2]
    assert ssi["y"] != koncern["y"] and koncern["x"] == ssi["x"]
