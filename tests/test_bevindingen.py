"""Bevindingen van de overzichtsrapportage: elk getal in de tekst staat zo in overzicht_cijfers.csv,
de regels kiezen echt de grootste verandering, en het validatierapport legt elke reden uit."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from eenzaamheid.config import PARAMS, REGELS
from eenzaamheid.rapporteren.overzicht import Overzicht
from eenzaamheid.rapporteren.overzicht_inhoud import Cijfersleutel

MELDINGEN_KOLOMMEN = ["bestand", "regel", "kolom", "soort", "melding", "gevolg", "actie"]


def _csv(demo) -> pd.DataFrame:
    df = pd.read_csv(
        demo / "overzicht" / "overzicht_cijfers.csv",
        dtype={"rij": str, "optie": str, "vraag": str, "groep": str},
        keep_default_na=False,
        na_values={"aantal": [""], "percentage": [""]},
    )
    return df


def _half_naar_boven(x: float) -> int:
    return math.floor(x + 0.5)


@pytest.fixture(scope="module")
def inhoud(demo):
    # Dezelfde demogegevens, hier in het geheugen berekend; de CSV komt uit de run in `demo`.
    return Overzicht.laad(demo / "demo.yml").inhoud


def test_teksten_csv_is_de_inhoud(demo, inhoud):
    teksten = pd.read_csv(demo / "overzicht" / "teksten.csv", keep_default_na=False)
    assert list(teksten.columns) == ["deel", "regel", "tekst"]
    verwacht = [(b.deel, b.regel, b.tekst) for b in inhoud.alle()]
    zinnen = [tuple(r) for r in teksten[~teksten["deel"].str.endswith("_kop")].itertuples(index=False)]
    assert zinnen == verwacht
    ids = set(re.findall(r"id: (\w+)", (REGELS / "overzicht_teksten.yml").read_text(encoding="utf-8")))
    assert set(teksten["regel"]) <= ids
    assert 4 <= len(inhoud.samenvatting) <= 6
    delen = set(teksten["deel"])
    assert {"signaleren", "netwerk", "duurzaam", "corona", "uitdagingen"} <= delen


def test_elk_getal_van_een_bevinding_staat_in_overzicht_cijfers(demo, inhoud):
    df = _csv(demo)
    opzoek = {(r.jaar, r.groep, r.vraag, r.rij, r.optie): r for r in df.itertuples()}
    bevindingen = inhoud.samenvatting + [b for lijst in inhoud.paragrafen.values() for b in lijst]
    assert len(bevindingen) > 30
    for b in bevindingen:
        assert b.cijfers, b
        cijfers = [opzoek[(k.jaar, k.groep, k.vraag, k.rij, k.optie)] for k in b.cijfers]
        assert all(pd.notna(c.percentage) for c in cijfers), b
        procenten = {_half_naar_boven(c.percentage) for c in cijfers}
        paren = {(int(c.aantal), int(c.n)) for c in cijfers}
        tekst = b.kop + " " + b.tekst
        for p in re.findall(r"(\d+)%", tekst):
            assert int(p) in procenten, (p, b)
        for a, n in re.findall(r"(\d+) van (?:de )?(\d+)\b", tekst):
            assert (int(a), int(n)) in paren, ((a, n), b)
        for van, naar in re.findall(r"van (\d+) naar (\d+) gemeenten", tekst):
            assert {int(van), int(naar)} <= {int(c.aantal) for c in cijfers}, b
        # Minstens één getal per bevinding: een zin zonder cijfer kan ook niet fout zijn.
        assert re.search(r"\d+%", tekst), b


def _veranderingen(df: pd.DataFrame, jaar: int, vorig: int, groep: str) -> pd.Series:
    sleutel = ["vraag", "rij", "optie"]
    nu = df[(df.jaar == jaar) & (df.groep == groep)].set_index(sleutel)["percentage"]
    toen = df[(df.jaar == vorig) & (df.groep == groep)].set_index(sleutel)["percentage"]
    return (nu - toen.reindex(nu.index)).dropna()


def test_grootste_stijging_en_daling_onafhankelijk_nagerekend(demo, inhoud):
    df = _csv(demo)
    import yaml

    from eenzaamheid.inlezen.codeboek import lees_codeboek

    params = yaml.safe_load((PARAMS / "demo.yml").read_text(encoding="utf-8"))
    boek = lees_codeboek((PARAMS / params["bronnen"][2020]["codeboek"]).resolve())
    onderdeel = {v.id: v.onderdeel for v in boek.vragen}
    panel = _veranderingen(df, 2020, 2019, "panel")
    # Alleen waar ook het totaal beide jaren een cijfer heeft (zoals de regels het vragen).
    totaal = _veranderingen(df, 2020, 2019, "totaal")
    panel = panel[panel.index.isin(totaal.index)]
    gezien = 0
    for deel, zinnen in inhoud.paragrafen.items():
        binnen = panel[[onderdeel[v] == deel for v, _, _ in panel.index]]
        for b in zinnen:
            if b.regel not in ("paragraaf_stijging_panel", "paragraaf_daling_panel"):
                continue
            k: Cijfersleutel = b.cijfers[0]
            gekozen = binnen.loc[(k.vraag, k.rij, k.optie)]
            verwacht = binnen.max() if b.regel.endswith("stijging_panel") else binnen.min()
            assert gekozen == pytest.approx(verwacht), b
            assert abs(verwacht) >= 5  # de drempel uit rules/overzicht_teksten.yml
            gezien += 1
    assert gezien >= 6


def test_pdf_heeft_de_cijfers_als_bijlage_en_html_linkt_ze(demo):
    from pypdf import PdfReader

    pdf = PdfReader(demo / "overzicht" / "overzichtsrapportage.pdf")
    bijlagen = pdf.attachments
    assert list(bijlagen) == ["overzicht_cijfers.csv"]
    assert bijlagen["overzicht_cijfers.csv"][0] == (demo / "overzicht" / "overzicht_cijfers.csv").read_bytes()
    eerste = pdf.pages[0].extract_text()
    assert "Inhoudsopgave" in eerste and "Colofon" in eerste
    html = (demo / "overzicht" / "overzichtsrapportage.html").read_text(encoding="utf-8")
    assert 'href="overzicht_cijfers.csv"' in html
    assert "Inhoudsopgave" in html and 'id="colofon"' in html
    # Koppen springen nergens een niveau over (h2 -> h4).
    niveaus = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
    assert all(b - a <= 1 for a, b in zip(niveaus, niveaus[1:])), niveaus


def test_meldingen_csv_legt_elke_quarantaine_uit(demo):
    map_ = demo / "validatie"
    meldingen = pd.read_csv(map_ / "meldingen.csv", dtype=str, keep_default_na=False)
    assert list(meldingen.columns) == MELDINGEN_KOLOMMEN
    assert set(meldingen["soort"]) <= {"fout", "quarantaine", "aangepast", "waarschuwing"}
    q = pd.read_csv(map_ / "quarantaine.csv", dtype=str, keep_default_na=False)
    uit_q = meldingen[meldingen["soort"] == "quarantaine"]
    assert sorted(zip(uit_q["bestand"], uit_q["regel"])) == sorted(zip(q["bestand"], q["regel"]))
    assert (meldingen["gevolg"] != "").all() and (meldingen["actie"] != "").all()
    vervangen = uit_q[uit_q["melding"].str.startswith("vervangen")]
    assert len(vervangen) and vervangen["gevolg"].str.contains("latere").all()
    onbekend = uit_q[uit_q["melding"].str.contains("gemeententabel")]
    assert len(onbekend) and onbekend["actie"].str.contains("herindelingen.csv").all()
    html = (map_ / "validatie.html").read_text(encoding="utf-8")
    for actie in set(meldingen["actie"]):
        assert actie.replace("'", "&#39;") in html or actie in html
    for r in q.itertuples():
        assert f"<td>{r.regel}</td>" in html
    for bestand in pd.read_csv(map_ / "rijen.csv")["bestand"]:
        assert bestand in html
    assert (demo / "verwerkt" / "notebooks" / "validatie.ipynb").is_file()


def test_tikfout_in_een_bevindingregel_noemt_bestand_regel_en_suggestie(demo, tmp_path):
    from eenzaamheid.fouten import InvoerFout
    from eenzaamheid.rapporteren.overzicht_inhoud import Bevindingkiezer
    from eenzaamheid.regels import laad_overzichtteksten

    bron = (REGELS / "overzicht_teksten.yml").read_text(encoding="utf-8")
    assert bron.count('als: "panel_verschil >= drempel"') >= 1
    pad = tmp_path / "overzicht_teksten.yml"
    pad.write_text(bron.replace('als: "panel_verschil >= drempel"', 'als: "panel_verchil >= drempel"', 1), "utf-8")
    regelnummer = next(i for i, r in enumerate(pad.read_text("utf-8").splitlines(), 1) if "panel_verchil" in r)
    teksten = laad_overzichtteksten.__wrapped__(pad)
    with pytest.raises(InvoerFout) as fout:
        Bevindingkiezer(Overzicht.laad(demo / "demo.yml").c, teksten)
    melding = str(fout.value)
    assert "kop_stijging_panel" in melding and "panel_verschil" in melding and str(regelnummer - 2) in melding
