"""Word-for-word transcription of the five seed mål- og resultatplaner (data in Danish).

Source: the text extracted from the original PDF/Word plans in ``/work/shared/seeds/`` (copies in
``tests/seed_texts/``):

- ``000_a18cd99e1284a62d.txt``: Lægemiddelstyrelsen (LMST), 2024
- ``001_79d4594e63ae594a.txt``: Statens Serum Institut (SSI), 2024
- ``002_4ae00b680fd2caa7.txt``: Sundhedsstyrelsen (SST), 2024
- ``003_060f6e4efc798d91.txt``: Styrelsen for Patientsikkerhed (STPS), 2023
- ``004_4eb53f6556a26f60.txt``: Nationalt Center for Etik (NCE), 2024

Keys follow ``loaders.contract`` (the Om keys, GOAL_COLUMNS and MEASURE_COLUMNS of the Plan workbook).
Texts keep the authors' spelling, capitalisation and punctuation; only PDF extraction artefacts were
undone (line-wrap hyphenation, wrapped lines, bullet characters, HTML list tags). Every judgement call
is listed in ``docs/SEEDS.md``.
"""

from __future__ import annotations

from datetime import date

from vocabulary.terms import GoalKind

# --- Texts shared by the 2024 koncernfælles goals (each plan keeps its own punctuation) ---------------
_KI_TITLE = "Kunstig intelligens"
_KI_OBJECTIVE = "Understøttelse af udbredelse af kunstig intelligens i koncernen."
_KI_1 = "Institutionen har identificeret mindst et relevant arbejdsområde."
_KI_2 = "Der foreligger en implementeringsplan for det/de udvalgte områder."
_KI_3 = "KLF forelægges oplæg til drøftelse på sidste møde i 2024"
_KI_REMARK = "Nationalt Center for Etik varetager projektledelsen"

_ECON_TITLE = "Økonomisk Styring"
_ECON_OBJECTIVE = "Bedre økonomisk styring gennem retvisende budgettering"
_ECON_MEASURE = (
    "Afvigelsen mellem årets resultat og det aftalte resultat i grundbudgettet for institutionerne "
    "ikke overstiger +- 5,0 mio. kr."
)

_ALT_TITLE = "Attraktiv arbejdsplads"
_ALT_OBJECTIVE = "Koncernen skal være en mere attraktiv arbejdsplads."
_ALT_MEASURE = (
    "Institutionerne oplever en forbedring på et af følgende målepunkter i ALT-evalueringen 2024 "
    "sammenlignet med ALT-evalueringen 2022:\n"
    "• Tillid til ledelsen\n"
    "• Indflydelse på arbejdet\n"
    "• Kvalitet i arbejdet"
)


def _goal(
    goal_id: str,
    nr: str,
    kind: str,
    shared_key: str | None,
    title: str,
    objective: str,
    remarks: str | None,
    goal_type: str | None = None,
    measurement: str | None = None,
    reporting: str | None = None,
) -> dict:
    return {
        "Mål-ID": goal_id,
        "Nr.": nr,
        "Måltype": kind,
        "Fælles mål": shared_key,
        "Titel": title,
        "Mål": objective,
        "Bemærkninger": remarks,
        "Type af mål": goal_type,
        "Måling": measurement,
        "Afrapportering": reporting,
    }


def _measures(goal_id: str, *texts: str | tuple[str, float | None, str | None, str | None, date | None]) -> list[dict]:
    """Målepunkter of one goal, numbered 1, 2, ...; a tuple is (text, Måltal, Enhed, Retning, Frist)."""
    rows = []
    for n, item in enumerate(texts, start=1):
        text, target, unit, direction, deadline = item if isinstance(item, tuple) else (item, None, None, None, None)
        rows.append(
            {
                "Målepunkt-ID": f"{goal_id}-{n}",
                "Mål-ID": goal_id,
                "Nr.": str(n),
                "Målepunkt": text,
                "Måltal": target,
                "Enhed": unit,
                "Retning": direction,
                "Frist": deadline,
            }
        )
    return rows


