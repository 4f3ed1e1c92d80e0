"""Blokken (tekst, tabel, grafiek) tonen in een notebook, zo dat HTML en PDF er elk het juiste uit halen.

Elke uitvoer is een MIME-bundel: `text/markdown` voor tekst en tabellen (beide formaten),
`text/html` voor grafieken in HTML (interactief) en voor de PDF een Typst-tekening van dezelfde
cijfers (`text/markdown` met een rauw Typst-blok) of een SVG (`image/svg+xml`). Quarto kiest
uit dezelfde bundels; `render.py` doet dat zonder Quarto.
"""

from __future__ import annotations

import html
import json
import urllib.parse
from dataclasses import dataclass, field
from itertools import count

import pandas as pd

from .grafieken import naar_spec, naar_svg

_volgnummer = count(1)


@dataclass
class Tekst:
    markdown: str


@dataclass
class Grafiek:
    naam: str            # bestandsnaam-veilig, ook voor de CSV-download
    grafiek: object      # Altair-grafiek (HTML, interactief)
    beschrijving: str    # alternatieve tekst
    cijfers: pd.DataFrame = field(repr=False)
    typst: str = ""      # dezelfde grafiek als Typst-aanroep (PDF); leeg = SVG via vl-convert


def csv_link(naam: str, cijfers: pd.DataFrame) -> str:
    data = cijfers.to_csv(index=False, sep=";", decimal=",", lineterminator="\n")
    return (f'<a class="download" download="{html.escape(naam)}.csv" '
            f'href="data:text/csv;charset=utf-8,{urllib.parse.quote(data)}">Download de cijfers van deze grafiek (CSV)</a>')


def bundel(blok) -> dict:
    if isinstance(blok, Tekst):
        return {"text/markdown": blok.markdown, "text/plain": blok.markdown}
    spec = naar_spec(blok.grafiek)
    doel = f"grafiek-{blok.naam}"
    embed = (f'<figure class="grafiek" role="figure" aria-label="{html.escape(blok.beschrijving)}">'
             f'<div id="{doel}"></div><figcaption>{csv_link(blok.naam, blok.cijfers)}</figcaption></figure>\n'
             f'<script>vegaEmbed("#{doel}", {json.dumps(spec, ensure_ascii=False, sort_keys=True)}, '
             f'{{"actions": false, "renderer": "svg"}});</script>')
    bundel = {"text/html": embed, "text/plain": blok.beschrijving}
    if blok.typst:
        # Markdown met een rauw Typst-blok: Quarto en render.py nemen dit voor de PDF.
        bundel["text/markdown"] = "```{=typst}\n" + blok.typst + "\n```\n"
    else:
        bundel["image/svg+xml"] = naar_svg(blok.grafiek)
    return bundel


def toon(blokken: list) -> None:
    from IPython.display import display
    for blok in blokken:
        meta = {"eenzaamheid": {"naam": blok.naam}} if isinstance(blok, Grafiek) else {}
        display(bundel(blok), raw=True, metadata=meta)
