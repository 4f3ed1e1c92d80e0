"""Benchmarkcijfers en onderdrukking, met verwachtingen die hier met de hand zijn uitgerekend."""

from __future__ import annotations

import pandas as pd
import pytest
from bouwers import antwoord, gemeente, maak_run

from eenzaamheid.cli import main
from eenzaamheid.inlezen.params import lees_params
from eenzaamheid.verwerken.cijfers import Benchmark, onderdruk
from eenzaamheid.verwerken.opslag import lees_verwerkt

# Provincie PV20: GM0001 en precies 5 andere; PV21: GM0011 en precies 4 andere.
GEMEENTEN_2020 = [gemeente(f"GM000{i}", "PV20", 10_000 + i) for i in range(1, 7)] + [
    gemeente(f"GM001{i}", "PV21", 60_000 + i) for i in range(1, 6)
]
GEMEENTEN_2019 = [gemeente("GM0098", "PV20", 8_000), gemeente("GM0099", "PV20", 3_000)] + [
    g for g in GEMEENTEN_2020 if g["gemeente_code"] != "GM0001"
]
LEEG_MEER = {"partners__zorg": "", "partners__sport": "", "partners__geen": ""}


def _meer(*gekozen):
    return {f"partners__{o}": "1" if o in gekozen else "0" for o in ("zorg", "sport", "geen")}


ANTWOORDEN_2020 = [
    antwoord(
        "A1",
        "GM0001",
        signaalpunt="ja",
        coalitie="",
        overige_gemeenten="GM0006",
        **_meer("zorg", "sport"),
        tools__adviseurs="gebruikt",
        tools__toolkit="",
    ),
    antwoord("A2", "GM0002", signaalpunt="ja", coalitie="geen", **_meer("zorg"), tools__adviseurs="gebruikt"),
    antwoord("A3", "GM0003", signaalpunt="nee", coalitie="opstart", **_meer("sport"), tools__adviseurs="onbekend"),
    antwoord(
        "A4", "GM0004", signaalpunt="nee", coalitie="actief", **_meer("zorg", "sport"), tools__adviseurs="gebruikt"
    ),
    antwoord("A5", "GM0005", signaalpunt="ja", coalitie="actief", **_meer(), tools__adviseurs="gebruikt"),
    antwoord("A6", "GM0006", signaalpunt="nee", coalitie="opstart", **LEEG_MEER, tools__adviseurs="gebruikt"),
] + [
    antwoord(
        f"B{i}",
        f"GM001{i}",
        signaalpunt="ja" if i < 5 else "nee",
        coalitie="actief",
        **_meer("geen"),
        tools__adviseurs="onbekend",
    )
    for i in range(1, 6)
]
ANTWOORDEN_2019 = [
    antwoord("V1", "GM0098", ingediend="2019-12-10T10:00:00", signaalpunt="nee", coalitie="opstart"),
    antwoord("V2", "GM0099", ingediend="2019-12-10T10:00:00", signaalpunt="ja", coalitie="actief"),
    antwoord("V3", "GM0002", ingediend="2019-12-10T10:00:00", signaalpunt="nee", coalitie="geen"),
]


def maak_gevalideerde_run(map_):
    """De kleine run van deze module, gevalideerd; geeft het parameterbestand."""
    pad = maak_run(
        map_,
        {
            2019: {"gemeenten": GEMEENTEN_2019, "antwoorden": ANTWOORDEN_2019},
            2020: {"gemeenten": GEMEENTEN_2020, "antwoorden": ANTWOORDEN_2020},
        },
        herindelingen=[
            {"datum": "2020-01-01", "oude_code": "GM0098", "nieuwe_code": "GM0001"},
            {"datum": "2020-01-01", "oude_code": "GM0099", "nieuwe_code": "GM0001"},
        ],
    )
    assert main(["validate", "--params", str(pad)]) == 0
    return pad


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    return Benchmark(lees_verwerkt(lees_params(maak_gevalideerde_run(tmp_path_factory.mktemp("bench")))))


def _cijfer(df, groep, vraag, optie, rij=""):
    r = df[(df.groep == groep) & (df.vraag == vraag) & (df.rij == rij) & (df.optie == optie)]
    assert len(r) == 1
    return r.iloc[0]


def test_landelijk_is_alle_getelde_gemeenten(bench):
    df = bench.cijfers("GM0001")
    r = _cijfer(df, "landelijk", "signaalpunt", "ja")
    assert (r.aantal, r.n, r.onderdrukt) == (7, 11, 0)  # ja: 3 in PV20 + 4 in PV21
    assert r.percentage == pytest.approx(100 * 7 / 11)