_SHARED = GoalKind.SHARED
_SPECIFIC = GoalKind.SPECIFIC

# --- LMST 2024 (seed 000) ---------------------------------------------------------------------------
_LMST = {
    "about": {
        "Institution": "LMST",
        "Institutionens navn": "Lægemiddelstyrelsen",
        "År": 2024,
        "Direktør": "Lars Bo Nielsen",
        "Underskrevet af direktør": date(2023, 12, 21),
        "Departementschef": "Svend Særkjær",
        "Underskrevet af departementschef": date(2023, 12, 19),
    },
    "goals": [
        _goal("LMST-2024-K1", "1", _SHARED, "KI", _KI_TITLE, _KI_OBJECTIVE, _KI_REMARK),
        _goal("LMST-2024-K2", "2", _SHARED, "ØKONOMI", _ECON_TITLE, _ECON_OBJECTIVE, None),
        _goal("LMST-2024-K3", "3", _SHARED, "ALT", _ALT_TITLE, _ALT_OBJECTIVE, None),
        _goal(
            "LMST-2024-I1",
            "1",
            _SPECIFIC,
            None,
            "Nedbringelse af COVID-19-sagsbunker",
            "I 2024 vil LMST forbedre servicen ved aktivt at nedbringe antallet af verserende sager om "
            "bivirkningsindberetning er vedrørende COVID-19 vacciner",
            "Bivirkningsindberetning er om COVID-19 vacciner sendt til DKMA: 2600 sager. "
            "Bivirkningsindberetning er om COVID-19-vacciner oversendt fra Patienterstatningen: 1100 sager",
        ),
        _goal(
            "LMST-2024-I2",
            "2",
            _SPECIFIC,
            None,
            "Bedre understøttelse af kliniske forsøg",
            "LMST vil i 2024 mod at færdigbehandle 90 pct. af ansøgninger om godkendelse eller ændring af "
            "kliniske afprøvninger inden for de fastsatte tidsfrister (15+45 dage for ansøgninger og 38 dage "
            "for ændringer)",
            "Nye ansøgninger: Mål svarer til, at max. 2 sager må overskride fristen årligt. "
            "Ændringer: Mål svarer til, at max 3 sager må overskride fristen årligt.",
        ),
        _goal(
            "LMST-2024-I3",
            "3",
            _SPECIFIC,
            None,
            "Bidrag til den Nationale Handlingsplan for AMR",
            "LMST bidrager aktivt til implementeringen af Regeringens AMR-handlingsplan på det humane område",
            "Målepunkterne kan tilpasses, når den endelige AMR-handlingsplan foreligger.",
        ),
    ],
    "measures": [
        *_measures("LMST-2024-K1", _KI_1, _KI_2, _KI_3),
        *_measures("LMST-2024-K2", (_ECON_MEASURE, 5.0, "mio. kr.", "Højst", None)),
        *_measures("LMST-2024-K3", _ALT_MEASURE),
        *_measures(
            "LMST-2024-I1",
            (
                "Verserende sager fra før 2024 afsluttes i de to sagsbunker, der vedrører "
                "bivirkningsindberetning er om COVID-19-vacciner (hhv. 2.600 og 1.100 sager)",
                3700.0,
                "sager",
                "Mindst",
                None,
            ),
        ),
        *_measures(
            "LMST-2024-I2",
            ("Sagsbehandlingstiderne er overholdt i 90 pct. af sagerne.", 90.0, "pct.", "Mindst", None),
        ),
        *_measures(
            "LMST-2024-I3",
            "LMST gennemfører initiativer fra AMR-handlingsplanen der har til formål at reducere udviklingen af AMR",
            "LMST gennemfører initiativer fra AMR-handlingsplanen der har til formål at sikre tilgængeligheden "
            "af kritiske antimikrobielle lægemidler i Danmark.",
        ),
    ],
}

