"""Blokken (tekst, tabel, grafiek) tonen in een notebook, zo dat HTML en PDF er elk het juiste uit halen.

Elke uitvoer is een MIME-bundel: `text/html` alleen voor de HTML, `text/markdown` voor beide
formaten (tekst) of met een rauw Typst-blok alleen voor de PDF (tabellen, en grafieken als
Typst-tekening of als dezelfde SVG). Quarto kiest uit dezelfde bundels; `render.py` doet dat
zonder Quarto.
"""

from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass
class Tekst:
    markdown: str


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
    raise TypeError(f"geen blok om te tonen: {type(blok).__name__}")


def toon(blokken: list) -> None:
    from IPython.display import display

    for blok in blokken:
        display(bundel(blok), raw=True)
