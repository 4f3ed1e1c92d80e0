"""Grafieken in de huisstijl: titel, eenheid, n en bron staan bij elke grafiek.

Factsheet en overzicht tekenen met de lichte SVG-grafieken onderaan (zonder script, dezelfde SVG
in HTML en PDF) en Typst-aanroepen voor de PDF.
"""

from __future__ import annotations

import pandas as pd

from .. import veilig
from ..huisstijl import laad_huisstijl


# -- dezelfde grafieken als Typst-aanroep voor de PDF ------------------------------------------
def typst_tekst(tekst: str) -> str:
    return veilig.typst_tekst(tekst)


def _typst_lijst(items) -> str:
    return "(" + "".join(f"{i}, " for i in items) + ")"


def typst_staven(df: pd.DataFrame, kop: str, onderschrift: list[str], reeksen: dict[str, str]) -> str:
    """Dezelfde staven als `svg_staven`, als Typst-aanroep; een ontbrekende reeks wordt 'niet getoond'."""
    waarden = df.set_index(["label", "reeks"])["percentage"].to_dict()
    rijen = []
    for label in dict.fromkeys(df["label"]):
        w = [waarden.get((label, r)) for r in reeksen]
        rijen.append(f"({typst_tekst(label)}, {_typst_lijst('none' if x is None else f'{x:.4f}' for x in w)})")
    return (
        f"#groepsstaven({typst_tekst(kop)}, {_typst_lijst(typst_tekst(o) for o in onderschrift)}, "
        f"{_typst_lijst(typst_tekst(r) for r in reeksen)}, "
        f"{_typst_lijst(f'rgb({chr(34)}{k}{chr(34)})' for k in reeksen.values())}, {_typst_lijst(rijen)})"
    )


def stapelkleuren(aantal: int) -> list[str]:
    """Kleuren van gestapelde balken: de huisstijlschaal, of een verloop als de schaal te kort is."""
    schaal = laad_huisstijl().schaal
    return schaal[-aantal:] if aantal <= len(schaal) else verloop(aantal)


def typst_stapelstaven(df: pd.DataFrame, kop: str, onderschrift: list[str], opties: list[str]) -> str:
    kleuren = [f'rgb("{k}")' for k in stapelkleuren(len(opties))]
    waarden = df.set_index(["rij_label", "optie_label"])["percentage"].to_dict()
    rijen = [
        f"({typst_tekst(r)}, {_typst_lijst(f'{waarden.get((r, o), 0.0):.4f}' for o in opties)})"
        for r in dict.fromkeys(df["rij_label"])
    ]
    return (
        f"#stapelstaven({typst_tekst(kop)}, {_typst_lijst(typst_tekst(o) for o in onderschrift)}, "
        f"{_typst_lijst(typst_tekst(o) for o in opties)}, {_typst_lijst(kleuren)}, {_typst_lijst(rijen)})"
    )


# -- lichte grafieken: SVG uit Python, voor HTML (inline) en PDF (Typst leest dezelfde SVG) ----
TEKENBREEDTE = 6.3  # gemiddelde breedte van een teken bij 12 px Source Sans (ruim geschat)
LETTER = 12  # px in de SVG; op een telefoon van 390 px blijft dat ≥ 11 px (breedte 360, schaal ≥ 0,97)


def _esc(tekst: str) -> str:
    return str(tekst).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _hex(kleur: str) -> tuple[int, int, int]:
    kleur = kleur.lstrip("#")
    return int(kleur[0:2], 16), int(kleur[2:4], 16), int(kleur[4:6], 16)


def _licht(kleur: str) -> bool:
    r, g, b = (c / 255 for c in _hex(kleur))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] > 0.18


def verloop(aantal: int) -> list[str]:
    """`aantal` kleuren van licht naar donker in de huisstijl (oplopende antwoordschaal)."""
    s = laad_huisstijl()
    begin, eind = _hex(s.kleur("schaal-0")), _hex(s.primair)
    if aantal == 1:
        return [s.kleur("schaal-2")]
    uit = []
    for i in range(aantal):
        t = i / (aantal - 1)
        uit.append("#" + "".join(f"{round(b + (e - b) * t):02X}" for b, e in zip(begin, eind)))
    return uit


def _regels(tekst: str, breedte: float) -> list[str]:
    per_regel = max(10, int(breedte / TEKENBREEDTE))
    regels, huidig = [], ""
    for woord in str(tekst).split():
        if huidig and len(huidig) + 1 + len(woord) > per_regel:
            regels.append(huidig)
            huidig = woord
        else:
            huidig = f"{huidig} {woord}".strip()
    return regels + ([huidig] if huidig else [])


