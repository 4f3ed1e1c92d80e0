"""De demorun van de README in een tijdelijke map: alles gemaakt, niets persoonlijks erin."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil

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


def test_herkomst_in_uitvoer_en_colofon(demo):
    herkomst = json.loads((demo / "validatie" / "herkomst.json").read_text(encoding="utf-8"))
    verwacht = hashlib.sha256((DATA_RAW / "2020" / "vragenlijst_2020.csv").read_bytes()).hexdigest()
    assert {"bestand": "2020/vragenlijst_2020.csv", "sha256": verwacht} in herkomst["invoer"]
    assert herkomst["code"].startswith(("git ", "eenzaamheid "))
    assert len(herkomst["regels"]) == 64 and len(herkomst["parameterbestand"]["sha256"]) == 64
    factsheet = next((demo / "factsheets").iterdir())
    for pad in (factsheet / "factsheet.pdf", demo / "overzicht" / "overzichtsrapportage.pdf"):
        tekst = "".join(p.extract_text() for p in PdfReader(pad).pages).replace("\n", "")
        assert verwacht in tekst and herkomst["regels"] in tekst, pad
    for pad in (factsheet / "factsheet.html", demo / "overzicht" / "overzichtsrapportage.html"):
        tekst = pad.read_text(encoding="utf-8")
        assert verwacht in tekst and herkomst["parameterbestand"]["sha256"] in tekst, pad


def test_tweede_run_geeft_dezelfde_bytes(demo, tmp_path):
    """Dezelfde invoer en hetzelfde parameterbestand: elke HTML, CSV, Excel, PDF en JSON byte voor byte gelijk."""
    soorten = (".html", ".csv", ".xlsx", ".pdf", ".json")
    eerste = {p.relative_to(demo): p.read_bytes() for p in demo.rglob("*") if p.suffix in soorten}
    assert len(eerste) > 200
    shutil.move(demo, tmp_path / "eerste")
    try:
        draai_demo("run", demo)
        tweede = {p.relative_to(demo): p.read_bytes() for p in demo.rglob("*") if p.suffix in soorten}
    finally:
        shutil.rmtree(demo, ignore_errors=True)
        shutil.move(tmp_path / "eerste", demo)
    assert sorted(tweede) == sorted(eerste)
    verschillend = [str(p) for p in eerste if eerste[p] != tweede[p]]
    assert verschillend == []
