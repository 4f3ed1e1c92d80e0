"""Dezelfde notebooks renderen met Quarto (`--motor quarto`), waar `quarto` op PATH staat.

De standaardmotor is pandoc + Typst met een warme kernel per werker (`factsheets.py`, `render.py`).
Met Quarto voert Quarto zelf elk notebook uit, met een verse kernel per document, en maakt het
HTML en PDF (Typst) volgens `_quarto.yml` en `_brand.yml`. De cijferbestanden (CSV, Excel) maakt
het pakket in beide gevallen zelf, uit dezelfde berekening; Quarto maakt alleen de documenten.

Quarto zet tijdelijke bestanden naast het notebook (`factsheet.quarto_ipynb`); twee renders van
hetzelfde notebook tegelijk zouden elkaar die afpakken, dus de documenten worden na elkaar gemaakt.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from ..huisstijl import lettertype_map

QUARTO = "quarto"
# Quarto-formaat -> bestand dat Quarto ervan maakt (typst levert direct de PDF).
FORMATEN = {"html": ".html", "typst": ".pdf"}
NIET_GEVONDEN = (
    "Quarto staat niet op PATH: installeer Quarto (https://quarto.org, of `conda env create -f environment.yml`) "
    "of kies de standaardmotor met --motor pandoc."
)


class QuartoFout(RuntimeError):
    pass


def beschikbaar() -> bool:
    return shutil.which(QUARTO) is not None


def projectmap(notebook: Path) -> Path:
    """De map met `_quarto.yml` boven het notebook, zoals Quarto zelf het project zoekt."""
    for map_ in Path(notebook).resolve().parents:
        if (map_ / "_quarto.yml").is_file():
            return map_
    return Path(notebook).resolve().parent


def opdracht(notebook: Path, parameters: dict[str, str], uitvoer_map: Path) -> list[str]:
    project = projectmap(notebook)
    args = [QUARTO, "render", Path(notebook).resolve().relative_to(project).as_posix()]
    for naam, waarde in parameters.items():
        args += ["-P", f"{naam}:{waarde}"]
    # De letter komt uit het pip-pakket font-source-sans-pro; waar dat staat, weet alleen Python.
    lettertypen = json.dumps([str(lettertype_map())])
    return args + ["--to", ",".join(FORMATEN), "--output-dir", str(uitvoer_map), "-M", f"font-paths:{lettertypen}"]


def render(notebook: Path, parameters: dict[str, str], uitvoer_map: Path, naam: str | None = None) -> list[Path]:
    """`quarto render` van één notebook naar HTML en PDF in `uitvoer_map`; geeft de gemaakte bestanden.

    `naam` geeft de bestanden een andere naam dan het notebook (overzicht -> overzichtsrapportage).
    """
    if not beschikbaar():
        raise QuartoFout(NIET_GEVONDEN)
    uitvoer_map = Path(uitvoer_map).resolve()
    uitvoer_map.mkdir(parents=True, exist_ok=True)
    proces = subprocess.run(
        opdracht(notebook, parameters, uitvoer_map),
        cwd=projectmap(notebook),
        env=dict(os.environ, PYTHONHASHSEED="0"),
        capture_output=True,
        text=True,
    )
    if proces.returncode != 0:
        laatste = (proces.stderr.strip().splitlines() or ["geen melding"])[-1]
        raise QuartoFout(f"quarto render {Path(notebook).name} stopte met code {proces.returncode}: {laatste}")
    gemaakt = []
    for uitgang in FORMATEN.values():
        pad = uitvoer_map / (Path(notebook).stem + uitgang)
        if not pad.is_file():
            raise QuartoFout(f"quarto render {Path(notebook).name} maakte geen {pad.name} in {uitvoer_map}")
        if naam:
            pad = pad.replace(uitvoer_map / (naam + uitgang))
        gemaakt.append(pad)
    return gemaakt
