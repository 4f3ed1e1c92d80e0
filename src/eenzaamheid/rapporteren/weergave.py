"""Blokken (tekst, tabel, grafiek) tonen in een notebook, zo dat HTML en PDF er elk het juiste uit halen.

Elke uitvoer is een MIME-bundel: `text/markdown` voor tekst en tabellen (beide formaten),
`text/html` voor grafieken in HTML (interactief) en voor de PDF een Typst-tekening van dezelfde
cijfers (`text/markdown` met een rauw Typst-blok) of een SVG (`image/svg+xml`). Quarto kiest
uit dezelfde bundels; `render.py` doet dat zonder Quarto.
"""

from __future__ import annotations

import html
import urllib.parse
from dataclasses import dataclass, field
from itertools import count

import pandas as pd

from .. import veilig
from .grafieken import naar_spec, naar_svg

_volgnummer = count(1)


@dataclass
class Tekst:
    markdown: str


@dataclass
class Grafiek:
    naam: str  # bestandsnaam-veilig, ook voor de CSV-download
    grafiek: object  # Altair-grafiek (HTML, interactief)
    beschrijving: str  # alternatieve tekst
    cijfers: pd.DataFrame = field(repr=False)
    typst: str = ""  # dezelfde grafiek als Typst-aanroep (PDF); leeg = SVG via vl-convert


@dataclass
class Opmaak:
    """Kant-en-klaar per formaat: `html` alleen in de HTML (monitor), `typst` alleen in de PDF.

    Een leeg formaat betekent: dit blok staat niet in dat document. Zo toont de monitor elke vraag
    en blijft de PDF een samenvatting van ten hoogste vier pagina's, uit dezelfde inhoud.
    """

    html: str = ""
    typst: str = ""
    tekst: str = ""  # platte tekst voor wie het notebook zonder opmaak leest


GETAL = ' class="getal"'
VOET = ' class="voet"'


@dataclass
class Tabel:
    """Een tabel die niet door pandoc hoeft: kant-en-klaar als HTML en als Typst.

    pandoc leest pipe tables traag (de tabellen waren de helft van de opmaaktijd van een
    factsheet); deze tabellen zijn eenvoudig genoeg om direct te schrijven.
    """

    kop: list[str]
    rijen: list[list[str]]
    breedtes: list[int]  # relatieve kolombreedtes
    rechts: int = 0  # zoveel laatste kolommen rechts uitgelijnd (getallen)
    voetrijen: tuple[int, ...] = ()  # rijen (index in `rijen`) cursief, zoals de regel met n

    def html(self) -> str:
        totaal = sum(self.breedtes)
        eerste_rechts = len(self.kop) - self.rechts

        def cellen(waarden, tag):
            return "".join(
                f"<{tag}{GETAL if i >= eerste_rechts else ''}>{html.escape(w)}</{tag}>" for i, w in enumerate(waarden)
            )

        kolommen = "".join(f'<col style="width: {100 * b / totaal:.1f}%">' for b in self.breedtes)
        rijen = "".join(
            f"<tr{VOET if i in self.voetrijen else ''}>{cellen(r, 'td')}</tr>" for i, r in enumerate(self.rijen)
        )
        return (
            f'<table class="tabel"><colgroup>{kolommen}</colgroup><thead><tr>{cellen(self.kop, "th")}</tr>'
            f"</thead><tbody>{rijen}</tbody></table>"
        )

    def typst(self) -> str:
        from .grafieken import typst_tekst

        def lijst(items) -> str:
            return "(" + "".join(f"{i}, " for i in items) + ")"

        rijen = lijst(lijst(typst_tekst(c) for c in r) for r in self.rijen)
        return (
            f"#tabel({lijst(typst_tekst(k) for k in self.kop)}, {rijen}, {lijst(self.breedtes)}, "
            f"{self.rechts}, {lijst(self.voetrijen)})"
        )


def csv_link(naam: str, cijfers: pd.DataFrame) -> str:
    data = veilig.csv_tekst(cijfers, sep=";", decimal=",")
    return (
        f'<a class="download" download="{html.escape(naam)}.csv" '
        f'href="data:text/csv;charset=utf-8,{urllib.parse.quote(data)}">Download de cijfers van deze grafiek (CSV)</a>'
    )


def bundel(blok) -> dict:
    if hasattr(blok, "bundel"):  # een blok dat zijn eigen HTML en Typst maakt (zoals de buurtkaart)
        return blok.bundel()
    if isinstance(blok, Opmaak):
        uit = {"text/plain": blok.tekst or "(opmaak)"}
        if blok.html:
            uit["text/html"] = blok.html
        if blok.typst:
            uit["text/markdown"] = "```{=typst}\n" + blok.typst + "\n```\n"
        return uit
    if isinstance(blok, Tekst):
        return {"text/markdown": blok.markdown, "text/plain": blok.markdown}
    if isinstance(blok, Tabel):
        platte_tekst = "\n".join(" | ".join(r) for r in [blok.kop] + blok.rijen)
        return {
            "text/html": blok.html(),
            "text/markdown": "```{=typst}\n" + blok.typst() + "\n```\n",
            "text/plain": platte_tekst,
        }
    spec = naar_spec(blok.grafiek)
    doel = f"grafiek-{blok.naam}"
    embed = (
        f'<figure class="grafiek" role="figure" aria-label="{html.escape(blok.beschrijving)}">'
        f'<div id="{doel}"></div><figcaption>{csv_link(blok.naam, blok.cijfers)}</figcaption></figure>\n'
        f'<script>vegaEmbed("#{doel}", {veilig.json_in_html(spec, sort_keys=True)}, '
        f'{{"actions": false, "renderer": "svg"}});</script>'
    )
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
