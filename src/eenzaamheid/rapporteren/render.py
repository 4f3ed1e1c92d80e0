"""Een uitgevoerd notebook opmaken als HTML en PDF met de motoren die Quarto zelf gebruikt.

pandoc (uit `pypandoc-binary`) leest de Markdown één keer en schrijft met een eigen writer
(`templates/beide.lua`) een HTML- en een Typst-fragment; een sjabloon in de huisstijl maakt er
documenten van; Typst (pakket `typst`) maakt de PDF. Per uitvoer van het notebook:
`text/markdown` gaat naar beide; `text/html` alleen naar de HTML; de PDF krijgt een rauw
Typst-blok uit `text/markdown`. Code-invoer en tekstuitvoer
(print, logs) komen nooit in een document.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from functools import lru_cache
from pathlib import Path

import nbformat
import pypandoc
import typst
from markupsafe import Markup

from .. import veilig
from ..config import TEMPLATES
from ..huisstijl import laad_huisstijl, lettertype_map
from .sjablonen import omgeving, render_sjabloon

PANDOC_IN = "markdown-smart"  # aanhalingstekens zetten we zelf (zie tekstdelen.typografie)
SCHEIDING = "<!--EENZAAMHEID-TYPST-->"


@lru_cache(maxsize=1)
def typst_compiler() -> typst.Compiler:
    """Eén Typst-compiler per proces: de letters worden één keer geladen, niet per document (± 2× sneller)."""
    return typst.Compiler(font_paths=[str(lettertype_map())], ignore_system_fonts=True)


def naar_markdown(nb: nbformat.NotebookNode, map_: Path, ruw: list[str]) -> str:
    """Eén Markdown-document voor beide formaten; grafiek-HTML staat apart in `ruw`.

    pandoc hoeft de grafiek-HTML (met de hele SVG) niet te lezen: op zijn plek staat een
    merkteken dat na pandoc wordt vervangen.
    """
    delen: list[str] = []
    for cel in nb.cells:
        if cel.cell_type == "markdown":
            delen.append(cel.source)
            continue
        if cel.cell_type != "code":
            continue
        for uit in cel.get("outputs", []):
            if uit.get("output_type") not in ("display_data", "execute_result"):
                continue
            data = uit.get("data", {})
            if "text/html" in data:
                ruw.append(data["text/html"])
                delen.append(f"```{{=html}}\n<!--ruw-{len(ruw) - 1}-->\n```")
            if "text/markdown" in data:
                delen.append(data["text/markdown"])
    return "\n\n".join(delen) + "\n"


def pandoc_beide(markdown: str) -> tuple[str, str]:
    uit = pypandoc.convert_text(
        markdown, str(TEMPLATES / "beide.lua"), format=PANDOC_IN, extra_args=["--wrap=none", "--columns=40"]
    )  # smal: kolombreedtes uit de tabellen
    html, typst_fragment = uit.split(SCHEIDING, 1)
    return html, typst_fragment


# Wat een bijlage van de PDF is, in de lijst met bijlagen van de PDF-lezer.
BESCHRIJVING = {
    "cijfers.csv": "Alle cijfers van deze factsheet",
    "buurten.csv": "Cijfers van de buurtkaart",
    "tips.csv": "De tips met hun reden",
    "overzicht_cijfers.csv": "Alle cijfers van deze rapportage (een rij per jaar, groep, vraag, rij en antwoord)",
}


def render_documenten(
    nb: nbformat.NotebookNode,
    html_pad: Path,
    pdf_pad: Path | None,
    titel: str,
    voet: str,
    jaar: int,
    colofon: str = "",
    soort: str = "factsheet",
    bijlagen: dict[str, Path] | None = None,
) -> None:
    """colofon: Markdown aan het eind van het document (de herkomst van de run), niet in het notebook.
    `soort` kiest de eigen sjabloondelen van een documentsoort (`overzicht.typ.j2`, `overzicht.css.j2`);
    `bijlagen` (naam -> bestand) gaan als bijlage in de PDF en als link in de HTML; zonder `pdf_pad` alleen HTML."""
    html_pad.parent.mkdir(parents=True, exist_ok=True)
    if pdf_pad is not None:
        pdf_pad.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="typst-") as tmp:
        map_ = Path(tmp)
        ruw: list[str] = []
        html, typst_fragment = pandoc_beide(naar_markdown(nb, map_, ruw) + ("\n" + colofon if colofon else ""))
        html = re.sub(r"<!--ruw-(\d+)-->", lambda m: ruw[int(m.group(1))], html)
        html_pad.write_text(
            render_sjabloon(
                "document.html.j2",
                titel=titel,
                voet=voet,
                inhoud=Markup(html),
                soort=soort,
                bijlagen=sorted(bijlagen or {}),
            ),
            encoding="utf-8",
        )
        if pdf_pad is None:
            return
        for naam, pad in (bijlagen or {}).items():
            (map_ / naam).write_bytes(Path(pad).read_bytes())
        bron = (
            omgeving()
            .get_template("document.typ.j2")
            .render(
                s=laad_huisstijl(),
                titel=veilig.typst_tekst(titel)[1:-1],
                voet=voet,
                inhoud=typst_fragment,
                soort=soort,
                bijlagen=[(naam, BESCHRIJVING.get(naam, naam)) for naam in sorted(bijlagen or {})],
            )
        )
        (map_ / "document.typ").write_text(bron, encoding="utf-8")
        # Vaste tijd in de PDF: dezelfde invoer geeft byte voor byte dezelfde PDF.
        pdf = typst_compiler().compile(
            input=str(map_ / "document.typ"), root=str(map_), timestamp=dt.datetime(jaar, 12, 1, tzinfo=dt.UTC)
        )
    pdf_pad.write_bytes(pdf)


def voettekst(jaar: int, fictief: bool, wat: str) -> str:
    """Platte tekst (zonder tekens die HTML of Typst anders lezen) voor de voet van elke pagina."""
    tekst = f"{wat} · Benchmark Eén tegen eenzaamheid {jaar}" + (" · fictieve gegevens" if fictief else "")
    return "".join(t for t in tekst if t not in "#*_@$<>[]\\`")
