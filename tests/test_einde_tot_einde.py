"""De demorun van de README in een tijdelijke map: alles gemaakt, niets persoonlijks erin."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from bouwers import draai_demo
from pypdf import PdfReader

from eenzaamheid.config import DATA_RAW


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return draai_demo("run", tmp_path_factory.mktemp("run"))


def persoonsgegevens() -> set[str]:
    waarden = set()
    for jaar in ("2019", "2020"):
        tekst = (DATA_RAW / jaar / f"vragenlijst_{jaar}.csv").read_text(encoding="utf-8-sig")
        scheiding = ";" if tekst.split("\n")[0].count(";") else ","
        for rij in csv.DictReader(io.StringIO(tekst), delimiter=scheiding):
            waarden |= {rij["contactpersoon"], rij["email"], rij["toelichting"][:25]}
    waarden.discard("")
    return waarden


def test_alles_gemaakt(demo):
    codes = sorted(pd.read_parquet(demo / "verwerkt" / "deelnemers_2020.parquet")["gemeente_code"])
    mappen = sorted(p.name for p in (demo / "factsheets").iterdir())
    assert mappen == codes
    for code in codes:
        assert {p.name for p in (demo / "factsheets" / code).iterdir()} == {
            "factsheet.html",
            "factsheet.pdf",
            "cijfers.csv",
        }
    assert {p.name for p in (demo / "overzicht").iterdir()} == {
        "overzichtsrapportage.html",
        "overzichtsrapportage.pdf",
        "overzicht_cijfers.csv",
        "respons.csv",
        "overzicht_cijfers.xlsx",
    }


def test_landelijk_in_factsheet_is_totaal_in_overzicht(demo):
    overzicht = pd.read_csv(demo / "overzicht" / "overzicht_cijfers.csv", dtype={"rij": str}, keep_default_na=False)
    totaal = overzicht[(overzicht.jaar == 2020) & (overzicht.groep == "totaal")].set_index(["vraag", "rij", "optie"])
    for map_ in sorted((demo / "factsheets").iterdir())[:5]:
        cijfers = pd.read_csv(map_ / "cijfers.csv", dtype={"rij": str}, keep_default_na=False)
        landelijk = cijfers[cijfers.groep == "landelijk"].set_index(["vraag", "rij", "optie"])
        assert (landelijk["n"] == totaal.loc[landelijk.index, "n"]).all()
        assert (landelijk["aantal"].astype(str) == totaal.loc[landelijk.index, "aantal"].astype(str)).all()


def test_niets_persoonlijks_in_enige_uitvoer(demo):
    verboden = persoonsgegevens()
    assert len(verboden) > 100
    for pad in demo.rglob("*"):
        if pad.suffix in (".html", ".csv", ".ipynb", ".json", ".typ"):
            tekst = pad.read_text(encoding="utf-8")
            assert not [v for v in verboden if v in tekst], pad
    for pad in list((demo / "factsheets").glob("*/factsheet.pdf"))[:10] + [
        demo / "overzicht" / "overzichtsrapportage.pdf"
    ]:
        tekst = " ".join(p.extract_text() for p in PdfReader(pad).pages)
        assert not [v for v in verboden if v in tekst], pad
    xlsx = pd.read_excel(demo / "overzicht" / "overzicht_cijfers.xlsx", sheet_name=None)
    alles = " ".join(df.to_csv() for df in xlsx.values())
    assert not [v for v in verboden if v in alles]


def test_openbaarmaking_per_groep_gelijk_en_controle_schoon(demo):
    """Elke factsheet van een provincie toont hetzelfde provinciecijfer; de controle vindt niets dat blokkeert."""
    gemeenten = pd.read_parquet(demo / "verwerkt" / "gemeenten_2020.parquet").set_index("gemeente_code")
    gezien: dict = {}
    for pad in sorted((demo / "factsheets").glob("*/cijfers.csv")):
        df = pd.read_csv(pad, keep_default_na=False, dtype=str)
        code = pad.parent.name
        for groep, kolom in (("provincie", "provincie_code"), ("grootteklasse", "grootteklasse")):
            deel = df[df["groep"] == groep][["vraag", "rij", "optie", "aantal", "n", "onderdrukt"]]
            sleutel = (groep, gemeenten.at[code, kolom])
            waarden = deel.to_csv(index=False)
            assert gezien.setdefault(sleutel, waarden) == waarden, (code, sleutel)
        verborgen = df[df["onderdrukt"] == "1"]
        assert (verborgen["n"] == "").all() and (verborgen["aantal"] == "").all()
    prijs = pd.read_csv(demo / "openbaarmaking.csv")
    assert {"landelijk", "provincie", "grootteklasse"} <= set(prijs["soort"])
    assert (prijs["cellen"] == prijs["getoond"] + prijs["verborgen"]).all()
    assert prijs.set_index("soort").loc["landelijk", "verborgen"] == 0
    bevindingen = pd.read_csv(demo / "controle" / "openbaarmaking_bevindingen.csv")
    assert (bevindingen["soort"] == "landelijk").all()


def test_controle_vindt_een_geplante_onthulling(demo, tmp_path):
    """Geplant: een provincie met twee gemeenten toont toch haar cijfer; de controle moet de ander ontmaskeren."""
    import shutil

    from eenzaamheid.config import PARAMS
    from eenzaamheid.controleren.openbaarmaking import controleer
    from eenzaamheid.inlezen.codeboek import lees_codeboek
    from eenzaamheid.inlezen.params import lees_params

    kopie = tmp_path / "uit"
    for deel in ("factsheets", "overzicht", "verwerkt"):
        shutil.copytree(demo / deel, kopie / deel)
    tekst = (PARAMS / "demo.yml").read_text(encoding="utf-8").replace("../data/raw", str(DATA_RAW))
    tekst = tekst.replace("uitvoer: ../reports/2020", f"uitvoer: {kopie}")
    tekst = tekst.replace("verwerkt: ../data/processed/2020", f"verwerkt: {kopie}/verwerkt")
    params_pad = tmp_path / "params.yml"
    params_pad.write_text(tekst, encoding="utf-8")
    gemeenten = pd.read_parquet(kopie / "verwerkt" / "gemeenten_2020.parquet").set_index("gemeente_code")
    codes = sorted(p.name for p in (kopie / "factsheets").iterdir())
    per_provincie = pd.Series({c: gemeenten.at[c, "provincie_code"] for c in codes})
    paar = next(list(g.index) for _, g in per_provincie.groupby(per_provincie) if len(g) == 2)
    lees = {c: pd.read_csv(kopie / "factsheets" / c / "cijfers.csv", dtype=str, keep_default_na=False) for c in paar}

    def antwoord(c, vraag):
        e = lees[c][(lees[c].groep == "gemeente") & (lees[c].vraag == vraag) & (lees[c].rij == "")]
        gekozen = list(e.loc[e["aantal"].astype(int) == 1, "optie"])
        return gekozen[0] if len(gekozen) == 1 else None

    codeboek = lees_codeboek(DATA_RAW / "2020" / "vragenlijst_2020.yml")
    enkel = [v.id for v in codeboek.gesloten_vragen if v.type == "enkel"]
    vraag = next(v for v in enkel if None not in (a := [antwoord(c, v) for c in paar]) and a[0] != a[1])
    keuze = {c: antwoord(c, vraag) for c in paar}
    for c, df in lees.items():
        rij = (df.groep == "provincie") & (df.vraag == vraag)
        df.loc[rij, "aantal"] = [str(sum(keuze[x] == o for x in paar)) for o in df.loc[rij, "optie"]]
        df.loc[rij, "n"] = "2"
        df.loc[rij, "onderdrukt"] = "0"
        df.to_csv(kopie / "factsheets" / c / "cijfers.csv", index=False, lineterminator="\n")
    controle = controleer(lees_params(params_pad), paren=False, werkers=1, vragen={vraag})
    b = controle.blokkerend
    assert not controle.mag_publiceren
    assert (
        (b.lezers == paar[0]) & (b.gemeenten == paar[1]) & (b.feit == "gekozen") & (b.optie == keuze[paar[1]])
    ).any()
