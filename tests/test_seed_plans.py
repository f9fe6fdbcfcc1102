"""The five seed plans, loaded from data/plans/*.xlsx through the real import path, match the seeds.

The expected values below were written by reading the seed texts (copied verbatim into
tests/seed_texts/), independently of scripts/seed_transcription.py, which this test does not import.
The fixture ``seeded_conn`` (tests/conftest.py) is a DuckDB connection with the five plans loaded.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

SEED_DIR = Path(__file__).parent / "seed_texts"
SEED_FILES = {
    "LMST-2024": "000_a18cd99e1284a62d.txt",
    "SSI-2024": "001_79d4594e63ae594a.txt",
    "SST-2024": "002_4ae00b680fd2caa7.txt",
    "STPS-2023": "003_060f6e4efc798d91.txt",
    "NCE-2024": "004_4eb53f6556a26f60.txt",
}
PLAN_IDS = tuple(SEED_FILES)

SHARED = "Koncernfælles"
SPECIFIC = "Institutionsspecifik"

# --- Institutions and signatures -------------------------------------------------------------------
INSTITUTIONS = {
    "LMST": "Lægemiddelstyrelsen",
    "SSI": "Statens Serum Institut",
    "SST": "Sundhedsstyrelsen",
    "STPS": "Styrelsen for Patientsikkerhed",
    "NCE": "Nationalt Center for Etik",
}

# plan_id: (institution_code, year, director, director_signed, secretary, secretary_signed)
SIGNATURES = {
    "LMST-2024": ("LMST", 2024, "Lars Bo Nielsen", date(2023, 12, 21), "Svend Særkjær", date(2023, 12, 19)),
    "SSI-2024": ("SSI", 2024, "Henrik Ullum", date(2023, 12, 19), "Svend Særkjær", date(2023, 12, 19)),
    "SST-2024": ("SST", 2024, "Jonas Egebart", None, "Svend Særkjær", date(2023, 12, 19)),
    "STPS-2023": ("STPS", 2023, "Anette Lykke Petri", None, None, None),
    "NCE-2024": (
        "NCE",
        2024,
        "Christa Lundgaard Kjøller",
        date(2023, 12, 15),
        "Svend Særkjær",
        date(2023, 12, 19),
    ),
}

# --- Goals in plan order: (goal_id, nr, kind, shared_key, title) --------------------------------------
_KI = ("1", SHARED, "KI", "Kunstig intelligens")
_ECON = ("2", SHARED, "ØKONOMI", "Økonomisk Styring")
_ALT = ("3", SHARED, "ALT", "Attraktiv arbejdsplads")


def _shared_2024(code: str) -> list[tuple]:
    return [(f"{code}-2024-K1", *_KI), (f"{code}-2024-K2", *_ECON), (f"{code}-2024-K3", *_ALT)]


GOALS = {
    "LMST-2024": [
        *_shared_2024("LMST"),
        ("LMST-2024-I1", "1", SPECIFIC, None, "Nedbringelse af COVID-19-sagsbunker"),
        ("LMST-2024-I2", "2", SPECIFIC, None, "Bedre understøttelse af kliniske forsøg"),
        ("LMST-2024-I3", "3", SPECIFIC, None, "Bidrag til den Nationale Handlingsplan for AMR"),
    ],
    "SSI-2024": [
        *_shared_2024("SSI"),
        ("SSI-2024-I1", "1", SPECIFIC, None, "Integration af covid-19-aktiviteter i infektionsberedskabet"),
        ("SSI-2024-I2", "2", SPECIFIC, None, "Bedre adgang til og anvendelse af sundhedsdata"),
        ("SSI-2024-I3", "3", SPECIFIC, None, "Bekæmpelse af antimikrobiel resistens (AMR)"),
        (
            "SSI-2024-I4",
            "4",
            SPECIFIC,
            None,
            "Styrkelse af Statens Serum Instituts One Health-baserede overvågning, beredskab og forskning",
        ),
    ],
    "SST-2024": [
        *_shared_2024("SST"),
        ("SST-2024-I1", "1", SPECIFIC, None, "Dialog, rammer og hjælp til unge omkring ryge- og nikotinstop"),
        ("SST-2024-I2", "2", SPECIFIC, None, "Styrket akutindsats for mennesker med svær psykisk sygdom"),
        ("SST-2024-I3", "3", SPECIFIC, None, "Styrket indsats for mennesker med kræft"),
    ],
    "STPS-2023": [
        ("STPS-2023-K1.1", "1.1", SHARED, "SAMARBEJDE", "Samarbejde"),
        ("STPS-2023-K1.2", "1.2", SHARED, "ØKONOMI", "Økonomisk styring"),
        ("STPS-2023-K1.3", "1.3", SHARED, "ALT", "Attraktiv arbejdsplads"),
        ("STPS-2023-I2.1", "2.1", SPECIFIC, None, "Opfølgning på RBT evalueringen"),
        (
            "STPS-2023-I2.2",
            "2.2",
            SPECIFIC,
            None,
            "Robusthedskommissionens arbejde med at udvikle en mere smidig autorisationsproces",
        ),
        ("STPS-2023-I2.3", "2.3", SPECIFIC, None, "Pukkelafvikling på autorisationsområdet"),
    ],
    "NCE-2024": [
        *_shared_2024("NCE"),
        ("NCE-2024-I1", "1", SPECIFIC, None, "Styrket dialog på tværs af EU omkring dataetikken"),
        (
            "NCE-2024-I2",
            "2",
            SPECIFIC,
            None,
            "Kunstig intelligens i Indenrigs- og Sundhedsministeriets koncern",
        ),
        ("NCE-2024-I3", "3", SPECIFIC, None, "Stærkere EU-samarbejde inden for forskning & innovation."),
    ],
}

# plan_id: (koncernfælles, institutionsspecifikke)
GOAL_COUNTS = {
    "LMST-2024": (3, 3),
    "SSI-2024": (3, 4),
    "SST-2024": (3, 3),
    "STPS-2023": (3, 3),
    "NCE-2024": (3, 3),
}

# Number of målepunkter per goal (one per bullet; the ALT bullets are one målepunkt).
MEASURE_COUNTS = {
    "LMST-2024": {"K1": 3, "K2": 1, "K3": 1, "I1": 1, "I2": 1, "I3": 2},
    "SSI-2024": {"K1": 3, "K2": 1, "K3": 1, "I1": 2, "I2": 2, "I3": 2, "I4": 1},
    "SST-2024": {"K1": 3, "K2": 1, "K3": 1, "I1": 3, "I2": 1, "I3": 2},
    "STPS-2023": {"K1.1": 2, "K1.2": 1, "K1.3": 2, "I2.1": 2, "I2.2": 1, "I2.3": 2},
    "NCE-2024": {"K1": 3, "K2": 1, "K3": 1, "I1": 2, "I2": 3, "I3": 3},
}

# --- A sample of målepunkt texts, checked exactly -----------------------------------------------------
MEASURE_TEXTS = {
    "LMST-2024-K1-1": "Institutionen har identificeret mindst et relevant arbejdsområde.",
    "LMST-2024-K1-3": "KLF forelægges oplæg til drøftelse på sidste møde i 2024",
    "SSI-2024-K1-3": "KLF forelægges oplæg til drøftelse på sidste møde i 2024.",
    "NCE-2024-K1-2": "Der foreligger en implementeringsplan for det/de udvalgte områder.",
    "LMST-2024-K2-1": "Afvigelsen mellem årets resultat og det aftalte resultat i grundbudgettet for "
    "institutionerne ikke overstiger +- 5,0 mio. kr.",
    "LMST-2024-K3-1": "Institutionerne oplever en forbedring på et af følgende målepunkter i ALT-evalueringen "
    "2024 sammenlignet med ALT-evalueringen 2022:\n• Tillid til ledelsen\n• Indflydelse på arbejdet\n"
    "• Kvalitet i arbejdet",
    "SSI-2024-K3-1": "Institutionerne oplever en forbedring på et af følgende målepunkter i ALT-evalueringen "
    "2024 sammenlignet med ALT-evalueringen 2022:\n• Tillid til ledelsen\n• Indflydelse på arbejdet\n"
    "• Kvalitet i arbejdet.",
    "LMST-2024-I1-1": "Verserende sager fra før 2024 afsluttes i de to sagsbunker, der vedrører "
    "bivirkningsindberetning er om COVID-19-vacciner (hhv. 2.600 og 1.100 sager)",
    "LMST-2024-I2-1": "Sagsbehandlingstiderne er overholdt i 90 pct. af sagerne.",
    "LMST-2024-I3-1": "LMST gennemfører initiativer fra AMR-handlingsplanen der har til formål at reducere "
    "udviklingen af AMR",
    "SSI-2024-I1-1": "Covid-19-overvågning og -udbrudshåndteringen integreres i den samlede overvågning af "
    "luftvejsinfektioner.",
    "SSI-2024-I1-2": "Covid-19-testberedskabet er nedskalleret, og der laves min. 200 ugentlige stikprøver ved "
    "selvtest som indgår i den generelle overvågning af luftvejsinfektioner.",
    "SSI-2024-I2-2": 'Statens Serum Institut har påbegyndt implementeringen af anbefalinger fra "Analyse af et '
    'nationalt strategisk initiativ for biobankinfrastrukturen i Danmark", fx via etablering af et netværk for '
    "danske biobanker.",
    "SSI-2024-I4-1": "Der er foretaget evalueringer af One Health-strukturer for tre udvalgte zoonotiske "
    "patogener via OH-EpiCap-værktøjet.",
    "SST-2024-I1-2": "Sundhedsstyrelsen har sendt en plan for udmøntningen af materialepakken til Departementet "
    "med henblik på orientering af aftalekreds samt sendt en supplerende status inden udgangen af året.",
    "SST-2024-I2-1": "Sundhedsstyrelsen i samarbejde med relevante aktører i 2024 har beskrevet en model for en "
    "professionelt betjent akut telefonlinje i psykiatrien",
    "SST-2024-I3-2": "Det faglige oplæg understøtter de nævnte områder",
    "STPS-2023-K1.1-1": "STPS har identificeret strategiske samarbejder (1. halvår) og",
    "STPS-2023-K1.2-1": "Afvigelsen mellem faktisk forbrug og grundbudgettet for institutionernes samlede "
    "driftsudgifter må ikke overstige 5 pct.",
    "STPS-2023-K1.3-1": "Institutionerne identificerer minimum to konkrete ledelsestiltag, som bidrager til en "
    "forbedring af følgende målepunkter i ALT-evalueringen for 2024 sammenlignet med ALT-evaluering i 2022\n"
    "• Tillid til ledelsen\n• Indflydelse i arbejdet\n• Kvalitet i arbejdet",
    "STPS-2023-K1.3-2": "Resten af 2023: Institutionerne gennemfører ledelsestiltagene.",
    "STPS-2023-I2.1-1": "Delmål 1: Antallet af reaktive tilsyn er minimum 400 reaktive tilsyn i 2023 (gnst. 374 "
    "årlige reaktive tilsyn i 2017-2021).",
    "STPS-2023-I2.1-2": "Delmål 2 Andelen af behandlingssteder, der i høj eller meget høj grad har oplevet, at "
    "tilsynsbesøget har bidraget med input til forbedringer af patientsikkerheden på deres behandlingssted er "
    "60 pct. I 2018-2021 var graden gnst. 56 pct.",
    "STPS-2023-I2.3-2": "Pr. 1. juli 2023 er målet, at puklen af ubehandlede ansøgninger af puklen pr. 1. "
    "december 2021 udgør maksimalt 800 sager",
    "NCE-2024-I1-1": "Dataetisk Råd inden udgangen af 2024 har samlet et netværk af relevante aktører indenfor "
    "dataetikken på tværs af EU, og har drevet udarbejdelsen af en plan for netværkets aktiviteter for 2025.",
    "NCE-2024-I2-3": "Der er udarbejdet udkast rammeværk for brugen af AI.",
    "NCE-2024-I3-3": "NCE deltager i mindst to relevante ACT EU-aktiviteter.",
}

# --- Numbers and deadlines: measure_id -> (target, unit, direction, deadline) ------------------------
_ECON_2024 = (5.0, "mio. kr.", "Højst", None)
TARGETS = {
    "LMST-2024-K2-1": _ECON_2024,
    "SSI-2024-K2-1": _ECON_2024,
    "SST-2024-K2-1": _ECON_2024,
    "NCE-2024-K2-1": _ECON_2024,
    "STPS-2023-K1.2-1": (5.0, "pct.", "Højst", None),
    "LMST-2024-I1-1": (3700.0, "sager", "Mindst", None),  # 2.600 + 1.100 sager
    "LMST-2024-I2-1": (90.0, "pct.", "Mindst", None),
    "SSI-2024-I1-2": (200.0, "stikprøver pr. uge", "Mindst", None),
    "SSI-2024-I4-1": (3.0, "patogener", "Mindst", None),
    "NCE-2024-I3-3": (2.0, "aktiviteter", "Mindst", None),
    "STPS-2023-I2.1-1": (400.0, "reaktive tilsyn", "Mindst", None),
    "STPS-2023-I2.1-2": (60.0, "pct.", "Mindst", None),
    "STPS-2023-I2.3-2": (800.0, "sager", "Højst", date(2023, 7, 1)),
    "STPS-2023-K1.3-1": (2.0, "ledelsestiltag", "Mindst", None),
    # Deadlines without a number
    "STPS-2023-I2.3-1": (None, None, None, date(2023, 12, 31)),  # inden udgangen af 2023
    "STPS-2023-K1.1-1": (None, None, None, date(2023, 6, 30)),  # (1. halvår)
    "STPS-2023-K1.3-2": (None, None, None, date(2023, 12, 31)),  # Resten af 2023
    "SST-2024-I1-2": (None, None, None, date(2024, 12, 31)),  # inden udgangen af året
    "SST-2024-I1-3": (None, None, None, date(2024, 6, 30)),  # i første halvår 2024
    "NCE-2024-I1-1": (None, None, None, date(2024, 12, 31)),  # inden udgangen af 2024
}

# --- Remarks: goal_id -> text; "-", "." and empty cells in the plans are NULL -------------------------
REMARKS = {
    "LMST-2024-K1": "Nationalt Center for Etik varetager projektledelsen",
    "SSI-2024-K1": "Nationalt Center for Etik varetager projektledelsen.",
    "LMST-2024-K2": None,  # "-"
    "LMST-2024-K3": None,  # "-"
    "SST-2024-K2": None,  # "."
    "SST-2024-K3": None,  # empty
    "SSI-2024-I1": None,  # empty
    "NCE-2024-I2": None,  # "-"
    "NCE-2024-I3": None,  # empty
    "LMST-2024-I1": "Bivirkningsindberetning er om COVID-19 vacciner sendt til DKMA: 2600 sager. "
    "Bivirkningsindberetning er om COVID-19-vacciner oversendt fra Patienterstatningen: 1100 sager",
    "LMST-2024-I2": "Nye ansøgninger: Mål svarer til, at max. 2 sager må overskride fristen årligt. "
    "Ændringer: Mål svarer til, at max 3 sager må overskride fristen årligt.",
    "SST-2024-I1": "Målet bidrager til at implementere FN’s verdensmål, målsætning 19 om at styrke indsatsen "
    "overfor kroniske og livstruende sygdomme",
    "NCE-2024-I1": "Målet vil blive afrapporteret ift. Dataetisk Råds aktiviteter.",
}

OBJECTIVES = {
    "LMST-2024-K2": "Bedre økonomisk styring gennem retvisende budgettering",
    "SSI-2024-K2": "Bedre økonomisk styring gennem retvisende budgettering.",
    "SST-2024-K3": "Koncernen skal være en mere attraktiv arbejdsplads.",
    "LMST-2024-I2": "LMST vil i 2024 mod at færdigbehandle 90 pct. af ansøgninger om godkendelse eller ændring "
    "af kliniske afprøvninger inden for de fastsatte tidsfrister (15+45 dage for ansøgninger og 38 dage for "
    "ændringer)",
    "SST-2024-I1": "Sundhedsstyrelsen udmønter i 2024 dele af den politiske aftale om en forebyggelsesplan "
    "målrettet børn og unge - tobak, nikotin og alkohol",
    "NCE-2024-I3": "NCE ønsker at forstærke centerets tilknytning til- og deltagelse i det europæiske samarbejde "
    "inden for forskning og innovation.",
    "STPS-2023-I2.2": "STPS understøtter Robusthedskommissionens arbejde ved at levere bestilte beslutningsoplæg "
    "om relevante modeller for en evt. ændret autorisationsproces.",
}

# STPS 2023: goal_id -> (goal_type, measurement, reporting)
STPS_COLUMNS = {
    "STPS-2023-K1.1": (
        "Udvikling",
        "Målet anses som opnået når:\n1) STPS har identificeret strategiske samarbejder (1. halvår) og\n"
        "2) STPS igangsætter herefter de strategiske samarbejder, der er identificeret i 1. halvår, hvilke "
        "gennemføres inden for strategiens tidsplaner.",
        "Der afrapporteres halvårligt i forbindelse med udgiftsopfølgningerne.",
    ),
    "STPS-2023-K1.2": (
        "Drift",
        "Der foretages kvartalsvis en måling af den procentvise afvigelse mellem faktisk forbrug i perioden og "
        "grundbudgettet i samme periode.",
        "Der afrapporteres halvårligt i forbindelse med udgiftsopfølgning 2 og årsrapporten.",
    ),
    "STPS-2023-K1.3": (
        "Udvikling",
        "1. Halvår 2023: Afrapportering på, om indsatserne er udformet\n"
        "2. Udgangen af 2023. Kvalitativ vurdering af, hvorvidt tiltagene har haft effekt.",
        "2024: Resultat af ALT-evaluering for så vidt angår følgende målepunkter:\n- Tillid til ledelsen\n"
        "- Indflydelse i arbejdet\n- Kvalitet i arbejdet",
    ),
    "STPS-2023-I2.1": ("Udvikling", None, "Statusrapportering."),
    "STPS-2023-I2.2": (
        "Udvikling",
        None,
        "Statusrapportering.\nOpgørelse af, om STPS har leveret de beslutningsoplæg, som kommissionens "
        "sekretariat har bestilt.",
    ),
    "STPS-2023-I2.3": ("Drift", None, "Statusrapportering."),
}

# Real hyphens between two lower-case letters; any other one is a left-over line-wrap hyphen.
REAL_LOWERCASE_HYPHENS = {"Health-baserede", "Health-strukturer", "OH-EpiCap-værktøjet"}


# --- Helpers -----------------------------------------------------------------------------------------
# The one hyphenation artefact in the seeds that is not at a line end (seed 003, Delmål 2).
INLINE_HYPHEN_ARTEFACTS = {"bedrin-ger": "bedringer"}


def _seed_text(plan_id: str) -> str:
    """The seed as extracted, with HTML list tags, bullet characters and inline artefacts taken out."""
    text = (SEED_DIR / SEED_FILES[plan_id]).read_text(encoding="utf-8")
    for artefact, word in INLINE_HYPHEN_ARTEFACTS.items():
        text = text.replace(artefact, word)
    return re.sub(r"<[^>]*>", " ", text).replace("•", " ")


def _seed_pattern(text: str) -> re.Pattern:
    """A pattern finding `text` in a seed despite line wraps, line-wrap hyphens and lost list separators.

    Words must appear in order with every character. Between words: whitespace, or none before a capital
    letter (the extraction glued some list items together: "ledelsenIndflydelse"). Inside a word: an
    optional line-wrap hyphen, i.e. a hyphen at the end of a line ("identifice-\\nret"). A real hyphen in
    `text` may itself be followed by a line break ("ALT-\\n\\nevalueringen").
    """
    pattern = ""
    for i, word in enumerate(text.replace("•", " ").split()):
        if i:
            pattern += r"\s*" if word[0].isupper() else r"\s+"
        pieces = [r"-\s*" if ch == "-" else re.escape(ch) for ch in word]
        pattern += r"(?:-[ \t]*\n\s*)?".join(pieces)
    return re.compile(pattern)


def _rows(conn, sql: str, params: list) -> list[tuple]:
    return conn.execute(sql, params).fetchall()


def _plan_texts(conn, plan_id: str) -> list[tuple[str, str]]:
    """Every text of one plan as (label, text): titles, objectives, remarks, Måling, Afrapportering, målepunkter."""
    texts = []
    for goal_id, *values in _rows(
        conn,
        "SELECT goal_id, title, objective, remarks, measurement, reporting FROM goals WHERE plan_id = ?",
        [plan_id],
    ):
        for label, value in zip(("title", "objective", "remarks", "measurement", "reporting"), values, strict=True):
            if value is not None:
                texts.append((f"{goal_id} {label}", value))
    for measure_id, text in _rows(
        conn,
        "SELECT m.measure_id, m.text FROM measures m JOIN goals g USING (goal_id) WHERE g.plan_id = ?",
        [plan_id],
    ):
        texts.append((measure_id, text))
    return texts


# --- Tests -------------------------------------------------------------------------------------------
def test_seed_files_are_present():
    for name in SEED_FILES.values():
        assert (SEED_DIR / name).stat().st_size > 1000, name


def test_pattern_helper_handles_extraction_artefacts():
    seed = "om at styrke ind-\n\nsatsen overfor ALT-\n\nevalueringen 2022: Tillid til ledelsenIndflydelse"
    assert _seed_pattern("om at styrke indsatsen overfor ALT-evalueringen 2022:").search(seed)
    assert _seed_pattern("• Tillid til ledelsen\n• Indflydelse").search(seed)
    assert not _seed_pattern("om at styrke indsatserne").search(seed)
    assert not _seed_pattern("ALT-evalueringen 2023").search(seed)
    assert not _seed_pattern("om atstyrke").search(seed)
    assert not _seed_pattern("COVID19").search("COVID-19")


def test_institutions(seeded_conn):
    rows = dict(
        _rows(seeded_conn, "SELECT code, name FROM institutions WHERE code IN (?, ?, ?, ?, ?)", [*INSTITUTIONS])
    )
    assert rows == INSTITUTIONS


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_plan_signatures(seeded_conn, plan_id):
    rows = _rows(
        seeded_conn,
        "SELECT institution_code, year, director, director_signed, secretary, secretary_signed "
        "FROM plans WHERE plan_id = ?",
        [plan_id],
    )
    assert rows == [SIGNATURES[plan_id]]


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_goal_counts_per_kind(seeded_conn, plan_id):
    counts = dict(_rows(seeded_conn, "SELECT kind, count(*) FROM goals WHERE plan_id = ? GROUP BY kind", [plan_id]))
    shared, specific = GOAL_COUNTS[plan_id]
    assert counts == {SHARED: shared, SPECIFIC: specific}


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_goals_in_plan_order_with_titles(seeded_conn, plan_id):
    rows = _rows(
        seeded_conn,
        "SELECT goal_id, nr, kind, shared_key, title FROM goals WHERE plan_id = ? ORDER BY sort_order",
        [plan_id],
    )
    assert rows == GOALS[plan_id]


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_measures_per_goal(seeded_conn, plan_id):
    rows = _rows(
        seeded_conn,
        "SELECT g.goal_id, m.measure_id, m.nr FROM measures m JOIN goals g USING (goal_id) "
        "WHERE g.plan_id = ? ORDER BY g.sort_order, m.sort_order",
        [plan_id],
    )
    expected = [
        (f"{plan_id}-{goal}", f"{plan_id}-{goal}-{n}", str(n))
        for goal, count in MEASURE_COUNTS[plan_id].items()
        for n in range(1, count + 1)
    ]
    assert rows == expected


@pytest.mark.parametrize("measure_id", sorted(MEASURE_TEXTS))
def test_measure_text_exact(seeded_conn, measure_id):
    rows = _rows(seeded_conn, "SELECT text FROM measures WHERE measure_id = ?", [measure_id])
    assert rows == [(MEASURE_TEXTS[measure_id],)]


@pytest.mark.parametrize("code", ["LMST", "SSI", "SST", "NCE"])
def test_ki_has_three_checkpoints(seeded_conn, code):
    rows = _rows(seeded_conn, "SELECT text FROM measures WHERE goal_id = ? ORDER BY sort_order", [f"{code}-2024-K1"])
    texts = [text.rstrip(".") for (text,) in rows]
    assert texts == [
        "Institutionen har identificeret mindst et relevant arbejdsområde",
        "Der foreligger en implementeringsplan for det/de udvalgte områder",
        "KLF forelægges oplæg til drøftelse på sidste møde i 2024",
    ]


@pytest.mark.parametrize("measure_id", sorted(TARGETS))
def test_targets_and_deadlines(seeded_conn, measure_id):
    rows = _rows(
        seeded_conn,
        "SELECT target, unit, direction, deadline FROM measures WHERE measure_id = ?",
        [measure_id],
    )
    assert len(rows) == 1
    target, unit, direction, deadline = rows[0]
    want_target, want_unit, want_direction, want_deadline = TARGETS[measure_id]
    assert target == (None if want_target is None else pytest.approx(want_target))
    assert (unit, direction, deadline) == (want_unit, want_direction, want_deadline)


def test_no_other_measure_has_a_target_or_deadline(seeded_conn):
    rows = _rows(
        seeded_conn,
        "SELECT m.measure_id FROM measures m JOIN goals g USING (goal_id) "
        "WHERE g.plan_id IN (?, ?, ?, ?, ?) "
        "AND (m.target IS NOT NULL OR m.unit IS NOT NULL OR m.direction IS NOT NULL OR m.deadline IS NOT NULL)",
        [*PLAN_IDS],
    )
    assert sorted(r[0] for r in rows) == sorted(TARGETS)


@pytest.mark.parametrize("goal_id", sorted(REMARKS))
def test_remarks(seeded_conn, goal_id):
    assert _rows(seeded_conn, "SELECT remarks FROM goals WHERE goal_id = ?", [goal_id]) == [(REMARKS[goal_id],)]


@pytest.mark.parametrize("goal_id", sorted(OBJECTIVES))
def test_objectives(seeded_conn, goal_id):
    assert _rows(seeded_conn, "SELECT objective FROM goals WHERE goal_id = ?", [goal_id]) == [(OBJECTIVES[goal_id],)]


@pytest.mark.parametrize("goal_id", sorted(STPS_COLUMNS))
def test_stps_type_measurement_reporting(seeded_conn, goal_id):
    rows = _rows(seeded_conn, "SELECT goal_type, measurement, reporting FROM goals WHERE goal_id = ?", [goal_id])
    assert rows == [STPS_COLUMNS[goal_id]]


def test_only_stps_has_goal_types(seeded_conn):
    rows = _rows(
        seeded_conn,
        "SELECT DISTINCT plan_id FROM goals WHERE goal_type IS NOT NULL AND plan_id IN (?, ?, ?, ?, ?)",
        [*PLAN_IDS],
    )
    assert rows == [("STPS-2023",)]


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_every_text_is_in_the_seed(seeded_conn, plan_id):
    seed = _seed_text(plan_id)
    texts = _plan_texts(seeded_conn, plan_id)
    assert texts
    missing = [(label, text) for label, text in texts if not _seed_pattern(text).search(seed)]
    assert missing == []


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_no_extraction_artefacts_left(seeded_conn, plan_id):
    problems = []
    for label, text in _plan_texts(seeded_conn, plan_id):
        if text != text.strip() or "  " in text or "<" in text or "\t" in text:
            problems.append((label, "whitespace/HTML", text))
        if "•" in text and not all(line.startswith("• ") for line in text.splitlines() if "•" in line):
            problems.append((label, "bullet inside a line", text))
        if " " not in label and text.startswith(("•", "Målet anses som")):  # a målepunkt (label = its ID)
            problems.append((label, "bullet or lead-in at start", text))
        for word in re.findall(r"\S*[a-zæøå]-[a-zæøå]\S*", text):
            if word.strip(".,:;()") not in REAL_LOWERCASE_HYPHENS:
                problems.append((label, "line-wrap hyphen", word))
    assert problems == []
