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


def html_tabellen(html: str) -> dict[str, list[list[str]]]:
    """Vraagtekst -> tabelrijen (kop eerst), zoals de lezer ze ziet."""
    tabellen = {}
    for kop, tabel in re.findall(r"<h4[^>]*>(.*?)</h4>\s*<table[^>]*>(.*?)</table>", html, re.S):
        rijen = [
            [_tekst(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rij, re.S)]
            for rij in re.findall(r"<tr[^>]*>(.*?)</tr>", tabel, re.S)
        ]
        tabellen[_tekst(kop)] = rijen
    return tabellen


def test_html_tabellen_gelijk_aan_cijfers_csv(run):
    pad, params = run
    codeboek = lees_codeboek(params.bronnen[2020].codeboek)
    for code in ("GM0001", "GM0002"):
        map_ = params.uitvoer / "factsheets" / code
        cijfers = pd.read_csv(
            map_ / "cijfers.csv",
            dtype={"rij": str},
            keep_default_na=False,
            na_values={"aantal": [""], "percentage": [""]},
        )
        cijfers = cijfers.set_index(["groep", "vraag", "rij", "optie"])
        tabellen = html_tabellen((map_ / "factsheet.html").read_text(encoding="utf-8"))
        gecontroleerd = 0
        for vraag in codeboek.gesloten_vragen:
            kop, *rijen = tabellen[vraag.tekst]
            groepen = {"Landelijk": "landelijk", "Provincie": "provincie", "Grootteklasse": "grootteklasse"}
            rij_code = ""
            for rij in rijen:
                if vraag.type == "matrix":
                    if rij[0]:
                        rij_code = next(r.code for r in vraag.rijen if r.label == rij[0])
                    rij = rij[1:]
                    kolommen = kop[1:]
                else:
                    kolommen = kop
                optie = next((o for o in vraag.opties if o.label == rij[0]), None)
                if optie is None:
                    continue  # de regel met n
                eigen = cijfers.loc[("gemeente", vraag.id, rij_code, optie.code)]
                assert (rij[1] == "●") == (eigen["aantal"] == 1), (code, vraag.id, optie.code)
                for i, naam in enumerate(kolommen):
                    if naam not in groepen:
                        continue
                    c = cijfers.loc[(groepen[naam], vraag.id, rij_code, optie.code)]
                    verwacht = "–*" if c["onderdrukt"] == 1 else procent(c["percentage"])
                    assert rij[i] == verwacht, (code, vraag.id, rij_code, optie.code, naam)
                    gecontroleerd += 1
        assert gecontroleerd == 3 * 13  # 13 (vraag, rij, optie) x 3 groepen


def test_pdf_bevat_de_juiste_cijfers(run):
    _, params = run
    pdf = params.uitvoer / "factsheets" / "GM0001" / "factsheet.pdf"
    reader = PdfReader(pdf)
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4
    tekst = " ".join(p.extract_text() for p in reader.pages)
    assert "Factsheet Gemeente GM0001" in tekst and "Fictieve gegevens" in tekst
    assert "Vragenlijst ingevuld namens Gemeente GM0001 en Gemeente GM0006" in tekst
    # Signaalpunt 'ja': landelijk 7 van 11 = 64%, provincie 3 van 6 = 50%, vorig jaar 'nee'.
    signaal = tekst[tekst.index("Signaalpunt?") :][:300]
    assert re.search(r"Ja\s*●\s*64%\s*50%", signaal), signaal
    assert re.search(r"Nee\s*●\s*36%\s*50%", signaal), signaal  # ● in de kolom 2019
    assert "Niet getoond" in tekst


def test_fasen_en_samenvatting_uit_de_regels(run):
    _, params = run
    html = (params.uitvoer / "factsheets" / "GM0002" / "factsheet.html").read_text(encoding="utf-8")
    # GM0002: coalitie 'geen' (rang 0); landelijk hebben 10 van 11 een hogere rang: 'minder ver'.
    assert "minder ver dan de meeste gemeenten: coalitie" in _tekst(html).replace("lokale coalitie", "coalitie")
    assert "Nog niet gestart" in html
    # In 2019 ook 'geen': dezelfde fase.
    assert "in dezelfde fase als in 2019" in html


def test_html_werkt_offline(run):
    _, params = run
    html = (params.uitvoer / "factsheets" / "GM0001" / "factsheet.html").read_text(encoding="utf-8")
    assert "vegaEmbed(" in html and "cdn.jsdelivr" not in html
    assert not re.search(r"<script[^>]+src=", html) and not re.search(r"<link[^>]+href=\"http", html)
    assert "Download de cijfers van deze grafiek (CSV)" in html


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