# --- SSI 2024 (seed 001) ----------------------------------------------------------------------------
_SSI = {
    "about": {
        "Institution": "SSI",
        "Institutionens navn": "Statens Serum Institut",
        "År": 2024,
        "Direktør": "Henrik Ullum",
        "Underskrevet af direktør": date(2023, 12, 19),
        "Departementschef": "Svend Særkjær",
        "Underskrevet af departementschef": date(2023, 12, 19),
    },
    "goals": [
        _goal("SSI-2024-K1", "1", _SHARED, "KI", _KI_TITLE, _KI_OBJECTIVE, _KI_REMARK + "."),
        _goal("SSI-2024-K2", "2", _SHARED, "ØKONOMI", _ECON_TITLE, _ECON_OBJECTIVE + ".", None),
        _goal("SSI-2024-K3", "3", _SHARED, "ALT", _ALT_TITLE, _ALT_OBJECTIVE, None),
        _goal(
            "SSI-2024-I1",
            "1",
            _SPECIFIC,
            None,
            "Integration af covid-19-aktiviteter i infektionsberedskabet",
            "I 2024 skal det sikres igangværende omstilling af covid-19-indsatsen sker på en måde, hvorved de "
            "gode erfaringer fra pandemien fastholdes og implementeres i et samlet infektionsberedskab på "
            "Statens Serum Institut.",
            None,
        ),
        _goal(
            "SSI-2024-I2",
            "2",
            _SPECIFIC,
            None,
            "Bedre adgang til og anvendelse af sundhedsdata",
            "I 2024 vil Statens Serum Institut forbedre adgangen til og anvendelsen af danske sundhedsdata ved "
            "at styrke datagrundlaget for den nationale overvågning af infektioner og konsolidere "
            "biobankinfrastrukturen i Danmark",
            None,
        ),
        _goal(
            "SSI-2024-I3",
            "3",
            _SPECIFIC,
            None,
            "Bekæmpelse af antimikrobiel resistens (AMR)",
            "I 2024 vil Statens Serum Institut bidrage aktivt til implementeringen af regeringens AMR-handlingsplan",
            None,
        ),
        _goal(
            "SSI-2024-I4",
            "4",
            _SPECIFIC,
            None,
            "Styrkelse af Statens Serum Instituts One Health-baserede overvågning, beredskab og forskning",
            "I 2024 vil Statens Serum Institut identificere forbedringspotentialer og styrke Statens Serum "
            "Instituts One Health-baserede overvågning, beredskab og forskning gennem evalueringer af "
            "eksisterende One Health-strukturer",
            None,
        ),
    ],
    "measures": [
        *_measures("SSI-2024-K1", _KI_1, _KI_2, _KI_3 + "."),
        *_measures("SSI-2024-K2", (_ECON_MEASURE, 5.0, "mio. kr.", "Højst", None)),
        *_measures("SSI-2024-K3", _ALT_MEASURE + "."),
        *_measures(
            "SSI-2024-I1",
            "Covid-19-overvågning og -udbrudshåndteringen integreres i den samlede overvågning af luftvejsinfektioner.",
            (
                "Covid-19-testberedskabet er nedskalleret, og der laves min. 200 ugentlige stikprøver ved "
                "selvtest som indgår i den generelle overvågning af luftvejsinfektioner.",
                200.0,
                "stikprøver pr. uge",
                "Mindst",
                None,
            ),
        ),
        *_measures(
            "SSI-2024-I2",
            "Der er udarbejdet en Proof of Concept (PoC) for integration af prøvesvar fra biokemiske og "
            "immunologiske laboratorier (via LABA) i den nationale digitale overvågning af infektioner.",
            'Statens Serum Institut har påbegyndt implementeringen af anbefalinger fra "Analyse af et '
            'nationalt strategisk initiativ for biobankinfrastrukturen i Danmark", fx via etablering af et '
            "netværk for danske biobanker.",
        ),
        *_measures(
            "SSI-2024-I3",
            "Statens Serum Institut gennemfører initiativer fra AMR-handlingsplanen, som har til formål at "
            "reducere udviklingen af AMR.",
            "Statens Serum Institut gennemfører initiativer fra AMR-handlingsplanen, som har til formål at "
            "styrke overvågningen af det humane forbrug af antibiotika og forekomsten af antibiotikaresistens.",
        ),
        *_measures(
            "SSI-2024-I4",
            (
                "Der er foretaget evalueringer af One Health-strukturer for tre udvalgte zoonotiske patogener "
                "via OH-EpiCap-værktøjet.",
                3.0,
                "patogener",
                "Mindst",
                None,
            ),
        ),
    ],
}