def svg_balken(
    rijen: list[dict], categorieen: list[str], kleuren: list[str], titel: str, eigen_label: str = "", breedte: int = 360
) -> str:
    """Gestapelde balken van 0 tot 100%, label boven elke balk, zonder script.

    rijen: dicts met `label`, `waarden` (percentage per categorie, of None voor de hele rij:
    dan staat `leeg` er als tekst), `teksten` (tekst in elk deel, bv. '64%' of '9'), `eigen`
    (index van het omlijnde deel: het antwoord van de gemeente, of None).
    Geen newline in de uitvoer: dezelfde tekst gaat als Typst-string naar de PDF.
    """
    stukken: list[str] = []
    items = [(c, k, False) for c, k in zip(categorieen, kleuren)] + ([(eigen_label, "", True)] if eigen_label else [])
    y = _legenda(items, stukken, breedte)
    for rij in rijen:
        for regel in _regels(rij["label"], breedte):
            y += 15
            stukken.append(f'<text x="0" y="{y:.1f}">{_esc(regel)}</text>')
        y += 4
        if rij.get("waarden") is None:
            y += 15
            stukken.append(
                f'<text x="0" y="{y:.1f}" fill="#535353" font-style="italic">{_esc(rij.get("leeg", ""))}</text>'
            )
            y += 10
            continue
        x = 0.0
        omlijning = None
        for i, (w, k) in enumerate(zip(rij["waarden"], kleuren)):
            breed = breedte * (w or 0) / 100
            if breed <= 0:
                continue
            stukken.append(f'<rect x="{x:.2f}" y="{y:.1f}" width="{breed:.2f}" height="22" fill="{k}"/>')
            tekst = rij["teksten"][i]
            if tekst and breed >= len(tekst) * TEKENBREEDTE + 6:
                kleur = "#1A1A1A" if _licht(k) else "#FFFFFF"
                stukken.append(
                    f'<text x="{x + breed / 2:.2f}" y="{y + 15.5:.1f}" text-anchor="middle" fill="{kleur}">{_esc(tekst)}</text>'
                )
            if rij.get("eigen") == i:
                omlijning = (x, breed)
            x += breed
        if omlijning:
            stukken.append(
                f'<rect x="{omlijning[0] + 1.25:.2f}" y="{y + 1.25:.1f}" width="{max(omlijning[1] - 2.5, 2):.2f}" '
                'height="19.5" fill="none" stroke="#1A1A1A" stroke-width="2.5"/>'
            )
        y += 30
    return _svg(stukken, titel, breedte, y + 2)


def svg_staven(
    rijen: list[dict],
    reeksen: list[str],
    kleuren: list[str],
    titel: str,
    maximum: float = 100.0,
    label_breedte: float = 0,
    breedte: int = 360,
) -> str:
    """Horizontale staven naast elkaar (één per reeks, bv. jaar of panel), de waarde achter elke staaf, zonder script.

    Voor cijfers die niet optellen tot 100% (meer antwoorden mogelijk, aantallen), waar `svg_balken`
    niet past. rijen: dicts met `label`, `waarden` (getal per reeks, of None: dan staat `leeg` op
    die plek) en `teksten` (de tekst achter elke staaf, bv. '63%' of '12'). label_breedte 0: het
    label staat boven de staven (lange antwoorden); anders links ervan, rechts uitgelijnd (korte namen).
    """
    stukken: list[str] = []
    y = _legenda([(r, k, False) for r, k in zip(reeksen, kleuren)], stukken, breedte)
    links = label_breedte
    # Ruimte achter de langste staaf voor de tekst ('100%', '1.234').
    schaal = (breedte - links - 40) / (maximum or 1)
    staaf, tussen = 13, 3
    for rij in rijen:
        if not links:
            for regel in _regels(rij["label"], breedte):
                y += 15
                stukken.append(f'<text x="0" y="{y:.1f}">{_esc(regel)}</text>')
            y += 4
        blok = len(reeksen) * (staaf + tussen) - tussen
        if links:
            regels = _regels(rij["label"], links - 6)
            y_label = y + blok / 2 - 7.5 * (len(regels) - 1) + 4
            for i, regel in enumerate(regels):
                stukken.append(
                    f'<text x="{links - 6:.1f}" y="{y_label + 15 * i:.1f}" text-anchor="end">{_esc(regel)}</text>'
                )
        # De nullijn: zonder as leest het oog de staven vanaf hier.
        stukken.append(
            f'<line x1="{links:.1f}" y1="{y - 2:.1f}" x2="{links:.1f}" y2="{y + blok + 2:.1f}" stroke="#535353"/>'
        )
        for waarde, tekst, kleur in zip(rij["waarden"], rij["teksten"], kleuren):
            if waarde is None:
                stukken.append(
                    f'<text x="{links + 4:.1f}" y="{y + 10.5:.1f}" fill="#535353" font-style="italic">'
                    f"{_esc(rij.get('leeg', 'niet getoond'))}</text>"
                )
            else:
                lengte = max(schaal * waarde, 0.0)
                if lengte > 0:
                    stukken.append(
                        f'<rect x="{links:.1f}" y="{y:.1f}" width="{lengte:.2f}" height="{staaf}" fill="{kleur}"/>'
                    )
                stukken.append(f'<text x="{links + lengte + 4:.2f}" y="{y + 10.5:.1f}">{_esc(tekst)}</text>')
            y += staaf + tussen
        y += 10
    return _svg(stukken, titel, breedte, y + 2)


