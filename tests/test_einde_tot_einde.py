"""De demorun van de README in een tijdelijke map: alles gemaakt, niets persoonlijks erin."""

from __future__ import annotations

import csv
import hashlib
import html as htmllib
import io
import json
import shutil
from pathlib import Path

import pandas as pd
from bouwers import draai_demo
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
    mappen = sorted(p.name for p in (demo / "factsheets").iterdir() if p.is_dir())
    assert (demo / "factsheets" / "tips_dekking.csv").is_file()
    assert mappen == codes
    for code in codes:
        assert {p.name for p in (demo / "factsheets" / code).iterdir()} == {
            "factsheet.html",
            "factsheet.pdf",
            "cijfers.csv",
            "tips.csv",
            "buurten.csv",
            "teksten.csv",
        }
    assert {p.name for p in (demo / "overzicht").iterdir()} == {
        "overzichtsrapportage.html",
        "overzichtsrapportage.pdf",
        "overzicht_cijfers.csv",
        "respons.csv",
        "overzicht_cijfers.xlsx",
        "teksten.csv",
    }


def test_landelijk_in_factsheet_is_totaal_in_overzicht(demo):
    overzicht = pd.read_csv(demo / "overzicht" / "overzicht_cijfers.csv", dtype={"rij": str}, keep_default_na=False)
    totaal = overzicht[(overzicht.jaar == 2020) & (overzicht.groep == "totaal")].set_index(["vraag", "rij", "optie"])
    for map_ in sorted(p for p in (demo / "factsheets").iterdir() if p.is_dir())[:5]:
        cijfers = pd.read_csv(map_ / "cijfers.csv", dtype={"rij": str}, keep_default_na=False)
        vragen = cijfers[(cijfers.groep == "landelijk") & ~cijfers.vraag.str.startswith("fase_")]
        landelijk = vragen.set_index(["vraag", "rij", "optie"])
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


# -- tips en fasen (issue 10) ------------------------------------------------------------------


def _factsheetmappen(demo):
    return sorted(p for p in (demo / "factsheets").iterdir() if p.is_dir())


def _lees(pad):
    return pd.read_csv(pad, dtype=str, keep_default_na=False)


def test_elke_factsheet_toont_tips_die_uit_haar_eigen_antwoorden_volgen(demo):
    import html as htmllib
    import re

    from eenzaamheid.inlezen.codeboek import lees_codeboek
    from eenzaamheid.regels import laad_fasen
    from eenzaamheid.tipregels import laad_materiaal, laad_tips

    codeboek = lees_codeboek(DATA_RAW / "2020" / "vragenlijst_2020.yml")
    vorig_boek = lees_codeboek(DATA_RAW / "2019" / "vragenlijst_2019.yml")
    fasenamen = {f.naam for f in laad_fasen().fasen}
    materiaal = laad_materiaal()
    catalogus = {t.id: t for t in laad_tips().tips}
    maximum = 5  # params/demo.yml zet tips_maximum niet: de standaard
    for map_ in _factsheetmappen(demo):
        tips = _lees(map_ / "tips.csv")
        cijfers = _lees(map_ / "cijfers.csv")
        gekozen = cijfers[cijfers.aantal == "1"]
        labels = set()
        for groep, boek in (("gemeente", codeboek), ("vorig_jaar", vorig_boek)):
            for vraag, optie in zip(gekozen[gekozen.groep == groep].vraag, gekozen[gekozen.groep == groep].optie):
                if vraag in boek.per_id:
                    labels.add(boek.per_id[vraag].optie(optie).label)
        getoond = tips[tips.getoond == "1"]
        assert 1 <= len(getoond) <= maximum, map_.name
        assert getoond.onderdeel.value_counts().max() <= 2
        assert list(getoond.prioriteit.astype(int)) == sorted(getoond.prioriteit.astype(int))
        html = htmllib.unescape((map_ / "factsheet.html").read_text(encoding="utf-8"))
        teksten = _lees(map_ / "teksten.csv")
        for rij in tips.itertuples():
            assert rij.reden.startswith("U gaf aan dat") and "None" not in rij.reden
            assert rij.onderdeel == catalogus[rij.tip].onderdeel
            assert rij.adres == materiaal[rij.materiaal].adres == materiaal[catalogus[rij.tip].materiaal].adres
            for aangehaald in re.findall(r"‘([^’]*)’", rij.reden):
                delen = {aangehaald} if aangehaald in labels | fasenamen else set(re.split(r", | en ", aangehaald))
                assert delen <= labels | fasenamen, (map_.name, rij.tip, aangehaald)
            if rij.getoond == "1":
                assert rij.reden in html and f'href="{rij.adres}"' in html
                assert rij.reden in set(teksten[(teksten.deel == "tips") & (teksten.regel == rij.tip)].tekst)
            else:
                assert rij.reden not in set(teksten.tekst)
        # Het voorbeeld van het product.
        huisbezoek = gekozen[(gekozen.groep == "gemeente") & (gekozen.vraag == "huisbezoeken")].optie.tolist()
        if huisbezoek and huisbezoek[0] in ("nee", "plannen", "zonder_eenzaamheid"):
            assert "huisbezoeken_over_de_drempel" in set(tips.tip)
        if huisbezoek == ["ja_volledig"]:
            assert "huisbezoeken_over_de_drempel" not in set(tips.tip)
        for zin in teksten[teksten.deel.isin(["samenvatting", "fase"])].tekst:
            assert zin in html.replace("\n", " "), (map_.name, zin)


