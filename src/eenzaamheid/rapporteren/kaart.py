"""De buurtkaart tekenen: een SVG die we zelf schrijven, voor HTML (schakelbaar) en PDF (vast).

Geen externe bibliotheek en geen script: de paden staan al klaar in RD-meters (`verwerken/gebieden.py`),
hier komen alleen kleuren, legenda en teksten erbij. In de HTML kiest de lezer met keuzerondjes een
andere laag (indicator x leeftijd); CSS kleurt dan dezelfde paden anders. Elke buurt heeft een
`<title>` (tooltip, en de naam voor schermlezers) en is met Tab te bereiken; onder de kaart staat
een tabel met dezelfde cijfers. De PDF krijgt dezelfde SVG met alleen de eerste laag, via Typst.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from .. import veilig
from ..verwerken.kaart import GEEN, INDICATOR_LABEL, LEEFTIJDSGROEP, Buurt, KaartInhoud, Laag, pct
from .weergave import Tabel

# ColorBrewer YlGnBu: opeenvolgend, veilig bij kleurenblindheid en in grijstinten te lezen.
KLEUREN = {
    3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
    4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
    7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
}
GEEN_GEGEVENS = "geen gegevens"
BREEDTE = 640  # px: breedte van de kaart in de HTML
BREEDTE_PDF = 420  # px: in de PDF staat de kaart in een smallere kolom; zo blijft de legenda leesbaar
MAX_HOOGTE = 520  # px
LEGENDA_HOOGTE = 64


def kleuren(aantal: int) -> list[str]:
    return KLEUREN[min(max(aantal, 3), 7)][:aantal] if aantal >= 3 else KLEUREN[3][:aantal]


def _e(tekst: str) -> str:
    return html.escape(str(tekst), quote=True)


def bereik(laag: Laag, i: int) -> str:
    """De waarden van klasse i als tekst; cijfers hebben één decimaal, dus (42,8; 45,6] = 42,9–45,6."""
    van, tot = laag.grenzen[i]
    begin = van if i == 0 else round(van + 0.1, 1)
    return f"{pct(begin)[:-1]}–{pct(tot)}"


def cijfertekst(cijfer) -> str:
    if cijfer.waarde is None:
        return GEEN_GEGEVENS
    if cijfer.heeft_interval:
        return f"{pct(cijfer.waarde)} (95%-interval {pct(cijfer.ondergrens)[:-1]}–{pct(cijfer.bovengrens)})"
    return pct(cijfer.waarde)


def buurttitel(buurt: Buurt, lagen: list[Laag]) -> str:
    delen = [f"{laag.label}: {cijfertekst(buurt.cijfer(laag.indicator, laag.leeftijd))}" for laag in lagen]
    return buurt.titel + " · " + " · ".join(delen)


@dataclass
class Maat:
    breedte: float
    hoogte: float
    kader: tuple[float, float, float, float]

    @classmethod
    def van(cls, kader, totaal: float) -> Maat:
        minx, miny, maxx, maxy = kader
        w, h = max(maxx - minx, 1.0), max(maxy - miny, 1.0)
        breedte, hoogte = totaal, totaal * h / w
        grens = MAX_HOOGTE * totaal / BREEDTE
        if hoogte > grens:
            breedte, hoogte = grens * w / h, grens
        return cls(round(breedte, 1), round(hoogte, 1), kader)

    @property
    def meter_per_px(self) -> float:
        minx, _, maxx, _ = self.kader
        return max(maxx - minx, 1.0) / self.breedte

    @property
    def viewbox(self) -> str:
        minx, miny, maxx, maxy = self.kader
        rand = 4 * self.meter_per_px
        return f"{minx - rand:.0f} {-maxy - rand:.0f} {maxx - minx + 2 * rand:.0f} {maxy - miny + 2 * rand:.0f}"


def _arcering(id_: str, maat: float) -> str:
    """'Geen gegevens': lichtgrijs met schuine lijnen, nooit een kleur van de schaal."""
    return (
        f"<pattern id='{id_}' width='{maat:.0f}' height='{maat:.0f}' patternUnits='userSpaceOnUse' "
        f"patternTransform='rotate(45)'><rect width='{maat:.0f}' height='{maat:.0f}' fill='#f0f0f0'/>"
        f"<rect width='{maat * 0.3:.0f}' height='{maat:.0f}' fill='#a8a8a8'/></pattern>"
    )


def _legenda(laag: Laag, kleurlijst: list[str], y: float, arcering: str, totaal: float, klasse: str = "") -> str:
    stukken = [f"<g{klasse} font-family='Source Sans Pro, Source Sans 3, Arial, sans-serif' font-size='12'>"]
    stukken.append(
        f"<text x='0' y='{y + 11:.1f}' font-weight='600' fill='#1a1a1a'>{_e(laag.label)}: % van de "
        f"{_e(LEEFTIJDSGROEP[laag.leeftijd])}</text>"
    )
    vakken = len(laag.grenzen) + 1
    breedte = min(100.0, (totaal - 2) / vakken)
    for i in range(vakken):
        x = i * breedte
        if i < len(laag.grenzen):
            vulling, tekst = kleurlijst[i], bereik(laag, i)
        else:
            vulling, tekst = f"url(#{arcering})", GEEN_GEGEVENS
        stukken.append(
            f"<rect x='{x:.1f}' y='{y + 18:.1f}' width='{breedte - 4:.1f}' height='12' fill='{vulling}' "
            f"stroke='#767676' stroke-width='0.5'/><text x='{x:.1f}' y='{y + 44:.1f}' font-size='10.5' "
            f"fill='#1a1a1a'>{_e(tekst)}</text>"
        )
    stukken.append("</g>")
    return "".join(stukken)


def _klasse(laag: Laag, buurt: Buurt) -> int | None:
    return laag.klasse(buurt.cijfer(laag.indicator, laag.leeftijd).waarde) if buurt.in_tabel else None


def svg(inhoud: KaartInhoud, interactief: bool, id_: str) -> str:
    """De kaart als SVG. interactief: alle lagen (CSS-klassen per laag), titels en tabindex; anders
    alleen de eerste laag met vaste kleuren (voor de PDF)."""
    totaal = BREEDTE if interactief else BREEDTE_PDF
    maat = Maat.van(inhoud.kader, totaal)
    lagen = inhoud.lagen if interactief else inhoud.lagen[:1]
    kleurlijsten = [kleuren(len(laag.grenzen)) for laag in lagen]
    rand = maat.meter_per_px
    arcering, arcering_px = f"{id_}-gg", f"{id_}-ggl"
    # In de HTML staat de legenda als tekst onder de kaart (`html_legenda`): in een geschaalde SVG
    # werd zij op een telefoon 5 px hoog.
    hoogte = maat.hoogte + (0 if interactief else 8 + LEGENDA_HOOGTE)
    uit = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {totaal} {hoogte:.1f}' width='{totaal}' "
        f"height='{hoogte:.1f}' role='group' aria-label='{_e(beschrijving(inhoud))}'>",
        f"<defs>{_arcering(arcering, 7 * rand)}{_arcering(arcering_px, 7)}</defs>",
        f"<svg x='{(totaal - maat.breedte) / 2:.1f}' y='0' width='{maat.breedte}' height='{maat.hoogte}' "
        f"viewBox='{maat.viewbox}'>",
        f"<g stroke='#ffffff' stroke-width='{0.6 * rand:.1f}' stroke-linejoin='round' fill-rule='evenodd'>",
    ]
    for nummer, buurt in enumerate(b for b in inhoud.buurten if b.op_kaart):
        klassen = [_klasse(laag, buurt) for laag in lagen]
        eerste = klassen[0]
        vulling = kleurlijsten[0][eerste] if eerste is not None else f"url(#{arcering})"
        if interactief:
            css = " ".join(f"c{i}-{'x' if k is None else k}" for i, k in enumerate(klassen))
            titel = _e(buurttitel(buurt, inhoud.lagen))
            uit.append(
                f"<path d='{buurt.pad}' fill='{vulling}' class='{css}' tabindex='0' role='img' "
                f"aria-labelledby='{id_}-t{nummer}'><title id='{id_}-t{nummer}'>{titel}</title></path>"
            )
        else:
            uit.append(f"<path d='{buurt.pad}' fill='{vulling}'/>")
    uit.append("</g></svg>")
    if not interactief:
        uit.append(_legenda(lagen[0], kleurlijsten[0], maat.hoogte + 8, arcering_px, totaal))
    uit.append("</svg>")
    return "".join(uit)


def html_legenda(inhoud: KaartInhoud) -> str:
    """Per laag een legenda als HTML-tekst (de keuzerondjes tonen de juiste), even groot als de tekst."""
    delen = []
    for i, laag in enumerate(inhoud.lagen):
        vakken = [(f"background:{kleur}", bereik(laag, k)) for k, kleur in enumerate(kleuren(len(laag.grenzen)))] + [
            ("background:repeating-linear-gradient(45deg,#a8a8a8 0 2px,#f0f0f0 2px 7px)", GEEN_GEGEVENS)
        ]
        items = "".join(
            f"<li><span class='vak' style='{stijl}' aria-hidden='true'></span>{_e(tekst)}</li>"
            for stijl, tekst in vakken
        )
        delen.append(
            f"<div class='lg lg-{i}'><p class='lg-titel'>{_e(laag.label)}: % van de "
            f"{_e(LEEFTIJDSGROEP[laag.leeftijd])}</p><ul class='legenda'>{items}</ul></div>"
        )
    return "".join(delen)


def beschrijving(inhoud: KaartInhoud) -> str:
    laag = inhoud.lagen[0]
    return (
        f"Kaart van de buurten van {inhoud.gemeente_naam}: {laag.label.lower()} per buurt in "
        f"{len(laag.grenzen)} klassen; buurten zonder cijfers gearceerd. De cijfers staan ook in de tabel."
    )


def _css(inhoud: KaartInhoud, id_: str) -> str:
    regels = [
        f"#{id_} .lg{{display:none}}",
        f"#{id_} path{{vector-effect:non-scaling-stroke;stroke-width:.6px}}",
        f"#{id_} path:hover,#{id_} path:focus{{stroke:#1a1a1a;stroke-width:2.5px;outline:none}}",
        f"#{id_} > input{{margin-left:.9rem}}",
        f"#{id_} svg{{max-width:100%;height:auto}}",
        f"#{id_} .lg-titel{{font-weight:600;margin:.4rem 0 .2rem}}",
        f"#{id_} .legenda{{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.2rem .9rem}}",
        f"#{id_} .vak{{display:inline-block;width:1.6em;height:.9em;margin-right:.35em;vertical-align:-.1em;"
        "border:1px solid #767676}",
    ]
    for i, laag in enumerate(inhoud.lagen):
        keuze = f"#{id_}-{i}:checked ~ .kaartvlak"
        regels.append(f"{keuze} .lg-{i}{{display:block}}")
        for k, kleur in enumerate(kleuren(len(laag.grenzen))):
            regels.append(f"{keuze} .c{i}-{k}{{fill:{kleur}}}")
        regels.append(f"{keuze} .c{i}-x{{fill:url(#{id_}-gg)}}")
    return "<style>" + "".join(regels) + "</style>"


def vergelijking(inhoud: KaartInhoud) -> Tabel:
    """De gemeente naast Nederland op dezelfde indicatoren als de kaart (en de gezondheid van de tekst)."""
    sleutels = [(laag.indicator, laag.leeftijd) for laag in inhoud.lagen]
    leeftijd = inhoud.lagen[0].leeftijd
    for indicator in ("angst_depressie", "psychische_klachten", "langdurige_aandoening"):
        if indicator in inhoud.indicatoren and (indicator, leeftijd) not in sleutels:
            sleutels.append((indicator, leeftijd))
    rijen = []
    for indicator, lft in sleutels:
        eigen = inhoud.gemeente.get((indicator, lft), GEEN)
        land = inhoud.land.get((indicator, lft), GEEN)
        rijen.append(
            [
                f"{INDICATOR_LABEL.get(indicator, indicator)}, {lft}",
                GEEN_GEGEVENS if eigen.waarde is None else pct(eigen.waarde),
                GEEN_GEGEVENS if land.waarde is None else pct(land.waarde),
            ]
        )
    return Tabel(["Indicator", inhoud.gemeente_naam, "Nederland"], rijen, [24, 14, 14], rechts=2)


def buurtentabel(inhoud: KaartInhoud) -> str:
    kop = ["Buurt", "Code"] + [laag.label for laag in inhoud.lagen] + ["Op de kaart"]
    rijen = []
    for b in inhoud.buurten:
        cellen = [b.naam or "–", b.code]
        cellen += [cijfertekst(b.cijfer(laag.indicator, laag.leeftijd)) for laag in inhoud.lagen]
        cellen.append(("ja" if b.op_kaart else "nee") + ("" if b.in_tabel else " (niet in de RIVM-tabel)"))
        rijen.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cellen) + "</tr>")
    return (
        f"<details class='buurtcijfers'><summary>Tabel: de cijfers per buurt ({len(inhoud.buurten)} buurten)</summary>"
        "<table class='tabel'><thead><tr>"
        + "".join(f"<th>{_e(k)}</th>" for k in kop)
        + "</tr></thead><tbody>"
        + "".join(rijen)
        + "</tbody></table></details>"
    )


def bron(inhoud: KaartInhoud, fictief: bool) -> str:
    if fictief:
        herkomst = f"fictieve cijfers in de vorm van de RIVM-tabel Gezondheid per wijk en buurt ({inhoud.jaar})"
    else:
        herkomst = (
            f"RIVM, Gezondheid per wijk en buurt {inhoud.jaar} (Gezondheidsmonitor Volwassenen en Ouderen, "
            "GGD’en, CBS en RIVM); buurtgrenzen CBS/Kadaster"
        )
    return (
        f"Bron: {herkomst}. Het zijn modelschattingen (small-area estimation): per buurt een schatting uit een "
        "model op de enquête en buurtkenmerken, geen telling. Kleuren: klassen met elk ongeveer evenveel buurten in "
        "heel Nederland, dezelfde in elke factsheet. Gearceerd: geen gegevens (te weinig deelnemers, of de buurt "
        "staat niet in de tabel)."
    )


def typst_tekst(tekst: str) -> str:
    return '"' + tekst.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class Kaartfiguur:
    """Kaart en vergelijkingstabel naast elkaar: eigen HTML, en voor de PDF een rauw Typst-blok."""

    html: str
    typst: str
    beschrijving: str
    naam: str = "buurtkaart"

    def bundel(self) -> dict:
        return {
            "text/html": self.html,
            "text/markdown": "```{=typst}\n" + self.typst + "\n```\n",
            "text/plain": self.beschrijving,
        }


def kaartfiguur(inhoud: KaartInhoud) -> Kaartfiguur | None:
    if not inhoud.heeft_cijfers or inhoud.kader is None:
        return None
    id_ = f"kaart-{inhoud.gemeente_code}"
    tabel = vergelijking(inhoud)
    keuzes = "".join(
        f"<input type='radio' name='{id_}' id='{id_}-{i}'{' checked' if i == 0 else ''}>"
        f"<label for='{id_}-{i}'>{_e(laag.label)}</label>"
        for i, laag in enumerate(inhoud.lagen)
    )
    html_ = (
        f"<figure class='buurtkaart' id='{id_}' aria-label='{_e(beschrijving(inhoud))}'>{_css(inhoud, id_)}"
        f"<span class='kaartkeuze'>Kaart:</span>{keuzes}"
        "<div class='kaartvlak' style='display:flex;flex-wrap:wrap;gap:1.25rem;align-items:flex-start'>"
        f"<div style='flex:1 1 24rem;min-width:0'>{svg(inhoud, True, id_)}{html_legenda(inhoud)}</div>"
        f"<div style='flex:0 1 21rem'><p><strong>{_e(inhoud.gemeente_naam)} en Nederland</strong></p>"
        f"{tabel.html()}</div></div>{buurtentabel(inhoud)}</figure>"
    )
    statisch = svg(inhoud, False, id_)
    typst = (
        "#block(breakable: false, above: 0.8em, below: 0.8em, grid(columns: (1.7fr, 1fr), column-gutter: 12pt, "
        f'image(bytes({typst_tekst(statisch)}), format: "svg", width: 100%, alt: {typst_tekst(beschrijving(inhoud))}), '
        f'[#text(weight: "semibold")[{_typst_inhoud(inhoud.gemeente_naam)} en Nederland] {tabel.typst()}]))'
    )
    return Kaartfiguur(html_, typst, beschrijving(inhoud))


def _typst_inhoud(tekst: str) -> str:
    """Tekst in een Typst-inhoudsblok: tekens met een eigen betekenis ontsnapt."""
    return "".join("\\" + t if t in "#*_@$<>[]\\`~" else t for t in str(tekst))


def schrijf_buurten(pad, inhoud: KaartInhoud) -> None:
    """`buurten.csv` (contract, sectie 8); geen bestand als de tabel de gemeente niet kent."""
    pad.unlink(missing_ok=True)
    if not inhoud.heeft_cijfers:
        return
    df = inhoud.cijfers.copy()
    for kolom in ("waarde", "ondergrens", "bovengrens"):
        df[kolom] = df[kolom].map(lambda w: "" if pd.isna(w) else f"{w:g}")
    pad.parent.mkdir(parents=True, exist_ok=True)
    veilig.schrijf_csv(df, pad)


def _noot(tekst: str) -> str:
    return f"::: {{.noot}}\n{tekst}\n:::\n"


def kaartblokken(inhoud: KaartInhoud, fictief: bool, tabel_bekend: bool = True) -> list:
    """De blokken van deel 1 onder de kop: de gekozen zinnen, de kaart met vergelijking, de bron."""
    from .weergave import Tekst

    if not tabel_bekend:
        return [Tekst(_noot("Voor deze run is geen RIVM-tabel met buurtcijfers opgegeven (sleutel `gezondheid`)."))]
    blokken: list = []
    if inhoud.zinnen:
        blokken.append(Tekst("\n\n".join(z.tekst for z in inhoud.zinnen) + "\n"))
    figuur = kaartfiguur(inhoud)
    if figuur is not None:
        blokken.append(figuur)
        zonder_vlak = sum(1 for b in inhoud.buurten if b.in_tabel and not b.op_kaart)
        if zonder_vlak:
            met = sum(1 for b in inhoud.buurten if b.in_tabel)
            blokken.append(
                Tekst(
                    _noot(
                        f"{zonder_vlak} van de {met} buurten uit de RIVM-tabel staan niet op de kaart: hun code komt op "
                        "de buurtkaart niet voor (vaak een ander jaar van de buurtindeling). Hun cijfers staan in de "
                        "tabel per buurt en in `buurten.csv`."
                    )
                )
            )
    elif inhoud.heeft_cijfers:
        blokken.append(
            Tekst(
                _noot(
                    "Voor de buurten van deze gemeente zijn geen vlakken op de buurtkaart (een andere buurtindeling); "
                    "de cijfers staan in `buurten.csv`."
                )
            )
        )
    if inhoud.heeft_cijfers:
        blokken.append(Tekst(_noot(bron(inhoud, fictief))))
    return blokken