def test_groep_met_precies_vijf_andere_wordt_getoond(bench):
    r = _cijfer(bench.cijfers("GM0001"), "provincie", "signaalpunt", "ja")
    assert (r.aantal, r.n, r.onderdrukt) == (3, 6, 0)
    assert r.percentage == pytest.approx(50.0)


def test_groep_met_vier_andere_wordt_onderdrukt(bench):
    r = _cijfer(bench.cijfers("GM0011"), "provincie", "signaalpunt", "ja")
    assert r.onderdrukt == 1 and pd.isna(r.aantal) and pd.isna(r.percentage) and r.n == 5


def test_gemeente_die_niet_antwoordde(bench):
    df = bench.cijfers("GM0001")
    eigen = _cijfer(df, "gemeente", "coalitie", "actief")
    assert (eigen.aantal, eigen.n) == (0, 0) and pd.isna(eigen.percentage)
    # Vijf andere gemeenten in PV20 antwoordden: getoond (geen, opstart x2, actief x2).
    prov = {o: _cijfer(df, "provincie", "coalitie", o) for o in ("geen", "opstart", "actief")}
    assert [prov[o].aantal for o in ("geen", "opstart", "actief")] == [1, 2, 2]
    assert all(p.n == 5 and p.onderdrukt == 0 for p in prov.values())


def test_meerkeuze_percentages_van_n_en_niets_aangekruist_telt_mee(bench):
    df = bench.cijfers("GM0001")
    # Landelijk: GM0006 liet alles leeg (niet beantwoord); GM0005 kruiste niets aan (wel beantwoord).
    zorg = _cijfer(df, "landelijk", "partners", "zorg")
    sport = _cijfer(df, "landelijk", "partners", "sport")
    geen = _cijfer(df, "landelijk", "partners", "geen")
    assert (zorg.aantal, sport.aantal, geen.aantal, zorg.n) == (3, 3, 5, 10)
    assert zorg.percentage + sport.percentage + geen.percentage == pytest.approx(110.0)
    # Provincie PV20: n = 5 (GM0001-0005), dus 4 andere: onderdrukt.
    assert _cijfer(df, "provincie", "partners", "zorg").onderdrukt == 1


def test_vorig_jaar_van_de_grootste_voorganger(bench):
    df = bench.cijfers("GM0001")
    vorig = df[(df.groep == "vorig_jaar") & (df.vraag == "signaalpunt")].set_index("optie")
    assert vorig.loc["nee", "aantal"] == 1 and vorig.loc["ja", "aantal"] == 0  # GM0098 (8.000) > GM0099
    assert set(df[df.groep == "vorig_jaar"]["vraag"]) <= {"signaalpunt", "coalitie", "partners", "tools"}
    assert "vorig_jaar" not in set(bench.cijfers("GM0003")["groep"])  # deed in 2019 niet mee


def test_matrix_per_rij(bench):
    df = bench.cijfers("GM0001")
    r = _cijfer(df, "landelijk", "tools", "gebruikt", rij="adviseurs")
    assert (r.aantal, r.n) == (5, 11)
    r = _cijfer(df, "landelijk", "tools", "gebruikt", rij="toolkit")
    assert r.n == 0 and r.onderdrukt == 1


def test_eenduidige_kleine_groep_onthult_niets(bench):
    """In PV21 kozen alle andere gemeenten 'geen' bij partners: wie dat ziet, kent hun antwoord."""
    index = pd.MultiIndex.from_tuples(
        [("v", "", "ja"), ("v", "", "nee"), ("m", "", "a"), ("m", "", "b")], names=["vraag", "rij", "optie"]
    )
    groep = pd.DataFrame({"aantal": [6, 0, 6, 3], "n": [6, 6, 6, 6]}, index=index)
    eigen = pd.DataFrame({"aantal": [1, 0, 1, 0], "n": [1, 1, 1, 1]}, index=index)
    typen = {"v": "enkel", "m": "meer"}
    # 5 andere gemeenten antwoordden allemaal 'ja' op v en allemaal 'a' bij m: onthullend.
    assert list(onderdruk(groep, eigen, 5, True, typen)) == [True, True, True, False]
    assert list(onderdruk(groep, eigen, 5, False, typen)) == [False, False, False, False]
    assert list(onderdruk(groep, eigen, 6, False, typen)) == [True, True, True, True]


def test_cijfers_kolommen_zoals_het_contract(bench):
    df = bench.cijfers("GM0001")
    assert list(df.columns) == [
        "jaar",
        "gemeente_code",
        "groep",
        "vraag",
        "rij",
        "optie",
        "aantal",
        "n",
        "percentage",
        "onderdrukt",
    ]
    assert set(df.groep) == {"gemeente", "vorig_jaar", "landelijk", "provincie", "grootteklasse"}
    assert (df[df.onderdrukt == 1]["aantal"].isna()).all()