def test_tips_dekking_telt_de_tips_van_alle_factsheets(demo):
    from eenzaamheid.tipregels import laad_tips

    catalogus = laad_tips().tips
    dekking = pd.read_csv(demo / "factsheets" / "tips_dekking.csv").set_index("tip")
    assert list(dekking.index) == [t.id for t in catalogus]
    alle = pd.concat([_lees(m / "tips.csv") for m in _factsheetmappen(demo)])
    assert (dekking.gevuurd == alle.tip.value_counts().reindex(dekking.index, fill_value=0)).all()
    getoond = alle[alle.getoond == "1"].tip.value_counts().reindex(dekking.index, fill_value=0)
    assert (dekking.getoond == getoond).all()
    nooit = {t.id for t in catalogus if dekking.loc[t.id, "gevuurd"] == 0}
    assert nooit <= {t.id for t in catalogus if t.zeldzaam}, f"tips die nooit vuren: {sorted(nooit)}"


def test_fasen_per_onderdeel_in_cijfers_csv_tellen_de_gemeenten(demo):
    from eenzaamheid.regels import laad_fasen

    fasen = laad_fasen()
    sleutels = [f.sleutel for f in fasen.fasen]
    mappen = _factsheetmappen(demo)
    eigen = {m.name: _lees(m / "cijfers.csv") for m in mappen}
    for onderdeel in fasen.onderdelen:
        vraag = f"fase_{onderdeel}"
        # Landelijk onafhankelijk geteld: de eigen fase van elke gemeente uit haar eigen cijfers.csv.
        telling = dict.fromkeys(sleutels, 0)
        for df in eigen.values():
            rij = df[(df.groep == "gemeente") & (df.vraag == vraag) & (df.aantal == "1")]
            assert len(rij) <= 1
            for s in rij.optie:
                telling[s] += 1
        for code, df in list(eigen.items())[:10]:
            landelijk = df[(df.groep == "landelijk") & (df.vraag == vraag)]
            assert list(landelijk.optie) == sleutels
            assert {int(a) for a, o in zip(landelijk.aantal, landelijk.onderdrukt) if o == "0"} <= set(telling.values())
            for optie, aantal, onderdrukt in zip(landelijk.optie, landelijk.aantal, landelijk.onderdrukt):
                if onderdrukt == "0":
                    assert int(aantal) == telling[optie], (code, vraag, optie)
            for groep in ("provincie", "grootteklasse"):
                rijen = df[(df.groep == groep) & (df.vraag == vraag)]
                assert list(rijen.optie) == sleutels
                assert ((rijen.onderdrukt == "1") == (rijen.aantal == "")).all()