# --- SST 2024 (seed 002) ----------------------------------------------------------------------------
_SST = {
    "about": {
        "Institution": "SST",
        "Institutionens navn": "Sundhedsstyrelsen",
        "År": 2024,
        "Direktør": "Jonas Egebart",
        "Underskrevet af direktør": None,
        "Departementschef": "Svend Særkjær",
        "Underskrevet af departementschef": date(2023, 12, 19),
    },
    "goals": [
        _goal("SST-2024-K1", "1", _SHARED, "KI", _KI_TITLE, _KI_OBJECTIVE, _KI_REMARK),
        _goal("SST-2024-K2", "2", _SHARED, "ØKONOMI", _ECON_TITLE, _ECON_OBJECTIVE, None),
        _goal("SST-2024-K3", "3", _SHARED, "ALT", _ALT_TITLE, _ALT_OBJECTIVE, None),
        _goal(
            "SST-2024-I1",
            "1",
            _SPECIFIC,
            None,
            "Dialog, rammer og hjælp til unge omkring ryge- og nikotinstop",
            "Sundhedsstyrelsen udmønter i 2024 dele af den politiske aftale om en forebyggelsesplan målrettet "
            "børn og unge - tobak, nikotin og alkohol",
            "Målet bidrager til at implementere FN’s verdensmål, målsætning 19 om at styrke indsatsen overfor "
            "kroniske og livstruende sygdomme",
        ),
        _goal(
            "SST-2024-I2",
            "2",
            _SPECIFIC,
            None,
            "Styrket akutindsats for mennesker med svær psykisk sygdom",
            "SST styrker indsatsen på akutområdet overfor mennesker med svær psykisk sygdom for at bidrage til "
            "let og hurtig adgang",
            "Målet knytter sig til politisk aftale om 10-årsplan for psykiatrien og mental sundhed.",
        ),
        _goal(
            "SST-2024-I3",
            "3",
            _SPECIFIC,
            None,
            "Styrket indsats for mennesker med kræft",
            "SST udarbejder et fagligt oplæg til kræftplan V, som understøtter tidlig opsporing og diagnostik, "
            "behandling, rehabilitering, palliation og senfølgeområdet",
            "Oplægget forventes oversendt ultimo 2024.",
        ),
    ],
    "measures": [
        *_measures("SST-2024-K1", _KI_1, _KI_2, _KI_3),
        *_measures("SST-2024-K2", (_ECON_MEASURE, 5.0, "mio. kr.", "Højst", None)),
        *_measures("SST-2024-K3", _ALT_MEASURE),
        *_measures(
            "SST-2024-I1",
            "Sundhedsstyrelsen inden for rammen af den politiske aftale har udmøntet midlerne for 2024 til en "
            "materialepakke for, hvordan man lokalt kan arbejde med at forebygge nikotinbrug blandt børn og "
            "unge, herunder sikre oplysning og viden om skadevirkninger til skoler, forældre og børn/unge.",
            (
                "Sundhedsstyrelsen har sendt en plan for udmøntningen af materialepakken til Departementet med "
                "henblik på orientering af aftalekreds samt sendt en supplerende status inden udgangen af året.",
                None,
                None,
                None,
                date(2024, 12, 31),
            ),
            (
                "Sundhedsstyrelsen i første halvår 2024 har slået puljen til at styrke kommunernes ryge- og "
                "nikotinstoptilbud målrettet børn og unge op og har uddelt midlerne.",
                None,
                None,
                None,
                date(2024, 6, 30),
            ),
        ),
        *_measures(
            "SST-2024-I2",
            "Sundhedsstyrelsen i samarbejde med relevante aktører i 2024 har beskrevet en model for en "
            "professionelt betjent akut telefonlinje i psykiatrien",
        ),
        *_measures(
            "SST-2024-I3",
            "Det faglige oplæg til kræftplan V er oversendt til departementet",
            "Det faglige oplæg understøtter de nævnte områder",
        ),
    ],
}

