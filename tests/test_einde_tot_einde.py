"""De demorun van de README in een tijdelijke map: alles gemaakt, niets persoonlijks erin."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
from pypdf import PdfReader

from eenzaamheid.config import DATA_RAW, PROJECT


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


def test_elke_factsheet_hoogstens_vier_paginas_met_cijfers_als_bijlage(demo):
    for map_ in sorted((demo / "factsheets").iterdir()):
        reader = PdfReader(map_ / "factsheet.pdf")
        assert len(reader.pages) <= 4, map_.name
        bijlagen = reader.attachments
        naast = {p.name for p in map_.glob("*.csv")}
        assert set(bijlagen) == naast and "cijfers.csv" in naast, map_.name
        for naam, inhoud in bijlagen.items():
            assert inhoud == [(map_ / naam).read_bytes()], (map_.name, naam)


def test_notebooks_in_de_werkmap_zonder_absoluut_pad(demo):
    notebooks = sorted((demo / "verwerkt" / "notebooks").glob("*.ipynb"))
    assert len(notebooks) == len(list((demo / "factsheets").iterdir())) + 1  # plus het overzicht
    assert not (demo / "notebooks").exists()
    for pad in notebooks:
        tekst = pad.read_text(encoding="utf-8")
        for absoluut in (str(demo), str(PROJECT), str(Path.home()) + "/"):
            assert absoluut not in tekst, (pad.name, absoluut)
