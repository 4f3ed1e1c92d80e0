"""De demorun van de README in een tijdelijke map: alles gemaakt, niets persoonlijks erin."""

from __future__ import annotations

import csv
import html as htmllib
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
            "buurten.csv",
            "teksten.csv",
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


def test_elke_factsheet_heeft_een_buurtkaart_met_tekst_uit_buurten_csv(demo):
    """Elke demogemeente staat in de RIVM-demotabel: kaart in HTML en PDF, zinnen in teksten.csv."""
    from eenzaamheid.verwerken.kaart import pct

    bron = pd.read_csv(DATA_RAW / "rivm" / "gezondheid_buurten.csv", sep=";", dtype=str)
    bron = bron.apply(lambda k: k.str.strip())
    for map_ in sorted((demo / "factsheets").iterdir()):
        code = map_.name
        html = (map_ / "factsheet.html").read_text(encoding="utf-8")
        buurten = pd.read_csv(map_ / "buurten.csv", dtype=str, keep_default_na=False)
        eigen = bron[(bron["WijkenEnBuurten"].str[2:6] == code[2:]) & (bron["SoortRegio_2"] == "Buurt")]
        assert set(buurten.loc[buurten["niveau"] == "buurt", "gebied_code"]) == set(eigen["WijkenEnBuurten"])
        assert html.count("<path ") == (buurten.loc[buurten["niveau"] == "buurt", "op_kaart"] == "1").sum() // 16
        teksten = pd.read_csv(map_ / "teksten.csv", dtype=str)
        kaart = teksten[teksten["deel"] == "kaart"]
        assert "kaart_gemeente" in set(kaart["regel"])
        # Het gemeentecijfer in de zin is dat van de bron (Eenzaam, 65+, puntwaarde).
        punt = bron[(bron["WijkenEnBuurten"] == code) & (bron["Leeftijd"] == "80200") & (bron["Marges"] == "MW00000")]
        cijfer = pct(float(punt["Eenzaam_27"].iloc[0]))
        assert cijfer in kaart.set_index("regel").loc["kaart_gemeente", "tekst"]
        for zin in kaart["tekst"]:
            assert htmllib.escape(zin, quote=False) in html or zin in html
    pdf = sorted((demo / "factsheets").glob("*/factsheet.pdf"))[0]
    tekst = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages[:3]).split())
    assert "modelschattingen (small-area estimation)" in tekst and "geen gegevens" in tekst