# --- STPS 2023 (seed 003) ---------------------------------------------------------------------------
_STPS_13_ITEM_1 = (
    "Institutionerne identificerer minimum to konkrete ledelsestiltag, som bidrager til en forbedring af "
    "følgende målepunkter i ALT-evalueringen for 2024 sammenlignet med ALT-evaluering i 2022\n"
    "• Tillid til ledelsen\n"
    "• Indflydelse i arbejdet\n"
    "• Kvalitet i arbejdet"
)
_STPS_13_ITEM_2 = "Resten af 2023: Institutionerne gennemfører ledelsestiltagene."
_STPS_21_DELMAAL_1 = (
    "Delmål 1: Antallet af reaktive tilsyn er minimum 400 reaktive tilsyn i 2023 (gnst. 374 årlige "
    "reaktive tilsyn i 2017-2021)."
)
_STPS_21_DELMAAL_2 = (
    "Delmål 2 Andelen af behandlingssteder, der i høj eller meget høj grad har oplevet, at tilsynsbesøget "
    "har bidraget med input til forbedringer af patientsikkerheden på deres behandlingssted er 60 pct. "
    "I 2018-2021 var graden gnst. 56 pct."
)
_STPS_22_GOAL = (
    "STPS understøtter Robusthedskommissionens arbejde ved at levere bestilte beslutningsoplæg om relevante "
    "modeller for en evt. ændret autorisationsproces."
)
_STPS_23_PART_1 = (
    "Mål for 2023 er, at alle sager i sagspuklen pr. 1. december 2021 på ca. 4.000 inden udgangen af 2023 "
    "skal vurderes ift., om den udenlandske uddannelse i det væsentligste svarer til den tilsvarende danske "
    "uddannelse, hvis ansøger har oplyst sagen tilstrækkeligt til, at vurderingen kan ske."
)
_STPS_23_PART_2 = (
    "Pr. 1. juli 2023 er målet, at puklen af ubehandlede ansøgninger af puklen pr. 1. december 2021 udgør "
    "maksimalt 800 sager"
)
_STPS_12_GOAL = (
    "Afvigelsen mellem faktisk forbrug og grundbudgettet for institutionernes samlede driftsudgifter må "
    "ikke overstige 5 pct."
)

