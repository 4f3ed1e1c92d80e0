"""Benchmarkcijfers en onderdrukking, met verwachtingen die hier met de hand zijn uitgerekend."""

from __future__ import annotations

import pandas as pd
import pytest
from bouwers import antwoord, gemeente, maak_run

from eenzaamheid.cli import main
from eenzaamheid.inlezen.params import lees_params
from eenzaamheid.verwerken.aanvaller import Vorm
from eenzaamheid.verwerken.cijfers import Benchmark
from eenzaamheid.verwerken.openbaarmaking import onderdruk_groepen
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
    # PV21 heeft 5 leden: n - 1 = 4 < 5. Verborgen zonder n (geen n naast een verborgen cel).
    assert r.onderdrukt == 1 and pd.isna(r.aantal) and pd.isna(r.percentage) and pd.isna(r.n)


def test_gemeente_die_niet_antwoordde(bench):
    df = bench.cijfers("GM0001")
    eigen = _cijfer(df, "gemeente", "coalitie", "actief")
    assert (eigen.aantal, eigen.n) == (0, 0) and pd.isna(eigen.percentage)
    # Vijf gemeenten in PV20 antwoordden (geen, opstart x2, actief x2): per groep beslist is dat n - 1 = 4
    # anderen voor wie wel antwoordde, te weinig; in elke factsheet van PV20 dus verborgen, ook bij GM0001.
    prov = {o: _cijfer(df, "provincie", "coalitie", o) for o in ("geen", "opstart", "actief")}
    assert all(p.onderdrukt == 1 and pd.isna(p.n) for p in prov.values())
    assert (bench.onderdrukking("provincie", "PV20").loc[("coalitie", ""), "reden"] == "te_weinig").all()
    zelfde = bench.cijfers("GM0002")
    assert (_cijfer(zelfde, "provincie", "coalitie", "geen").onderdrukt, prov["geen"].onderdrukt) == (1, 1)


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
    assert pd.isna(r.n) and r.onderdrukt == 1


def test_regels_van_de_openbaarmaking_per_groep():
    """Regels 1-3 met de hand: groep G van 8 leden binnen 20 gemeenten; landelijk blijft compleet."""
    alle = [f"g{i:02d}" for i in range(20)]
    g = alle[:8]
    leden = {("landelijk", ""): frozenset(alle), ("provincie", "G"): frozenset(g)}
    # v (één antwoord): in G 1 x a, 3 x b, 4 x c; buiten G 4 x a, 4 x b, 4 x c.
    v = {u: (True, frozenset(["a" if i == 0 else "b" if i < 4 else "c"])) for i, u in enumerate(g)}
    v |= {u: (True, frozenset(["abc"[i % 3]])) for i, u in enumerate(alle[8:])}
    # w (meer antwoorden): in G kiest iedereen x, 3 kiezen y, 7 kiezen z; buiten G niemand x, y of z.
    w = {u: (True, frozenset(["x", "z"] + (["y"] if i < 3 else []) if i < 7 else ["x"])) for i, u in enumerate(g)}
    w |= {u: (True, frozenset()) for u in alle[8:]}
    antwoorden = {("v", ""): v, ("w", ""): w}
    rijen = []
    for (soort, groep), wie in leden.items():
        for vraag, opties in (("v", "abc"), ("w", "xyz")):
            for o in opties:
                aantal = sum(o in antwoorden[(vraag, "")][u][1] for u in wie)
                rijen.append(dict(soort=soort, groep=groep, vraag=vraag, rij="", optie=o, aantal=aantal, n=len(wie)))
    vormen_ = {"v": Vorm(tuple("abc")), "w": Vorm(tuple("xyz"), meer=True)}
    uit = onderdruk_groepen(pd.DataFrame(rijen), leden, vormen_, antwoorden, minimum=5).cellen
    reden = uit.loc[("provincie", "G"), "reden"].to_dict()
    assert reden[("v", "", "a")] == "klein"  # 1 koos a
    assert reden[("v", "", "b")] == "terug_te_rekenen"  # anders a = 8 - 3 - 4
    assert reden[("w", "", "z")] == "klein"  # op 1 na allemaal
    assert reden[("w", "", "x")] in ("", "overlap")  # allemaal: een groepsuitspraak, geen onthulling
    assert not uit.loc[("landelijk", "")]["onderdrukt"].any()


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
