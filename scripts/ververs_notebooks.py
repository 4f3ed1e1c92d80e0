"""Voer de notebooks in `notebooks/` uit op de demogegevens en bewaar hun uitvoer.

De bewaarde uitvoer is de referentie voor de regressietest met nbval (`pytest`). Draai dit na
een bewuste wijziging van een factsheet of het overzicht, en bekijk het verschil in git.

    .venv/bin/python scripts/ververs_notebooks.py
"""

from __future__ import annotations

import nbformat

from eenzaamheid.cli import main as cli
from eenzaamheid.config import FACTSHEET_NOTEBOOK, OVERZICHT_NOTEBOOK, PARAMS, VALIDATIE_NOTEBOOK
from eenzaamheid.rapporteren.uitvoeren import WarmeKernel, maak_stabiel

if __name__ == "__main__":
    cli(["validate", "--params", str(PARAMS / "demo.yml")])
    for pad in (FACTSHEET_NOTEBOOK, OVERZICHT_NOTEBOOK, VALIDATIE_NOTEBOOK):
        kernel = WarmeKernel()
        try:
            nb = nbformat.read(pad, as_version=4)
            nb = maak_stabiel(kernel.voer_uit(nb))
            nb.metadata.pop("papermill", None)
            nbformat.write(nb, pad)
            print(f"bijgewerkt: {pad}")
        finally:
            kernel.stop()
