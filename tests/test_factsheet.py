"""De factsheet als lezer hem krijgt: HTML en PDF met de juiste cijfers, gelijk aan cijfers.csv."""

from __future__ import annotations

import html as htmllib
import re

import nbformat
import pandas as pd
import pytest
from pypdf import PdfReader
from test_benchmark import maak_gevalideerde_run

from eenzaamheid.inlezen.codeboek import lees_codeboek
from eenzaamheid.inlezen.params import lees_params
from eenzaamheid.rapporteren.factsheets import maak_factsheet_papermill, maak_factsheets, notebook_pad
from eenzaamheid.rapporteren.getallen import procent


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    pad = maak_gevalideerde_run(tmp_path_factory.mktemp("factsheet"))
    resultaten = maak_factsheets(pad, ["GM0001", "GM0002"], werkers=1)
    assert [r.fout for r in resultaten] == [None, None]
    return pad, lees_params(pad)


def _tekst(html: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", html)).strip()


def html_tabellen(html: str) -> dict[str, list[list[list[str]]]]:
    """Vraagtekst -> per tabel (een matrix heeft er één per rij) de rijen, kop eerst, zoals de lezer ze ziet."""
    tabellen = {}
    for sectie in re.findall(r'<section class="vraag".*?</section>', html, re.S):
        kop = _tekst(re.search(r"<h4[^>]*>(.*?)</h4>", sectie, re.S).group(1))
        tabellen[kop] = [
            [
                [_tekst(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rij, re.S)]
                for rij in re.findall(r"<tr[^>]*>(.*?)</tr>", tabel, re.S)
            ]
            for tabel in re.findall(r"<table[^>]*>(.*?)</table>", sectie, re.S)
        ]
    return tabellen


def verwachte_cel(c) -> str:
    """Onafhankelijk van de opmaakcode: < 20 gemeenten alleen het aantal, anders % met het aantal."""
    if c["onderdrukt"] == 1:
        return "niet getoond"
    if c["n"] < 20:
        return str(int(c["aantal"]))
    return f"{procent(c['percentage'])} ({int(c['aantal'])})"


def lees_cijfers(map_):
    cijfers = pd.read_csv(
        map_ / "cijfers.csv",
        dtype={"rij": str},
        keep_default_na=False,
        na_values={"aantal": [""], "percentage": [""], "n": [""]},
    )
    return cijfers.set_index(["groep", "vraag", "rij", "optie"])


def test_html_tabellen_gelijk_aan_cijfers_csv(run):
    pad, params = run
    codeboek = lees_codeboek(params.bronnen[2020].codeboek)
    groepen = {"Landelijk": "landelijk", "Provincie": "provincie", "Grootteklasse": "grootteklasse"}
    for code in ("GM0001", "GM0002"):
        map_ = params.uitvoer / "factsheets" / code
        cijfers = lees_cijfers(map_)
        html = (map_ / "factsheet.html").read_text(encoding="utf-8")
        tabellen = html_tabellen(html)
        gecontroleerd = weggelaten = 0
        for vraag in codeboek.gesloten_vragen:
            for rij, (kop, *rijen) in zip(vraag.rijen or [None], tabellen[vraag.tekst], strict=True):
                rij_code = rij.code if rij else ""
                kolommen = [next((g for naam, g in groepen.items() if k.startswith(naam)), None) for k in kop]
                for groep in groepen.values():
                    alle_weg = all(
                        cijfers.loc[(groep, vraag.id, rij_code, o.code), "onderdrukt"] == 1 for o in vraag.opties
                    )
                    # Een groep die bij deze vraag helemaal ontbreekt, staat er niet als kolom streepjes.
                    assert (groep in kolommen) != alle_weg, (code, vraag.id, groep)
                    if alle_weg:
                        assert "niet getoond, want" in html
                        weggelaten += len(vraag.opties)
                assert len(rijen) == len(vraag.opties)
                for optie, cellen in zip(vraag.opties, rijen, strict=True):
                    assert cellen[0] == optie.label
                    eigen = cijfers.loc[("gemeente", vraag.id, rij_code, optie.code)]
                    assert (cellen[1] == "●gekozen") == (eigen["aantal"] == 1), (code, vraag.id, optie.code)
                    for i, groep in enumerate(kolommen):
                        if groep:
                            verwacht = verwachte_cel(cijfers.loc[(groep, vraag.id, rij_code, optie.code)])
                            assert cellen[i] == verwacht, (code, vraag.id, rij_code, optie.code, groep)
                            gecontroleerd += 1
        # Elke (vraag, rij, optie) x 3 groepen: als cel gecontroleerd of met de hele groep weggelaten.
        assert gecontroleerd + weggelaten == 3 * 13 and gecontroleerd > 0


def test_pdf_is_de_samenvatting_met_de_cijfers_als_bijlage(run):
    _, params = run
    map_ = params.uitvoer / "factsheets" / "GM0002"
    reader = PdfReader(map_ / "factsheet.pdf")
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4
    assert len(reader.pages) <= 4
    bijlagen = {n: [(map_ / n).read_bytes()] for n in ("cijfers.csv", "buurten.csv", "tips.csv") if (map_ / n).exists()}
    assert "cijfers.csv" in bijlagen and reader.attachments == bijlagen
    tekst = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert "Factsheet Gemeente GM0002" in tekst and "Fictieve gegevens" in tekst
    # GM0002: coalitie 'geen' (rang 0); uit cijfers.csv: hoeveel gemeenten landelijk hoger zitten.
    codeboek = lees_codeboek(params.bronnen[2020].codeboek)
    coalitie = codeboek.per_id["coalitie"]
    cijfers = lees_cijfers(map_)
    n = int(cijfers.loc[("landelijk", "coalitie", "", coalitie.opties[0].code), "n"])
    hoger = sum(
        int(cijfers.loc[("landelijk", "coalitie", "", o.code), "aantal"]) for o in coalitie.opties if o.rang > 0
    )
    assert f"{hoger} van de {n} gemeenten ({procent(100 * hoger / n)}) staan in een hogere fase" in tekst
    # Dezelfde kernboodschap als in de monitor.
    html = (map_ / "factsheet.html").read_text(encoding="utf-8")
    zinnen = [_tekst(z) for z in re.findall(r"<li data-regel=[^>]*>(.*?)</li>", html, re.S)]
    assert 3 <= len(zinnen) <= 5
    for zin in zinnen:
        assert re.sub(r"\s+", " ", zin) in tekst, zin


def test_fasen_en_samenvatting_uit_de_regels(run):
    _, params = run
    html = (params.uitvoer / "factsheets" / "GM0002" / "factsheet.html").read_text(encoding="utf-8")
    # GM0002: coalitie 'geen' (rang 0); landelijk hebben 10 van 11 een hogere rang: 'minder ver'.
    assert "minder ver dan de meeste gemeenten: coalitie" in _tekst(html).replace("lokale coalitie", "coalitie")
    assert 'data-regel="minder_ver"' in html
    assert "Nog niet gestart" in html
    # In 2019 ook 'geen': dezelfde fase.
    assert "in dezelfde fase als in 2019" in html


def test_html_werkt_offline_zonder_grafiekbibliotheek(run):
    _, params = run
    html = (params.uitvoer / "factsheets" / "GM0001" / "factsheet.html").read_text(encoding="utf-8")
    assert "<script" not in html and "http" not in html.split("<body", 1)[1].replace("http://www.w3.org/2000/svg", "")
    assert html.count("<svg") >= 3 and html.count('role="img"') == html.count("<svg")


def test_warme_kernel_geeft_hetzelfde_als_verse_papermill(run, tmp_path):
    """Gemeente 2 na gemeente 1 in dezelfde kernel = gemeente 2 in een verse kernel."""
    pad, params = run
    warm = nbformat.read(notebook_pad(params, "GM0002"), as_version=4)
    kopie = params.uitvoer / "factsheets" / "GM0002"
    bewaard = {n: (kopie / n).read_bytes() for n in ("factsheet.html", "factsheet.pdf", "cijfers.csv")}
    maak_factsheet_papermill(pad, "GM0002")
    vers = nbformat.read(notebook_pad(params, "GM0002"), as_version=4)
    assert [c.get("outputs") for c in warm.cells] == [c.get("outputs") for c in vers.cells]
    for naam, inhoud in bewaard.items():
        assert (kopie / naam).read_bytes() == inhoud, naam


def test_zelfde_invoer_zelfde_bestanden(run):
    pad, params = run
    map_ = params.uitvoer / "factsheets" / "GM0001"
    voor = {p.name: p.read_bytes() for p in map_.iterdir()}
    assert [r.fout for r in maak_factsheets(pad, ["GM0001"], werkers=1)] == [None]
    na = {p.name: p.read_bytes() for p in map_.iterdir()}
    assert voor == na


def test_geen_persoonsgegevens_in_uitvoer_of_notebook(run):
    _, params = run
    for bestand in params.uitvoer.rglob("*"):
        if bestand.is_file():
            inhoud = bestand.read_bytes()
            for verboden in (b"Piet Geheim", b"piet.geheim", b"GEHEIME TOELICHTING"):
                assert verboden not in inhoud, (bestand, verboden)


def test_onbekende_gemeente_geeft_melding_en_code_1(run, capsys):
    pad, params = run
    from eenzaamheid.cli import main

    assert main(["factsheets", "--params", str(pad), "--gemeente", "GM0555"]) == 1
    fout = capsys.readouterr().err
    assert "GM0555: geen getelde gemeente in 2020; geen factsheet" in fout and "Traceback" not in fout


def test_tips_als_aansluitpunt(run, monkeypatch, tmp_path):
    """De opmaak toont de tips die `tips_inhoud` geeft (uit de tipsmodule), in HTML en PDF, met hun link."""
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from eenzaamheid.rapporteren.factsheet import Factsheet
    from eenzaamheid.rapporteren.inhoud import Tip
    from eenzaamheid.rapporteren.render import render_documenten
    from eenzaamheid.rapporteren.weergave import bundel

    pad, _ = run
    tip = Tip(
        "Zet een lokale coalitie op", "er is nog geen coalitie", "https://example.org/coalitie", "Toolkit coalitie"
    )
    monkeypatch.setattr(Factsheet, "tips_inhoud", lambda self: (tip,))
    met = Factsheet.laad(pad, "GM0001")
    assert met.inhoud.tips == (tip,)
    cel = new_code_cell("")
    cel.outputs = [new_output("display_data", data=bundel(b)) for b in met.tips()]
    render_documenten(new_notebook(cells=[cel]), tmp_path / "f.html", tmp_path / "f.pdf", "T", "v", 2020)
    html = (tmp_path / "f.html").read_text(encoding="utf-8")
    pdf = " ".join(p.extract_text() for p in PdfReader(tmp_path / "f.pdf").pages)
    for tekst in (html, pdf):
        assert "Zet een lokale coalitie op" in tekst and "ontbreken" not in tekst
    assert '<a href="https://example.org/coalitie">Toolkit coalitie</a>' in html
