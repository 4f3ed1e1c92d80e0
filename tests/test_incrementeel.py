"""Alleen opnieuw maken wat verandert: wat wel en niet opnieuw gemaakt wordt, en dat het klopt.

De scenario's draaien op een kopie van het project (code, regels, notebooks, huisstijl) in een
tijdelijke map, zodat een test een regel of sjabloon kan wijzigen zonder de kloon aan te raken; de
kernels gebruiken die kopie via PYTHONPATH. Na elke wijziging moet de bijgewerkte uitvoer byte voor
byte gelijk zijn aan wat een run vanaf niets maakt: een sleutel die iets mist, valt zo op.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from eenzaamheid import orkestratie
from eenzaamheid.config import KLOON
from eenzaamheid.demo import schrijf_demo
from eenzaamheid.rapporteren import factsheets as factsheets_module
from eenzaamheid.rapporteren.incrementeel import Regels, gegevenssleutels

DEMO_GEMEENTEN = 20  # klein: ± 9 getelde gemeenten


def _kopie(doel: Path) -> Path:
    negeer = shutil.ignore_patterns("__pycache__", "*.egg-info", "_project")
    for naam in ("src", "rules", "notebooks"):
        shutil.copytree(KLOON / naam, doel / naam, ignore=negeer)
    shutil.copyfile(KLOON / "_brand.yml", doel / "_brand.yml")
    return doel


def _cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    omgeving = dict(os.environ, PYTHONPATH=str(project / "src"))
    uit = subprocess.run(
        [sys.executable, "-m", "eenzaamheid.cli", *args], env=omgeving, capture_output=True, text=True, cwd=project
    )
    assert uit.returncode == 0, uit.stdout + uit.stderr
    return uit


def _tijden(uitvoer: Path, codes: list[str]) -> dict[str, int]:
    return {c: (uitvoer / "factsheets" / c / "factsheet.pdf").stat().st_mtime_ns for c in codes}


def _opnieuw(voor: dict[str, int], na: dict[str, int]) -> set[str]:
    return {c for c in voor if voor[c] != na[c]}


def _zelfde_mappen(a: Path, b: Path) -> None:
    namen_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file() and ".bouw" not in p.parts)
    namen_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file() and ".bouw" not in p.parts)
    assert namen_a == namen_b
    verschillend = [str(n) for n in namen_a if not filecmp.cmp(a / n, b / n, shallow=False)]
    assert verschillend == []


def _wijzig_rivm(ruw: Path, code: str) -> None:
    """Eén eenzaamheidscijfer van één buurt van `code` iets anders (binnen zijn klasse op de kaart)."""
    pad = ruw / "rivm" / "gezondheid_buurten.csv"
    regels = pad.read_text(encoding="utf-8").splitlines(keepends=True)
    kolommen = regels[0].rstrip("\n").split(";")
    i = kolommen.index("Eenzaam_27")
    for n, regel in enumerate(regels):
        velden = regel.rstrip("\n").split(";")
        if velden[1].strip().startswith("BU" + code[2:]) and velden[i].strip() not in ("", "."):
            velden[i] = f"{float(velden[i]) + 0.1:8.1f}"
            regels[n] = ";".join(velden) + "\n"
            break
    else:
        raise AssertionError(f"geen buurtcijfer van {code}")
    pad.write_text("".join(regels), encoding="utf-8")


def _wijzig_antwoord(ruw: Path) -> None:
    """Eén ja/nee-antwoord van de eerste ingediende inzending omgedraaid (landelijke cijfers veranderen)."""
    pad = ruw / "2020" / "vragenlijst_2020.csv"
    regels = pad.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    kolom = regels[0].rstrip("\n").split(";").index("week_deelname")
    velden = regels[1].rstrip("\n").split(";")
    velden[kolom] = {"ja": "nee"}.get(velden[kolom], "ja")
    regels[1] = ";".join(velden) + "\n"
    pad.write_text("\ufeff" + "".join(regels), encoding="utf-8")


def _tip_die_sommigen_krijgen(uitvoer: Path, codes: list[str]) -> tuple[str, set[str]]:
    per_tip: dict[str, set[str]] = {}
    for code in codes:
        for tip in pd.read_csv(uitvoer / "factsheets" / code / "tips.csv", keep_default_na=False)["tip"]:
            per_tip.setdefault(tip, set()).add(code)
    return next((t, c) for t, c in sorted(per_tip.items()) if 0 < len(c) < len(codes))


def test_alleen_wat_verandert_wordt_opnieuw_gemaakt(tmp_path):
    project = _kopie(tmp_path / "project")
    params = schrijf_demo(tmp_path / "demo", DEMO_GEMEENTEN)
    uitvoer = tmp_path / "demo" / "reports" / "2020"
    ruw = tmp_path / "demo" / "data" / "raw"

    _cli(project, "validate", "--params", str(params))
    rapport = (uitvoer / "validatie" / "validatie.html").stat().st_mtime_ns
    notebook = tmp_path / "demo" / "data" / "processed" / "2020" / "notebooks" / "validatie.ipynb"
    uitgevoerd = notebook.stat().st_mtime_ns
    codes = sorted(
        pd.read_parquet(tmp_path / "demo" / "data" / "processed" / "2020" / "deelnemers_2020.parquet")["gemeente_code"]
    )[:4]
    maak = ("factsheets", "--params", str(params), "--werkers", "1", "--gemeente", *codes)
    assert "4 gemaakt, 0 ongewijzigd" in _cli(project, *maak).stdout
    begin = _tijden(uitvoer, codes)

    # Niets veranderd: niets opnieuw, ook de validatie niet.
    niets = _cli(project, *maak).stdout
    assert "Validatie: invoer ongewijzigd" in niets and "0 gemaakt, 4 ongewijzigd" in niets
    assert _opnieuw(begin, _tijden(uitvoer, codes)) == set()
    assert (uitvoer / "validatie" / "validatie.html").stat().st_mtime_ns == rapport

    # Eén RIVM-cijfer van één gemeente: de validatie loopt opnieuw, alleen die factsheet wordt gemaakt.
    _wijzig_rivm(ruw, codes[0])
    rivm = _cli(project, *maak)
    assert "Validatie: invoer ongewijzigd" not in rivm.stdout and "1 gemaakt, 3 ongewijzigd" in rivm.stdout
    na_rivm = _tijden(uitvoer, codes)
    assert _opnieuw(begin, na_rivm) == {codes[0]}
    # Het validatierapport noemt de nieuwe invoer in zijn colofon, maar zijn notebook las niets dat veranderde.
    assert (uitvoer / "validatie" / "validatie.html").stat().st_mtime_ns != rapport
    assert notebook.stat().st_mtime_ns == uitgevoerd

    # Eén tiptekst: alleen de factsheets waarvoor die tip gold (getoond of in tips.csv), geen validatie.
    tip, met_tip = _tip_die_sommigen_krijgen(uitvoer, codes)
    tips = project / "rules" / "tips.yml"
    bron = tips.read_text(encoding="utf-8")
    begin_tip = bron.index(f"  - id: {tip}\n")
    plek = bron.index('    tekst: "', begin_tip) + len('    tekst: "')
    tips.write_text(bron[:plek] + "MERKTEKEN " + bron[plek:], encoding="utf-8")
    tekst = _cli(project, *maak)
    assert "Validatie: invoer ongewijzigd" in tekst.stdout
    na_tekst = _tijden(uitvoer, codes)
    assert _opnieuw(na_rivm, na_tekst) == met_tip
    getoond = {
        c
        for c in met_tip
        if tip in set(pd.read_csv(uitvoer / "factsheets" / c / "tips.csv").query("getoond == 1")["tip"])
    }
    for c in codes:
        html = (uitvoer / "factsheets" / c / "factsheet.html").read_text(encoding="utf-8")
        assert ("MERKTEKEN" in html) == (c in getoond)

    # Wat stap voor stap bijgewerkt is, is precies wat een run vanaf niets maakt.
    stapsgewijs = tmp_path / "stapsgewijs"
    shutil.copytree(uitvoer / "factsheets", stapsgewijs)
    bijgewerkt_rapport = (uitvoer / "validatie" / "validatie.html").read_bytes()
    shutil.rmtree(uitvoer / "factsheets")
    shutil.rmtree(uitvoer / ".bouw")
    _cli(project, *maak)
    _zelfde_mappen(stapsgewijs, uitvoer / "factsheets")
    assert notebook.stat().st_mtime_ns != uitgevoerd  # nu wel met een nieuwe kernel
    assert (uitvoer / "validatie" / "validatie.html").read_bytes() == bijgewerkt_rapport

    # Eén antwoord anders: de landelijke cijfers veranderen, dus elke factsheet.
    begin = _tijden(uitvoer, codes)
    _wijzig_antwoord(ruw)
    assert "4 gemaakt, 0 ongewijzigd" in _cli(project, *maak).stdout
    assert _opnieuw(begin, _tijden(uitvoer, codes)) == set(codes)

    # Een sjabloon anders (al is het maar commentaar): alles opnieuw.
    begin = _tijden(uitvoer, codes)
    sjabloon = project / "src" / "eenzaamheid" / "templates" / "document.html.j2"
    sjabloon.write_text(sjabloon.read_text(encoding="utf-8") + "{# gewijzigd #}\n", encoding="utf-8")
    assert "4 gemaakt, 0 ongewijzigd" in _cli(project, *maak).stdout
    assert _opnieuw(begin, _tijden(uitvoer, codes)) == set(codes)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    map_ = tmp_path_factory.mktemp("demo")
    params = schrijf_demo(map_, DEMO_GEMEENTEN)
    assert orkestratie.voer_uit("validate", params) == 0
    codes = sorted(pd.read_parquet(map_ / "data" / "processed" / "2020" / "deelnemers_2020.parquet")["gemeente_code"])
    return params, codes


def _params_met_uitvoer(params: Path, naam: str) -> tuple[Path, Path]:
    """Een parameterbestand naast het demobestand (relatieve paden blijven kloppen) met eigen uitvoermap."""
    pad = params.with_name(f"{naam}.yml")
    tekst = params.read_text(encoding="utf-8")
    assert "../reports/2020" in tekst
    pad.write_text(tekst.replace("../reports/2020", f"../{naam}"), encoding="utf-8")
    return pad, params.parent.parent / naam


def test_een_of_twee_werkers_geven_dezelfde_bestanden(demo, tmp_path):
    params, codes = demo
    pad, uitvoer = _params_met_uitvoer(params, "werkers")
    assert orkestratie.voer_uit("factsheets", pad, codes[:4], 1) == 0
    shutil.copytree(uitvoer / "factsheets", tmp_path / "een")
    shutil.rmtree(uitvoer / "factsheets")
    shutil.rmtree(uitvoer / ".bouw")
    assert orkestratie.voer_uit("factsheets", pad, codes[:4], 2) == 0
    _zelfde_mappen(tmp_path / "een", uitvoer / "factsheets")
    assert sorted(p.name for p in (uitvoer / "factsheets").iterdir() if p.is_dir()) == codes[:4]


def test_mislukte_gemeente_stopt_de_rest_niet(demo, tmp_path, monkeypatch, capsys):
    params, codes = demo
    kapot, heel = codes[4], codes[5]
    nb = nbformat.read(factsheets_module.FACTSHEET_NOTEBOOK, as_version=4)
    nb.cells.insert(
        1,
        nbformat.v4.new_code_cell(
            f"if gemeente_code == {kapot!r}:\n    raise RuntimeError('kapot')", metadata={"tags": []}
        ),
    )
    notebook = tmp_path / "factsheet.ipynb"
    nbformat.write(nb, notebook)
    pad, uitvoer = _params_met_uitvoer(params, "mislukt")

    monkeypatch.setattr(factsheets_module, "FACTSHEET_NOTEBOOK", notebook)
    assert orkestratie.voer_uit("factsheets", pad, [kapot, heel], 1) == 1
    uit = capsys.readouterr()
    assert f"factsheet {kapot}: FoutInNotebook: RuntimeError: kapot" in uit.err and heel not in uit.err
    assert "1 gemaakt, 0 ongewijzigd, 1 mislukt" in uit.out
    assert (uitvoer / "factsheets" / heel / "factsheet.pdf").is_file()
    assert not (uitvoer / "factsheets" / kapot / "factsheet.pdf").exists()

    # Daarna, met het gewone notebook: alleen de mislukte wordt gemaakt.
    monkeypatch.undo()
    tijd = (uitvoer / "factsheets" / heel / "factsheet.pdf").stat().st_mtime_ns
    assert orkestratie.voer_uit("factsheets", pad, [kapot, heel], 1) == 0
    assert "1 gemaakt, 1 ongewijzigd, 0 mislukt" in capsys.readouterr().out
    assert (uitvoer / "factsheets" / heel / "factsheet.pdf").stat().st_mtime_ns == tijd


def test_buurtrijen_tellen_alleen_voor_hun_gemeente(tmp_path):
    cijfers = pd.DataFrame(
        {
            "gemeente_code": ["GM0001", "GM0001", "GM0002", None],
            "gebied_code": ["BU00010001", "BU00010002", "BU00020001", "NL01"],
            "waarde": [40.0, 41.0, 39.0, 43.0],
        }
    )
    antwoorden = pd.DataFrame({"gemeente_code": ["GM0001", "GM0002"], "gekozen": [1, 0]})

    def sleutels(cijfers, antwoorden):
        cijfers.to_parquet(tmp_path / "gebiedscijfers.parquet")
        antwoorden.to_parquet(tmp_path / "antwoorden_2020.parquet")
        paden = [tmp_path / "gebiedscijfers.parquet", tmp_path / "antwoorden_2020.parquet"]
        return gegevenssleutels(paden, ["GM0001", "GM0002"])

    algemeen, per = sleutels(cijfers, antwoorden)
    buurt = cijfers.copy()
    buurt.loc[1, "waarde"] = 45.0
    a2, p2 = sleutels(buurt, antwoorden)
    assert a2 == algemeen and p2["GM0001"] != per["GM0001"] and p2["GM0002"] == per["GM0002"]
    land = cijfers.copy()
    land.loc[3, "waarde"] = 44.0
    assert sleutels(land, antwoorden)[0] != algemeen
    # Een antwoord verandert de landelijke cijfers: telt voor iedereen.
    antwoord = antwoorden.copy()
    antwoord.loc[1, "gekozen"] = 1
    assert sleutels(cijfers, antwoord)[0] != algemeen


def test_ingevulde_zin_telt_alleen_voor_wie_hem_toont(tmp_path):
    (tmp_path / "tips.yml").write_text(
        "maximum: 5\ntips:\n"
        "  - {id: a, als: \"x == 'nee'\", tekst: Doe A}\n"
        "  - {id: b, als: \"y == 'nee'\", tekst: Doe B}\n",
        encoding="utf-8",
    )
    oud = Regels.lees(tmp_path)
    tips = str(tmp_path / "tips.yml")
    velden = {oud.veld(tips, "a", "tekst"), oud.veld(tips, "b", "tekst")}
    assert None not in velden and oud.veld(tips, "c", "tekst") is None
    toont_a = {("tips.yml", "a", "tekst")}

    (tmp_path / "tips.yml").write_text(
        (tmp_path / "tips.yml").read_text(encoding="utf-8").replace("Doe B", "Doe B nu"), encoding="utf-8"
    )
    nieuw = Regels.lees(tmp_path)
    assert nieuw.algemeen(velden) == oud.algemeen(velden) and nieuw.eigen(toont_a) == oud.eigen(toont_a)
    assert nieuw.eigen({("tips.yml", "b", "tekst")}) != oud.eigen({("tips.yml", "b", "tekst")})
    # Een zin die nog niemand invulde, en elke voorwaarde of instelling, telt voor iedereen.
    assert nieuw.algemeen(set()) != oud.algemeen(set())
    (tmp_path / "tips.yml").write_text(
        (tmp_path / "tips.yml").read_text(encoding="utf-8").replace("maximum: 5", "maximum: 4"), encoding="utf-8"
    )
    assert Regels.lees(tmp_path).algemeen(velden) != nieuw.algemeen(velden)


def test_kernel_houdt_de_tabellen_vast_als_er_notebooks_bijkomen(demo):
    """Elke nieuwe factsheet zet een notebook in de werkmap naast de tabellen; dat mag de kernel niet
    alles opnieuw laten lezen (dat kostte een eerste landelijke run minuten). Een nieuwe tabel wel."""
    from eenzaamheid.rapporteren.factsheet import benchmark

    params, _ = demo
    eerste = benchmark(params)
    werkmap = eerste.params.verwerkt_map / "notebooks"
    werkmap.mkdir(exist_ok=True)
    (werkmap / "factsheet_GM0000.ipynb").write_text("{}", encoding="utf-8")
    assert benchmark(params) is eerste
    tabel = eerste.params.verwerkt_map / "deelnemers_2020.parquet"
    tijd = tabel.stat().st_mtime_ns
    os.utime(tabel, ns=(tijd + 10**9, tijd + 10**9))
    assert benchmark(params) is not eerste