def test_herkomst_in_uitvoer_en_colofon(demo):
    herkomst = json.loads((demo / "validatie" / "herkomst.json").read_text(encoding="utf-8"))
    verwacht = hashlib.sha256((DATA_RAW / "2020" / "vragenlijst_2020.csv").read_bytes()).hexdigest()
    assert {"bestand": "2020/vragenlijst_2020.csv", "sha256": verwacht} in herkomst["invoer"]
    assert herkomst["code"].startswith(("git ", "eenzaamheid "))
    assert len(herkomst["regels"]) == 64 and len(herkomst["parameterbestand"]["sha256"]) == 64
    factsheet = next(p for p in sorted((demo / "factsheets").iterdir()) if p.is_dir())
    pdf = {
        pad.name: "".join(p.extract_text() for p in PdfReader(pad).pages).replace("\n", "")
        for pad in (factsheet / "factsheet.pdf", demo / "overzicht" / "overzichtsrapportage.pdf")
    }
    assert verwacht in pdf["overzichtsrapportage.pdf"] and herkomst["regels"] in pdf["overzichtsrapportage.pdf"]
    # De factsheet noemt het RIVM-bestand zonder controlegetal (een correctie voor één gemeente
    # verandert alleen haar factsheet) en niet de hash van alle regels; de rest wel.
    rivm = hashlib.sha256((DATA_RAW / "rivm" / "gezondheid_buurten.csv").read_bytes()).hexdigest()
    assert verwacht in pdf["factsheet.pdf"] and rivm not in pdf["factsheet.pdf"]
    assert herkomst["regels"] not in pdf["factsheet.pdf"] and "rivm/gezondheid_buurten.csv" in pdf["factsheet.pdf"]
    assert {"bestand": "rivm/gezondheid_buurten.csv", "sha256": rivm, "per_gemeente": True} in herkomst["invoer"]
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


def test_elke_factsheet_heeft_een_buurtkaart_met_tekst_uit_buurten_csv(demo):
    """Elke demogemeente staat in de RIVM-demotabel: kaart in HTML en PDF, zinnen in teksten.csv."""
    from eenzaamheid.verwerken.kaart import pct

    bron = pd.read_csv(DATA_RAW / "rivm" / "gezondheid_buurten.csv", sep=";", dtype=str)
    bron = bron.apply(lambda k: k.str.strip())
    for map_ in sorted(p for p in (demo / "factsheets").iterdir() if p.is_dir()):
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


def test_elke_factsheet_hoogstens_vier_paginas_met_cijfers_als_bijlage(demo):
    for map_ in sorted(p for p in (demo / "factsheets").iterdir() if p.is_dir()):
        reader = PdfReader(map_ / "factsheet.pdf")
        assert len(reader.pages) <= 4, map_.name
        bijlagen = reader.attachments
        naast = {p.name for p in map_.glob("*.csv")} & {"cijfers.csv", "buurten.csv", "tips.csv"}
        assert set(bijlagen) == naast and "cijfers.csv" in naast, map_.name
        for naam, inhoud in bijlagen.items():
            assert inhoud == [(map_ / naam).read_bytes()], (map_.name, naam)


def test_notebooks_in_de_werkmap_zonder_absoluut_pad(demo):
    notebooks = sorted((demo / "verwerkt" / "notebooks").glob("*.ipynb"))
    factsheets = [p for p in (demo / "factsheets").iterdir() if p.is_dir()]
    assert len(notebooks) == len(factsheets) + 2  # plus het overzicht en het validatierapport
    assert not (demo / "notebooks").exists()
    for pad in notebooks:
        tekst = pad.read_text(encoding="utf-8")
        for absoluut in (str(demo), str(PROJECT), str(Path.home()) + "/"):
            assert absoluut not in tekst, (pad.name, absoluut)


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
    codes = sorted(p.name for p in (kopie / "factsheets").iterdir() if p.is_dir())
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
