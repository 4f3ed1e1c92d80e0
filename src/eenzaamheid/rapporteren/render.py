"""Een uitgevoerd notebook opmaken als HTML en PDF met de motoren die Quarto zelf gebruikt.

pandoc (uit `pypandoc-binary`) zet Markdown om naar een HTML- of Typst-fragment; een sjabloon in
de huisstijl maakt er een document van; Typst (pakket `typst`) maakt de PDF. De keuze per
uitvoer: HTML neemt `text/html` (interactieve grafiek) of `text/markdown`, PDF neemt
`text/markdown` of `image/svg+xml`. Code-invoer en tekstuitvoer (print, logs) komen nooit in een
document.
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

from ..config import TEMPLATES
from ..huisstijl import laad_huisstijl, lettertype_map
from .sjablonen import omgeving, render_sjabloon

PANDOC_IN = "markdown-smart"  # aanhalingstekens zetten we zelf (zie factsheet.typografie)


@lru_cache(maxsize=1)
def vega_bundel() -> str:
    import vl_convert as vlc
    # Zonder CDN: de bundel met vega, vega-lite en vega-embed gaat in de pagina zelf.
    return vlc.javascript_bundle().replace("</script", "<\\/script")


def _uitvoer_delen(nb: nbformat.NotebookNode, doel: str, map_: Path | None,
                   ruw: list[str] | None = None) -> list[str]:
    delen: list[str] = []
    teller = 0
    for cel in nb.cells:
        if cel.cell_type == "markdown":
            delen.append(cel.source)
            continue
        if cel.cell_type != "code" or "verberg" in cel.get("metadata", {}).get("tags", []):
            continue
        for uit in cel.get("outputs", []):
            if uit.get("output_type") not in ("display_data", "execute_result"):
                continue
            data = uit.get("data", {})
            if doel == "html":
                if "text/html" in data:
                    if ruw is None:
                        delen.append("```{=html}\n" + data["text/html"] + "\n```")
                    else:
                        # pandoc hoeft de grafiek-HTML (met de hele Vega-spec) niet te lezen.
                        ruw.append(data["text/html"])
                        delen.append(f"```{{=html}}\n<!--ruw-{len(ruw) - 1}-->\n```")
                elif "text/markdown" in data:
                    delen.append(data["text/markdown"])
            else:
                if "text/markdown" in data:
                    delen.append(data["text/markdown"])
                elif "image/svg+xml" in data and map_ is not None:
                    teller += 1
                    naam = f"grafiek-{teller:02d}.svg"
                    (map_ / naam).write_text(data["image/svg+xml"], encoding="utf-8")
                    alt = str(data.get("text/plain", "grafiek")).replace('"', "'")
                    delen.append(f'```{{=typst}}\n#grafiek("{naam}", "{alt}")\n```')
    return delen


def naar_markdown(nb: nbformat.NotebookNode, doel: str, map_: Path | None = None) -> str:
    return "\n\n".join(_uitvoer_delen(nb, doel, map_)) + "\n"


def pandoc(markdown: str, naar: str) -> str:
    args = ["--wrap=none", "--columns=40"]  # smal: dan gelden de kolombreedtes van de tabellen
    if naar == "typst":
        args += ["--lua-filter", str(TEMPLATES / "klassen.lua")]
    return pypandoc.convert_text(markdown, naar, format=PANDOC_IN, extra_args=args)


def render_html(nb: nbformat.NotebookNode, doel: Path, titel: str, voet: str) -> Path:
    ruw: list[str] = []
    fragment = pandoc("\n\n".join(_uitvoer_delen(nb, "html", None, ruw)) + "\n", "html5")
    fragment = re.sub(r"<!--ruw-(\d+)-->", lambda m: ruw[int(m.group(1))], fragment)
    tekst = render_sjabloon("document.html.j2", titel=titel, voet=voet, inhoud=Markup(fragment),
                            vega=Markup(vega_bundel()) if "vegaEmbed(" in fragment else "")
    doel.parent.mkdir(parents=True, exist_ok=True)
    doel.write_text(tekst, encoding="utf-8")
    return doel


def typst_bron(nb: nbformat.NotebookNode, map_: Path, titel: str, voet: str) -> str:
    fragment = pandoc(naar_markdown(nb, "typst", map_), "typst")
    sjabloon = omgeving().get_template("document.typ.j2")
    return sjabloon.render(s=laad_huisstijl(), titel=titel.replace('"', "'"), voet=voet, inhoud=fragment)


def render_pdf(nb: nbformat.NotebookNode, doel: Path, titel: str, voet: str, jaar: int) -> Path:
    doel.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="typst-") as tmp:
        map_ = Path(tmp)
        bron = typst_bron(nb, map_, titel, voet)
        (map_ / "document.typ").write_text(bron, encoding="utf-8")
        # Vaste tijd in de PDF: dezelfde invoer geeft byte voor byte dezelfde PDF.
        pdf = typst.compile(str(map_ / "document.typ"), root=str(map_), font_paths=[str(lettertype_map())],
                            ignore_system_fonts=True, timestamp=dt.datetime(jaar, 12, 1, tzinfo=dt.timezone.utc))
    doel.write_bytes(pdf)
    return doel


def voettekst(jaar: int, fictief: bool, wat: str) -> str:
    """Platte tekst (zonder tekens die HTML of Typst anders lezen) voor de voet van elke pagina."""
    tekst = f"{wat} · Benchmark Eén tegen eenzaamheid {jaar}" + (" · fictieve gegevens" if fictief else "")
    return "".join(t for t in tekst if t not in "#*_@$<>[]\\`")