def svg_vlakken(
    vlakken: list[tuple[str, int, str]],
    kader: tuple[float, float, float, float],
    categorieen: list[str],
    kleuren: list[str],
    titel: str,
    breedte: int = 360,
) -> str:
    """Een kaart van vlakken (bv. gemeenten) in een paar categorieën, met de legenda eronder, zonder script.

    vlakken: (SVG-pad, index van de categorie, titel voor de muis); de paden in kaarteenheden met y
    omgedraaid (`verwerken.gebieden.svg_pad`), kader: (minx, miny, maxx, maxy) in die eenheden.
    """
    minx, miny, maxx, maxy = kader
    w, h = max(maxx - minx, 1e-9), max(maxy - miny, 1e-9)
    hoogte = breedte * h / w
    per_px = w / breedte
    groepen = []
    for i, kleur in enumerate(kleuren):
        paden = "".join(
            f'<path d="{pad}"><title>{_esc(t)}</title></path>' if t else f'<path d="{pad}"/>'
            for pad, c, t in vlakken
            if c == i
        )
        groepen.append(f'<g fill="{kleur}">{paden}</g>')
    rand = 2 * per_px
    stukken = [
        f'<svg x="0" y="0" width="{breedte}" height="{hoogte:.1f}" '
        f'viewBox="{minx - rand:.1f} {-maxy - rand:.1f} {w + 2 * rand:.1f} {h + 2 * rand:.1f}">'
        f'<g stroke="#FFFFFF" stroke-width="{0.5 * per_px:.2f}" stroke-linejoin="round" fill-rule="evenodd">'
        + "".join(groepen)
        + "</g></svg>"
    ]
    y = hoogte + 10
    for tekst, kleur in zip(categorieen, kleuren):
        stukken.append(
            f'<rect x="0" y="{y:.1f}" width="13" height="13" fill="{kleur}" stroke="#767676" stroke-width="0.5"/>'
        )
        for i, regel in enumerate(_regels(tekst, breedte - 18)):
            stukken.append(f'<text x="18" y="{y + 11 + 15 * i:.1f}">{_esc(regel)}</text>')
        y += 15 * len(_regels(tekst, breedte - 18)) + 5
    return _svg(stukken, titel, breedte, y)


def _legenda(items: list[tuple[str, str, bool]], stukken: list[str], breedte: float) -> float:
    """Vakjes met een naam, doorlopend over regels; (tekst, kleur, omlijnd). Geeft de y onder de legenda."""
    x = y = 0.0
    for tekst, kleur, omlijnd in items:
        w = 18 + len(tekst) * TEKENBREEDTE + 12
        if x > 0 and x + w > breedte:
            x, y = 0.0, y + 18
        if omlijnd:
            stukken.append(
                f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="11" height="11" fill="none" stroke="#1A1A1A" stroke-width="2.5"/>'
            )
        else:
            stukken.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="13" height="13" fill="{kleur}"/>')
        stukken.append(f'<text x="{x + 18:.1f}" y="{y + 11:.1f}">{_esc(tekst)}</text>')
        x += w
    return y + 28


def _svg(stukken: list[str], titel: str, breedte: int, hoogte: float) -> str:
    s = laad_huisstijl()
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte:.0f}" width="{breedte}" '
        f'height="{hoogte:.0f}" font-family="{_esc(s.lettertype)}, Arial, sans-serif" font-size="{LETTER}" '
        f'fill="{s.voorgrond}" role="img" aria-label="{_esc(titel)}"><title>{_esc(titel)}</title>{"".join(stukken)}</svg>'
    )