_STPS = {
    "about": {
        "Institution": "STPS",
        "Institutionens navn": "Styrelsen for Patientsikkerhed",
        "År": 2023,
        "Direktør": "Anette Lykke Petri",
        "Underskrevet af direktør": None,
        "Departementschef": None,
        "Underskrevet af departementschef": None,
    },
    "goals": [
        _goal(
            "STPS-2023-K1.1",
            "1.1",
            _SHARED,
            "SAMARBEJDE",
            "Samarbejde",
            "1. halvår 2023: STPS identificerer 1-3 væsentlige strategiske samarbejder og snitflader med en "
            "eller flere styrelser inden for koncernstrategiens indsatsområder.\n"
            "Styrelsen igangsætter de strategiske samarbejder, der gennemføres inden for strategiens tidsplaner",
            None,
            goal_type="Udvikling",
            measurement="Målet anses som opnået når:\n"
            "1) STPS har identificeret strategiske samarbejder (1. halvår) og\n"
            "2) STPS igangsætter herefter de strategiske samarbejder, der er identificeret i 1. halvår, hvilke "
            "gennemføres inden for strategiens tidsplaner.",
            reporting="Der afrapporteres halvårligt i forbindelse med udgiftsopfølgningerne.",
        ),
        _goal(
            "STPS-2023-K1.2",
            "1.2",
            _SHARED,
            "ØKONOMI",
            "Økonomisk styring",
            _STPS_12_GOAL,
            None,
            goal_type="Drift",
            measurement="Der foretages kvartalsvis en måling af den procentvise afvigelse mellem faktisk forbrug "
            "i perioden og grundbudgettet i samme periode.",
            reporting="Der afrapporteres halvårligt i forbindelse med udgiftsopfølgning 2 og årsrapporten.",
        ),
        _goal(
            "STPS-2023-K1.3",
            "1.3",
            _SHARED,
            "ALT",
            "Attraktiv arbejdsplads",
            f"1. {_STPS_13_ITEM_1}\n2. {_STPS_13_ITEM_2}",
            None,
            goal_type="Udvikling",
            measurement="1. Halvår 2023: Afrapportering på, om indsatserne er udformet\n"
            "2. Udgangen af 2023. Kvalitativ vurdering af, hvorvidt tiltagene har haft effekt.",
            reporting="2024: Resultat af ALT-evaluering for så vidt angår følgende målepunkter:\n"
            "- Tillid til ledelsen\n"
            "- Indflydelse i arbejdet\n"
            "- Kvalitet i arbejdet",
        ),
        _goal(
            "STPS-2023-I2.1",
            "2.1",
            _SPECIFIC,
            None,
            "Opfølgning på RBT evalueringen",
            f"{_STPS_21_DELMAAL_1}\n{_STPS_21_DELMAAL_2}",
            None,
            goal_type="Udvikling",
            reporting="Statusrapportering.",
        ),
        _goal(
            "STPS-2023-I2.2",
            "2.2",
            _SPECIFIC,
            None,
            "Robusthedskommissionens arbejde med at udvikle en mere smidig autorisationsproces",
            _STPS_22_GOAL,
            None,
            goal_type="Udvikling",
            reporting="Statusrapportering.\n"
            "Opgørelse af, om STPS har leveret de beslutningsoplæg, som kommissionens sekretariat har bestilt.",
        ),
        _goal(
            "STPS-2023-I2.3",
            "2.3",
            _SPECIFIC,
            None,
            "Pukkelafvikling på autorisationsområdet",
            f"{_STPS_23_PART_1}\n{_STPS_23_PART_2}",
            None,
            goal_type="Drift",
            reporting="Statusrapportering.",
        ),
    ],
    "measures": [
        *_measures(
            "STPS-2023-K1.1",
            (
                "STPS har identificeret strategiske samarbejder (1. halvår) og",
                None,
                None,
                None,
                date(2023, 6, 30),
            ),
            "STPS igangsætter herefter de strategiske samarbejder, der er identificeret i 1. halvår, hvilke "
            "gennemføres inden for strategiens tidsplaner.",
        ),
        *_measures("STPS-2023-K1.2", (_STPS_12_GOAL, 5.0, "pct.", "Højst", None)),
        *_measures(
            "STPS-2023-K1.3",
            (_STPS_13_ITEM_1, 2.0, "ledelsestiltag", "Mindst", None),
            (_STPS_13_ITEM_2, None, None, None, date(2023, 12, 31)),
        ),
        *_measures(
            "STPS-2023-I2.1",
            (_STPS_21_DELMAAL_1, 400.0, "reaktive tilsyn", "Mindst", None),
            (_STPS_21_DELMAAL_2, 60.0, "pct.", "Mindst", None),
        ),
        *_measures("STPS-2023-I2.2", _STPS_22_GOAL),
        *_measures(
            "STPS-2023-I2.3",
            (_STPS_23_PART_1, None, None, None, date(2023, 12, 31)),
            (_STPS_23_PART_2, 800.0, "sager", "Højst", date(2023, 7, 1)),
        ),
    ],
}

