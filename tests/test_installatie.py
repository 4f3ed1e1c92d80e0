"""Een gewone installatie (`pip install .`, niet bewerkbaar) werkt vanuit elke map.

Het pakket wordt uit een kopie van de kloon in een tijdelijke map gebouwd en daar geïnstalleerd
(`pip install --target`); daarna draait `eenzaamheid run` vanuit een andere map, zonder de
projectbestanden van de kloon: rules/, notebooks/ en _brand.yml komen dan uit het pakket.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from eenzaamheid.config import OntbrekendeMap, controleer_mappen

KLOON = Path(__file__).resolve().parents[1]
KOPIE = ["src", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "rules", "notebooks", "_brand.yml"]
DEMO = ["params", "data/raw"]
PROJECTBESTANDEN = ["rules", "notebooks", "_brand.yml"]


def _kopieer(naar: Path, namen: list[str]) -> None:
    for naam in namen:
        bron, doel = KLOON / naam, naar / naam
        if bron.is_dir():
            shutil.copytree(
                bron, doel, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints")
            )
        else:
            doel.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(bron, doel)


def _bouw_zonder_isolatie() -> bool:
    """Zonder eigen bouwomgeving (sneller, offline) als setuptools en wheel hier al zijn."""
    if importlib.util.find_spec("wheel") is None:
        return False
    versie = importlib.metadata.version("setuptools").split(".")
    return int(versie[0]) >= 68


@pytest.fixture(scope="module")
def installatie(tmp_path_factory):
    basis = tmp_path_factory.mktemp("installatie")
    kloon, doel = basis / "kloon", basis / "pakket"
    _kopieer(kloon, KOPIE + DEMO)
    opdracht = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(doel), str(kloon)]
    if _bouw_zonder_isolatie():
        opdracht.insert(4, "--no-build-isolation")
    subprocess.run(opdracht, check=True, cwd=basis)
    # Zonder deze kopieën kan het pakket alleen nog op zijn eigen meegeleverde bestanden draaien.
    for naam in PROJECTBESTANDEN:
        pad = kloon / naam
        shutil.rmtree(pad) if pad.is_dir() else pad.unlink()
    elders = basis / "elders"
    elders.mkdir()
    omgeving = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(doel)}
    return kloon, doel, elders, omgeving


def _eenzaamheid(installatie, *argumenten: str) -> subprocess.CompletedProcess:
    kloon, doel, elders, omgeving = installatie
    omgeving = omgeving | {"PYTHONPATH": str(doel)}
    return subprocess.run(
        [str(doel / "bin" / "eenzaamheid"), *argumenten],
        cwd=elders,
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_geinstalleerd_pakket_draait_de_demo_vanuit_een_andere_map(installatie):
    kloon, doel, elders, omgeving = installatie
    waar = subprocess.run(
        [sys.executable, "-c", "import eenzaamheid.config as c; print(c.__file__); print(c.REGELS)"],
        cwd=elders,
        env=omgeving,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert Path(waar[0]).is_relative_to(doel) and Path(waar[1]) == doel / "eenzaamheid" / "_project" / "rules"

    uit = _eenzaamheid(installatie, "run", "--params", str(kloon / "params" / "demo.yml"), "--gemeente", "GM9131")
    assert uit.returncode == 0, uit.stderr
    assert "Factsheets: 1 gemaakt, 0 ongewijzigd, 0 mislukt" in uit.stdout
    rapporten = kloon / "reports" / "2020"
    for pad in (
        "validatie/validatie.html",
        "factsheets/GM9131/factsheet.html",
        "factsheets/GM9131/factsheet.pdf",
        "factsheets/GM9131/cijfers.csv",
        "overzicht/overzichtsrapportage.pdf",
        "overzicht/overzicht_cijfers.xlsx",
    ):
        assert (rapporten / pad).stat().st_size > 0, pad
    assert (kloon / "data" / "processed" / "2020" / "panel.json").is_file()
    assert list(elders.iterdir()) == []  # niets in de map van waaruit het draaide


def test_ontbrekende_map_in_het_pakket_geeft_een_regel_en_afsluitcode_2(installatie, tmp_path):
    kloon, doel, elders, omgeving = installatie
    # Een eigen kopie van de installatie: de andere test gebruikt de hele.
    doel = tmp_path / "pakket"
    shutil.copytree(installatie[1], doel)
    shutil.rmtree(doel / "eenzaamheid" / "_project" / "rules")
    uit = _eenzaamheid((kloon, doel, elders, omgeving), "validate", "--params", str(kloon / "params" / "demo.yml"))
    assert uit.returncode == 2
    regels = uit.stderr.strip().splitlines()
    assert len(regels) == 1 and "Traceback" not in uit.stderr
    assert regels[0].startswith("Fout in de invoer: map rules/ van het pakket niet gevonden")
    assert "pip install ." in regels[0] and str(doel / "eenzaamheid" / "_project" / "rules") in regels[0]


def test_controleer_mappen_noemt_wat_ontbreekt(tmp_path):
    (tmp_path / "rules").mkdir()
    controleer_mappen({"rules/": (tmp_path / "rules", True)})
    with pytest.raises(OntbrekendeMap, match=r"^bestand _brand.yml van het pakket niet gevonden"):
        controleer_mappen({"rules/": (tmp_path / "rules", True), "_brand.yml": (tmp_path / "_brand.yml", False)})
