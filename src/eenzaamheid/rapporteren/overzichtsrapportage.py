"""De overzichtsrapportage van een run maken: cijferbestanden, het notebook in een kernel, HTML en PDF.

In `overzicht/`: `overzichtsrapportage.html` en `.pdf`, `overzicht_cijfers.csv`, `respons.csv` en
`overzicht_cijfers.xlsx`; het uitgevoerde notebook staat in `notebooks/overzicht.ipynb`.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from .. import herkomst, veilig
from ..config import MAP_OVERZICHT, OVERZICHT_NOTEBOOK
from ..verwerken.overzicht import Overzichtscijfers
from . import quarto
from .overzicht import Overzicht, schrijf_cijferbestanden
from .render import render_documenten, voettekst
from .uitvoeren import WarmeKernel, bewaar_notebook, parametriseer, voor_kernel, werkmap


def overzicht_map(cijfers: Overzichtscijfers) -> Path:
    return cijfers.params.uitvoer / MAP_OVERZICHT


def herkomst_in_colofon(markdown: str) -> str:
    """De herkomst als laatste deel van het colofon, niet als eigen hoofdstuk: in de PDF geen nieuwe
    pagina en geen regel in de inhoudsopgave, net als in de HTML, waar de inhoudsopgave uit het notebook komt."""
    return markdown.replace("## Herkomst\n", "### Herkomst {#herkomst .unlisted}\n", 1)


def maak_overzicht(cijfers: Overzichtscijfers, motor: str = "pandoc") -> str | None:
    """Maak alles van het overzicht; geeft de fout als het notebook niet liep (de cijferbestanden staan er dan al)."""
    params = cijfers.params
    map_ = overzicht_map(cijfers)
    schrijf_cijferbestanden(cijfers, map_)
    if motor == "quarto":
        try:
            quarto.render(OVERZICHT_NOTEBOOK, {"params_bestand": str(params.bestand)}, map_, "overzichtsrapportage")
        except quarto.QuartoFout as fout:
            return f"overzicht: {fout}"
        return None
    veilig.schrijf_csv(Overzicht(cijfers).inhoud.teksten(), map_ / "teksten.csv")
    pad = werkmap(params) / "overzicht.ipynb"
    pad.parent.mkdir(parents=True, exist_ok=True)
    # De kernel is een eigen proces: die laadt de nette tabellen zelf via het parameterbestand.
    kernel = WarmeKernel()
    try:
        sjabloon = nbformat.read(OVERZICHT_NOTEBOOK, as_version=4)
        nb = kernel.voer_uit(parametriseer(sjabloon, {"params_bestand": voor_kernel(params.bestand)}))
        bewaar_notebook(nb, pad, params.bestand)
    except Exception as fout:  # één mislukt onderdeel wordt gemeld; de rest van de run is al klaar
        return f"overzicht: {type(fout).__name__}: {fout}"
    finally:
        kernel.stop()
    titel = f"Overzichtsrapportage {params.jaar} – Benchmark Eén tegen eenzaamheid"
    voet = voettekst(params.jaar, params.fictief, f"Overzichtsrapportage {params.jaar}")
    render_documenten(
        nb,
        map_ / "overzichtsrapportage.html",
        map_ / "overzichtsrapportage.pdf",
        titel,
        voet,
        params.jaar,
        herkomst_in_colofon(herkomst.colofon(herkomst.lees(params.uitvoer))),
        soort="overzicht",
        bijlagen={"overzicht_cijfers.csv": map_ / "overzicht_cijfers.csv"},
    )
    return None