# --- NCE 2024 (seed 004) ----------------------------------------------------------------------------
_NCE = {
    "about": {
        "Institution": "NCE",
        "Institutionens navn": "Nationalt Center for Etik",
        "År": 2024,
        "Direktør": "Christa Lundgaard Kjøller",
        "Underskrevet af direktør": date(2023, 12, 15),
        "Departementschef": "Svend Særkjær",
        "Underskrevet af departementschef": date(2023, 12, 19),
    },
    "goals": [
        _goal("NCE-2024-K1", "1", _SHARED, "KI", _KI_TITLE, _KI_OBJECTIVE, _KI_REMARK),
        _goal("NCE-2024-K2", "2", _SHARED, "ØKONOMI", _ECON_TITLE, _ECON_OBJECTIVE, None),
        _goal("NCE-2024-K3", "3", _SHARED, "ALT", _ALT_TITLE, _ALT_OBJECTIVE, None),
        _goal(
            "NCE-2024-I1",
            "1",
            _SPECIFIC,
            None,
            "Styrket dialog på tværs af EU omkring dataetikken",
            "Dataetisk Råd skal være drivende for en styrket dialog i EU omkring dataetikken.",
            "Målet vil blive afrapporteret ift. Dataetisk Råds aktiviteter.",
        ),
        _goal(
            "NCE-2024-I2",
            "2",
            _SPECIFIC,
            None,
            "Kunstig intelligens i Indenrigs- og Sundhedsministeriets koncern",
            "NCE er projektledere på et koncernfælles projekt om understøttelse og udbredelse af AI i ISM-koncernen.",
            None,
        ),
        _goal(
            "NCE-2024-I3",
            "3",
            _SPECIFIC,
            None,
            "Stærkere EU-samarbejde inden for forskning & innovation.",
            "NCE ønsker at forstærke centerets tilknytning til- og deltagelse i det europæiske samarbejde inden "
            "for forskning og innovation.",
            None,
        ),
    ],
    "measures": [
        *_measures("NCE-2024-K1", _KI_1, _KI_2, _KI_3),
        *_measures("NCE-2024-K2", (_ECON_MEASURE, 5.0, "mio. kr.", "Højst", None)),
        *_measures("NCE-2024-K3", _ALT_MEASURE),
        *_measures(
            "NCE-2024-I1",
            (
                "Dataetisk Råd inden udgangen af 2024 har samlet et netværk af relevante aktører indenfor "
                "dataetikken på tværs af EU, og har drevet udarbejdelsen af en plan for netværkets aktiviteter "
                "for 2025.",
                None,
                None,
                None,
                date(2024, 12, 31),
            ),
            "Dataetisk Råd har præsenteret visionerne for dette samarbejde for Folketingets Digitaliseringsudvalg.",
        ),
        *_measures(
            "NCE-2024-I2",
            "Der er afholdt et antal erfagrupper, der sikrer vidensdeling på tværs med relevante nøglepersoner.",
            "KLF forelægges en oversigt over koncernens AI-initiativer inkl. implementeringsplaner til drøftelse "
            "på sidste møde i 2024.",
            "Der er udarbejdet udkast rammeværk for brugen af AI.",
        ),
        *_measures(
            "NCE-2024-I3",
            "NCE udvælges til at give det etiske bidrag til EHDS på europæisk plan.",
            "NCE efter 1. halvår afrapporterer på fremdriften i styregruppen samt ACT EU-aktiviteter.",
            ("NCE deltager i mindst to relevante ACT EU-aktiviteter.", 2.0, "aktiviteter", "Mindst", None),
        ),
    ],
}

PLANS: list[dict] = [_LMST, _SSI, _SST, _STPS, _NCE]
