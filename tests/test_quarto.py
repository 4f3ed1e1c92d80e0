"""`--motor quarto` met een nagemaakte `quarto` op PATH die zijn argumenten opschrijft.

Dit bewijst welke `quarto render`-opdrachten het pakket geeft (notebook, parameters, formaten,
uitvoermap, werkmap) en wat het met de uitkomst doet; niet dat een echte Quarto die notebooks
goed rendert (zie README, 'Wat getest is').
"""

from __future__ import annotations

import json
import os
import sys

import pandas as pd
import pytest
from bouwers import demo_params

from eenzaamheid.cli import _parser, main
from eenzaamheid.config import FACTSHEET_NOTEBOOK, OVERZICHT_NOTEBOOK
from eenzaamheid.huisstijl import lettertype_map

# Schrijft per aanroep één JSON-regel (argumenten en werkmap) en maakt wat Quarto zou maken:
# <notebook>.html en <notebook>.pdf in --output-dir. Faalt voor de gemeente in QUARTO_NEP_FAAL.
# `-S`: zonder site-packages start Python veel sneller, en meer dan de standaardbibliotheek is niet nodig.
NEP_QUARTO = f"""#!{sys.executable} -S
import json, os, sys
from pathlib import Path

args = sys.argv[1:]
with open(os.environ["QUARTO_NEP_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({{"args": args, "cwd": os.getcwd()}}) + "\\n")
faal = os.environ.get("QUARTO_NEP_FAAL")
if faal and f"gemeente_code:{{faal}}" in args:
    print("ERROR: nep-Quarto faalt hier met opzet", file=sys.stderr)
    sys.exit(1)
uit = Path(args[args.index("--output-dir") + 1])
stam = Path(args[1]).stem
uit.mkdir(parents=True, exist_ok=True)
(uit / (stam + ".html")).write_text("<html><body>" + " ".join(args) + "</body></html>", encoding="utf-8")
(uit / (stam + ".pdf")).write_bytes(b"%PDF-1.7\\n%nep\\n")
"""


@pytest.fixture
def nep_quarto(tmp_path, monkeypatch):
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    stub = bin_ / "quarto"
    stub.write_text(NEP_QUARTO, encoding="utf-8")
    stub.chmod(0o755)
    log = tmp_path / "quarto-aanroepen.jsonl"
    monkeypatch.setenv("PATH", f"{bin_}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("QUARTO_NEP_LOG", str(log))

    def aanroepen() -> list[dict]:
        return [json.loads(r) for r in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []

    return aanroepen


def parameters(args: list[str]) -> dict[str, str]:
    return dict(args[i + 1].split(":", 1) for i, a in enumerate(args) if a == "-P")


def optie(args: list[str], naam: str) -> str:
    assert args.count(naam) == 1, (naam, args)
    return args[args.index(naam) + 1]


def test_run_met_quarto_rendert_elk_notebook_met_de_juiste_opdracht(tmp_path, nep_quarto):
    params = demo_params(tmp_path / "uit")
    assert main(["run", "--params", str(params), "--motor", "quarto"]) == 0

    codes = sorted(pd.read_parquet(tmp_path / "uit" / "verwerkt" / "deelnemers_2020.parquet")["gemeente_code"])
    project = FACTSHEET_NOTEBOOK.parents[1]
    font = json.dumps([str(lettertype_map())])
    aanroepen = nep_quarto()
    factsheets = [a["args"] for a in aanroepen if a["args"][1].endswith("factsheet.ipynb")]
    overzicht = [a["args"] for a in aanroepen if a["args"][1].endswith("overzicht.ipynb")]
    assert len(aanroepen) == len(codes) + 1
    assert {a["cwd"] for a in aanroepen} == {str(project)}  # waar _quarto.yml staat

    assert sorted(parameters(a)["gemeente_code"] for a in factsheets) == codes
    for args in factsheets:
        code = parameters(args)["gemeente_code"]
        assert args[:2] == ["render", FACTSHEET_NOTEBOOK.relative_to(project).as_posix()]
        assert parameters(args) == {"gemeente_code": code, "params_bestand": str(params)}
        assert optie(args, "--to") == "html,typst"
        assert optie(args, "--output-dir") == str(tmp_path / "uit" / "factsheets" / code)
        assert optie(args, "-M") == f"font-paths:{font}"
        assert {p.name for p in (tmp_path / "uit" / "factsheets" / code).iterdir()} == {
            "factsheet.html",
            "factsheet.pdf",
            "cijfers.csv",
            "tips.csv",
            "buurten.csv",
            "teksten.csv",
        }
        assert f"gemeente_code:{code}" in (tmp_path / "uit" / "factsheets" / code / "factsheet.html").read_text()

    [args] = overzicht
    assert args[:2] == ["render", OVERZICHT_NOTEBOOK.relative_to(project).as_posix()]
    assert parameters(args) == {"params_bestand": str(params)}
    assert optie(args, "--to") == "html,typst"
    assert optie(args, "--output-dir") == str(tmp_path / "uit" / "overzicht")
    # Quarto noemt de bestanden naar het notebook; het contract (sectie 8) noemt ze overzichtsrapportage.
    assert {p.name for p in (tmp_path / "uit" / "overzicht").iterdir()} == {
        "overzichtsrapportage.html",
        "overzichtsrapportage.pdf",
        "overzicht_cijfers.csv",
        "respons.csv",
        "overzicht_cijfers.xlsx",
    }


def test_mislukte_quarto_render_wordt_per_gemeente_gemeld(tmp_path, nep_quarto, monkeypatch, capsys):
    monkeypatch.setenv("QUARTO_NEP_FAAL", "GM9005")
    params = demo_params(tmp_path / "uit")
    assert main(["factsheets", "--params", str(params), "--gemeente", "GM9131", "GM9005", "--motor", "quarto"]) == 1
    fout = capsys.readouterr().err
    assert "GM9005: quarto render factsheet.ipynb stopte met code 1: ERROR: nep-Quarto faalt hier met opzet" in fout
    assert "GM9131" not in fout
    assert (tmp_path / "uit" / "factsheets" / "GM9131" / "factsheet.pdf").is_file()
    assert list((tmp_path / "uit" / "factsheets" / "GM9005").glob("*")) == []  # ook geen cijfers.csv
    assert [parameters(a["args"])["gemeente_code"] for a in nep_quarto()] == ["GM9131", "GM9005"]


def test_zonder_quarto_op_path_een_nederlandse_regel_en_code_2(tmp_path, monkeypatch, capsys):
    leeg = tmp_path / "leeg"
    leeg.mkdir()
    monkeypatch.setenv("PATH", str(leeg))
    for opdracht in ("factsheets", "overview", "run"):
        assert main([opdracht, "--params", str(tmp_path / "bestaat-niet.yml"), "--motor", "quarto"]) == 2
        fout = capsys.readouterr().err
        assert fout.count("\n") == 1
        assert fout.startswith("Quarto staat niet op PATH") and "--motor pandoc" in fout


def test_standaardmotor_is_pandoc():
    # Dat de standaardroute echt zonder Quarto werkt, laat test_einde_tot_einde zien: daar staat geen quarto op PATH.
    for opdracht in ("factsheets", "overview", "run"):
        assert _parser().parse_args([opdracht, "--params", "p.yml"]).motor == "pandoc"
