"""Altair-grafieken in de huisstijl: titel, eenheid, n en bron staan in elke grafiek.

Dezelfde spec gaat interactief (vega-embed, met tooltips) in de HTML en als SVG (vl-convert)
in de PDF.
"""

from __future__ import annotations

from functools import lru_cache

import altair as alt
import pandas as pd

from .. import veilig
from ..huisstijl import laad_huisstijl, lettertype_map

GROEPLABELS = {
    "landelijk": "Landelijk",
    "provincie": "Provincie",
    "grootteklasse": "Grootteklasse",
    "gemeente": "Uw gemeente",
    "vorig_jaar": "Vorig jaar",
}


@lru_cache(maxsize=1)
def _vl_convert():
    import vl_convert as vlc

    vlc.register_font_directory(str(lettertype_map()))
    return vlc


def config(grafiek: alt.TopLevelMixin) -> alt.TopLevelMixin:
    s = laad_huisstijl()
    # Een lijst lettertypen: in de PDF is Source Sans Pro er altijd (meegeleverd), in een browser
    # zonder dat lettertype valt de grafiek terug op een schreefloze letter, net als de tekst.
    letter = f"{s.lettertype}, 'Source Sans 3', 'Segoe UI', Arial, sans-serif"
    return (
        grafiek.configure(font=letter, background="white")
        .configure_title(
            font=letter,
            fontSize=14,
            color=s.primair,
            anchor="start",
            subtitleColor=s.kleur("grijs-donker"),
            subtitleFontSize=11,
        )
        .configure_axis(
            labelFontSize=11,
            titleFontSize=11,
            labelColor=s.voorgrond,
            titleColor=s.kleur("grijs-donker"),
            gridColor=s.kleur("grijs-licht"),
        )
        .configure_legend(labelFontSize=11, titleFontSize=11, orient="top")
        .configure_view(stroke=None)
    )


def titel(tekst: str, onderschrift: list[str]) -> alt.TitleParams:
    return alt.TitleParams(text=tekst, subtitle=onderschrift)


def staven(
    df: pd.DataFrame, kop: str, onderschrift: list[str], reeksen: dict[str, str], x_titel: str, breedte: int = 420
) -> alt.Chart:
    """Horizontale staven per label, één staaf per reeks (groep of jaar).

    df: label, reeks, percentage, aantal, n. reeksen: label van de reeks -> kleur, in volgorde.
    """
    domein = [r for r in reeksen if r in set(df["reeks"])]
    labels = list(dict.fromkeys(df["label"]))
    return (
        alt.Chart(df, title=titel(kop, onderschrift))
        .mark_bar(height={"band": 0.85})
        .encode(
            x=alt.X(
                "percentage:Q",
                title=x_titel,
                scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(values=[0, 25, 50, 75, 100]),
            ),
            y=alt.Y("label:N", sort=labels, title=None, axis=alt.Axis(labelLimit=400)),
            yOffset=alt.YOffset("reeks:N", sort=domein),
            color=alt.Color(
                "reeks:N", title=None, sort=domein, scale=alt.Scale(domain=domein, range=[reeksen[r] for r in domein])
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Antwoord"),
                alt.Tooltip("reeks:N", title="Groep"),
                alt.Tooltip("percentage:Q", title="%", format=".0f"),
                alt.Tooltip("aantal:Q", title="Aantal"),
                alt.Tooltip("n:Q", title="n"),
            ],
        )
        .properties(width=breedte, height=alt.Step(9))
    )


def groepsreeksen() -> dict[str, str]:
    kleuren = laad_huisstijl().groepskleuren
    return {GROEPLABELS[g]: kleuren[g] for g in ("landelijk", "provincie", "grootteklasse")}


def matrixbalken(
    df: pd.DataFrame, kop: str, onderschrift: list[str], opties: list[str], breedte: int = 300
) -> alt.Chart:
    """Gestapelde balken per matrixrij (landelijke verdeling), eigen antwoord in het label.

    df: rij_label, optie_label, percentage, aantal, n, volgorde
    """
    s = laad_huisstijl()
    kleuren = s.schaal[-len(opties) :] if len(opties) <= len(s.schaal) else None
    rijen = list(dict.fromkeys(df["rij_label"]))
    return (
        alt.Chart(df, title=titel(kop, onderschrift))
        .mark_bar()
        .encode(
            x=alt.X(
                "percentage:Q", stack="zero", title="% van de gemeenten (landelijk)", scale=alt.Scale(domain=[0, 100])
            ),
            y=alt.Y("rij_label:N", sort=rijen, title=None, axis=alt.Axis(labelLimit=420)),
            color=alt.Color(
                "optie_label:N",
                title=None,
                sort=opties,
                scale=alt.Scale(domain=opties, range=kleuren) if kleuren else alt.Undefined,
            ),
            order=alt.Order("volgorde:Q"),
            tooltip=[
                alt.Tooltip("rij_label:N", title="Onderdeel"),
                alt.Tooltip("optie_label:N", title="Antwoord"),
                alt.Tooltip("percentage:Q", title="%", format=".0f"),
                alt.Tooltip("aantal:Q", title="Aantal"),
                alt.Tooltip("n:Q", title="n"),
            ],
        )
        .properties(width=breedte, height=20 * len(rijen))
    )


def naar_svg(grafiek: alt.TopLevelMixin) -> str:
    return _vl_convert().vegalite_to_svg(naar_spec(grafiek))


def naar_spec(grafiek: alt.TopLevelMixin, valideer: bool = False) -> dict:
    # Valideren tegen het Vega-Lite-schema kost per grafiek ~10 ms; de tests doen het wel.
    return config(grafiek).to_dict(validate=valideer)


# -- dezelfde grafieken als Typst-aanroep voor de PDF ------------------------------------------
def typst_tekst(tekst: str) -> str:
    return veilig.typst_tekst(tekst)


def _typst_lijst(items) -> str:
    return "(" + "".join(f"{i}, " for i in items) + ")"


def typst_staven(df: pd.DataFrame, kop: str, onderschrift: list[str], reeksen: dict[str, str]) -> str:
    """Dezelfde staven als `staven`, als Typst-aanroep; een ontbrekende reeks wordt 'niet getoond'."""
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


def typst_stapelstaven(df: pd.DataFrame, kop: str, onderschrift: list[str], opties: list[str]) -> str:
    s = laad_huisstijl()
    kleuren = [f'rgb("{k}")' for k in s.schaal[-len(opties) :]]
    waarden = df.set_index(["rij_label", "optie_label"])["percentage"].to_dict()
    rijen = [
        f"({typst_tekst(r)}, {_typst_lijst(f'{waarden.get((r, o), 0.0):.4f}' for o in opties)})"
        for r in dict.fromkeys(df["rij_label"])
    ]
    return (
        f"#stapelstaven({typst_tekst(kop)}, {_typst_lijst(typst_tekst(o) for o in onderschrift)}, "
        f"{_typst_lijst(typst_tekst(o) for o in opties)}, {_typst_lijst(kleuren)}, {_typst_lijst(rijen)})"
    )
