"""Opmaak van een `FactsheetInhoud`: HTML voor de monitor, Typst voor de PDF-factsheet.

Hier wordt niets gekozen of berekend: elke zin, elk getal en elke volgorde komt uit de inhoud
(inhoud.py). De PDF is de samenvatting (kop, kernboodschap, kaart, fasen, vergelijking, tips,
hoe lees je dit); de monitor toont dezelfde samenvatting en daarna elke vraag per pijler en
actielijn, met een inhoudsopgave die bereikbaar blijft.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from markupsafe import Markup

from .getallen import getal, procent
from .grafieken import svg_balken, typst_tekst, verloop
from .inhoud import GROEPEN, KLEINE_GROEP, FactsheetInhoud, Verdeling, Vergelijking, Vraaginhoud
from .tekstdelen import datum as tekstdatum
from .tekstdelen import opsomming
from .weergave import Opmaak

GROEPKOPPEN = {"landelijk": "Landelijk", "provincie": "Provincie", "grootteklasse": "Grootteklasse"}
GEKOZEN = Markup('<span aria-hidden="true">●</span><span class="sr">gekozen</span>')
TIPS_ONTBREKEN = (
    "De tips ontbreken in deze versie van de factsheet. Op deze plek komen de tips die uit de antwoorden "
    "volgen, met de reden en een verwijzing naar materiaal van het actieprogramma."
)


def e(tekst) -> str:
    return escape(str(tekst), quote=True)


def t(tekst) -> str:
    """Tekst als Typst-string (nooit als opmaak gelezen: geen #, * of _ die iets doen)."""
    return typst_tekst(str(tekst).replace("\n", " "))


def tlijst(items) -> str:
    return "(" + "".join(f"{i}, " for i in items) + ")"


def datum(iso: str) -> str:
    return tekstdatum(dt.date.fromisoformat(iso))


# -- pagina 1 --------------------------------------------------------------------------------
def kop(inhoud: FactsheetInhoud) -> list:
    k = inhoud.kop
    regels = [
        f"Provincie {k.provincie} · {getal(k.inwoners)} inwoners · {k.grootteklasse} · gemeentecode {k.gemeente_code}",
        f"Vragenlijst ingevuld op {datum(k.ingevuld_op)}"
        + (f", samen voor {opsomming([k.gemeente_naam, *k.namens])}" if k.namens else f", voor {k.gemeente_naam}"),
    ]
    fictief = (
        "Fictieve gegevens. Deze factsheet is gemaakt op verzonnen demogegevens; de gemeente en haar antwoorden "
        "bestaan niet."
        if k.fictief
        else ""
    )
    programma = f"Benchmark Eén tegen eenzaamheid {k.jaar}"
    html = (
        f'<header class="kop"><p class="programma">{e(programma)}</p><h1>Factsheet {e(k.gemeente_naam)}</h1>'
        + "".join(f"<p>{e(r)}</p>" for r in regels)
        + "</header>"
        + (
            f'<p class="fictief"><strong>Fictieve gegevens.</strong> {e(fictief.split(". ", 1)[1])}</p>'
            if fictief
            else ""
        )
        + inhoudsopgave(inhoud)
        + '<main id="inhoud">'
    )
    typst = f"#factsheet-kop({t(programma)}, {t('Factsheet ' + k.gemeente_naam)}, {tlijst(t(r) for r in regels)}, {t(fictief)})"
    return [Opmaak(html=html, typst=typst, tekst=f"Factsheet {k.gemeente_naam}")]


def inhoudsopgave(inhoud: FactsheetInhoud) -> str:
    delen = [
        ("kort", "In het kort"),
        ("kaart", "Buurtkaart"),
        ("fasen", "Fase per pijler en actielijn"),
        ("vergelijking", "Waar de gemeente verder of minder ver is"),
        ("tips", "Tips"),
        ("vragen", "Alle vragen"),
    ]
    sub = "".join(f'<li><a href="#o-{e(s)}">{e(titel)}</a></li>' for s, titel in inhoud.onderdelen)
    items = "".join(
        f'<li><a href="#{d}">{e(n)}</a>' + (f"<ul>{sub}</ul>" if d == "vragen" else "") + "</li>" for d, n in delen
    )
    items += '<li><a href="#lezen">Hoe lees je dit</a></li>'
    return (
        '<nav class="inhoudsopgave" aria-label="Inhoudsopgave"><details><summary>Inhoudsopgave</summary>'
        f"<ul>{items}</ul></details></nav>"
    )


def kernboodschap(inhoud: FactsheetInhoud) -> list:
    zinnen = inhoud.kernboodschap
    html = (
        '<section aria-labelledby="kort"><h2 id="kort">In het kort</h2><ul class="kernboodschap">'
        + "".join(f'<li data-regel="{e(z.regel)}">{e(z.tekst)}</li>' for z in zinnen)
        + "</ul></section>"
    )
    typst = f"#kernboodschap({tlijst(t(z.tekst) for z in zinnen)})"
    return [Opmaak(html=html, typst=typst, tekst="\n".join(z.tekst for z in zinnen))]


# -- fasen en vergelijking -------------------------------------------------------------------
def _groepfase(gf) -> str:
    if gf is None or gf.meest is None:
        return "niet getoond"
    return f"meest: {gf.meest.lower()} ({gf.aantal_meest} van {gf.n})"


def fasen(inhoud: FactsheetInhoud) -> list:
    naam = inhoud.kop.gemeente_naam
    kop = ["Pijler of actielijn", naam] + [GROEPKOPPEN[g] for g in GROEPEN]
    rijen = [
        [f.titel, f.fase or "geen fasevraag beantwoord"] + [_groepfase(f.groepen.get(g)) for g in GROEPEN]
        for f in inhoud.fasen
    ]
    uitleg = (
        f"De fase van {naam} volgt uit de antwoorden op de fasevragen van dat onderdeel (bij meer vragen het "
        "gemiddelde). In de kolommen van de groepen: de fase waarin de meeste gemeenten van die groep staan, en "
        "hoeveel gemeenten dat zijn."
    )
    fase_lijst = [f"{n}: {u}" for n, u in inhoud.fase_uitleg if u]
    html = (
        '<section aria-labelledby="fasen"><h2 id="fasen">Fase per pijler en actielijn</h2>'
        f"<p>{e(uitleg)}</p>" + _html_tabel(kop, rijen, "fasetabel", f"Fase van {naam} en van de groepen")
    )
    ontbreekt = [
        n
        for n in inhoud.noten
        if any(n.startswith(g.naam) for g in inhoud.groepen if g.sleutel in inhoud.ontbrekende_groepen)
    ]
    html += "".join(f'<p class="noot">{e(n)}</p>' for n in ontbreekt)
    html += '<ul class="fase-uitleg">' + "".join(f"<li>{e(r)}</li>" for r in fase_lijst) + "</ul></section>"
    typst = (
        f"#sectie({t('Fase per pijler en actielijn')})\n#alinea({t(uitleg)})\n"
        f"#tabel({tlijst(t(k) for k in kop)}, {tlijst(tlijst(t(c) for c in r) for r in rijen)}, (26, 16, 19, 19, 19), 0, ())\n"
        f"#noot({t(' · '.join(fase_lijst))})" + "".join(f"\n#noot({t(n)})" for n in ontbreekt)
    )
    return [Opmaak(html=html, typst=typst, tekst=uitleg)]


def vergelijking_zin(v: Vergelijking, naam: str) -> str:
    if v.oordeel == "verder":
        wie = f"{v.lager} van de {v.n} gemeenten ({procent(100 * v.lager / v.n)}) staan in een lagere fase"
    else:
        wie = f"{v.hoger} van de {v.n} gemeenten ({procent(100 * v.hoger / v.n)}) staan in een hogere fase"
    return f"{v.korte_naam.capitalize()}: {naam} antwoordde ‘{v.antwoord}’ ({v.fase.lower()}); {wie}."


def vergelijking_svg(lijst: list[Vergelijking], naam: str, titel: str) -> str:
    categorieen = ["lagere fase", "zelfde antwoord", "hogere fase"]
    kleuren = ["#9DBFE0", "#D0D0D0", "#154273"]
    rijen = []
    for v in lijst:
        zelfde = v.n - v.lager - v.hoger
        waarden = [100 * x / v.n for x in (v.lager, zelfde, v.hoger)]
        rijen.append(
            {
                "label": f"{v.korte_naam.capitalize()} ({v.fase.lower()})",
                "waarden": waarden,
                "teksten": [procent(w) for w in waarden],
                "eigen": 1,
            }
        )
    return svg_balken(rijen, categorieen, kleuren, titel, eigen_label=f"waar {naam} staat")


def vergelijking(inhoud: FactsheetInhoud) -> list:
    naam = inhoud.kop.gemeente_naam
    uitleg = (
        f"Bij elke fasevraag: hoeveel van alle gemeenten die de vraag beantwoordden in een lagere fase staan dan {naam}, "
        "hetzelfde antwoord gaven of in een hogere fase staan. Hieronder de vragen waar het verschil het grootst is."
    )
    html = f'<section aria-labelledby="vergelijking"><h2 id="vergelijking">Waar {e(naam)} verder of minder ver is</h2>'
    html += f"<p>{e(uitleg)}</p>"
    typst = f"#sectie({t('Waar ' + naam + ' verder of minder ver is')})\n#alinea({t(uitleg)})\n"
    for kopje, lijst, leeg in (
        (
            "Verder dan de meeste gemeenten",
            inhoud.vooruit,
            f"Bij geen fasevraag is {naam} verder dan de meeste gemeenten.",
        ),
        (
            "Minder ver dan de meeste gemeenten",
            inhoud.achter,
            f"Bij geen fasevraag is {naam} minder ver dan de meeste gemeenten.",
        ),
    ):
        zinnen = [vergelijking_zin(v, naam) for v in lijst] or [leeg]
        html += f"<h3>{e(kopje)}</h3><ul>" + "".join(f"<li>{e(z)}</li>" for z in zinnen) + "</ul>"
        typst += f"#kopje({t(kopje)})\n#lijst({tlijst(t(z) for z in zinnen)})\n"
    sterkste = list(inhoud.vooruit) + list(inhoud.achter)
    if sterkste:
        titel = f"Alle deelnemende gemeenten vergeleken met {naam}, per fasevraag (% van de gemeenten)"
        svg = vergelijking_svg(sterkste, naam, titel)
        html += _figuur(svg, titel, _vergelijking_tabel(sterkste, naam))
        typst += f"#grafiek-svg({t(titel)}, {t(svg)}, {t(titel)})\n"
    html += "</section>"
    return [Opmaak(html=html, typst=typst, tekst=uitleg)]


def _vergelijking_tabel(lijst: list[Vergelijking], naam: str) -> str:
    kop = ["Vraag", f"Antwoord {naam}", "Lagere fase", "Zelfde antwoord", "Hogere fase", "Gemeenten"]
    rijen = [
        [
            v.korte_naam.capitalize(),
            v.antwoord,
            f"{procent(100 * v.lager / v.n)} ({v.lager})",
            f"{procent(100 * (v.n - v.lager - v.hoger) / v.n)} ({v.n - v.lager - v.hoger})",
            f"{procent(100 * v.hoger / v.n)} ({v.hoger})",
            getal(v.n),
        ]
        for v in lijst
    ]
    return _html_tabel(kop, rijen, "cijfers", "Cijfers van de grafiek", rechts=4)


# -- tips ------------------------------------------------------------------------------------
def tips(inhoud: FactsheetInhoud) -> list:
    titel = "Wat kan de gemeente nog meer doen?"
    html = f'<section aria-labelledby="tips"><h2 id="tips">{e(titel)}</h2>'
    typst = f"#sectie({t(titel)})\n"
    if not inhoud.tips:
        html += f'<p class="noot">{e(TIPS_ONTBREKEN)}</p>'
        typst += f"#noot({t(TIPS_ONTBREKEN)})\n"
    else:
        html += '<ol class="tips">'
        for tip in inhoud.tips:
            link = (
                f' <a href="{e(tip.adres)}">{e(tip.materiaal or "Materiaal bij: " + tip.tekst)}</a>'
                if tip.adres
                else ""
            )
            html += f"<li><strong>{e(tip.tekst)}</strong> <span>Waarom: {e(tip.reden)}</span>{link}</li>"
        html += "</ol>"
        rijen = [
            tlijst([t(tip.tekst), t(tip.reden), t(tip.adres), t(tip.materiaal or tip.adres)]) for tip in inhoud.tips
        ]
        typst += f"#tiplijst({tlijst(rijen)})\n"
    html += "</section>"
    return [Opmaak(html=html, typst=typst, tekst=titel)]


# -- alle vragen (alleen in de monitor) -------------------------------------------------------
def inleiding_vragen(inhoud: FactsheetInhoud) -> list:
    naam = inhoud.kop.gemeente_naam
    groepen = "".join(
        f"<li><strong>{e(g.naam)}</strong>: {getal(g.aantal_gemeenten)} gemeenten</li>" for g in inhoud.groepen
    )
    noten = "".join(f'<p class="noot">{e(n)}</p>' for n in inhoud.noten)
    if inhoud.kop.namens:
        noten = (
            f"<p>De vragenlijst is samen ingevuld: de antwoorden van {e(naam)} gelden ook voor "
            f"{e(opsomming(list(inhoud.kop.namens)))}. In de groepen telt alleen {e(naam)} mee.</p>" + noten
        )
    html = (
        '<section aria-labelledby="vragen"><h2 id="vragen">Alle vragen, per pijler en actielijn</h2>'
        f"<p>Bij elke vraag de antwoorden van alle gemeenten per groep, met het antwoord van {e(naam)} gemarkeerd "
        f"(● en vet). Percentages staan bij groepen van {KLEINE_GROEP} gemeenten of meer, met het aantal gemeenten "
        f"ertussen haakjes; bij kleinere groepen alleen het aantal.</p><ul>{groepen}</ul>{noten}</section>"
    )
    return [Opmaak(html=html, tekst="Alle vragen")]


def _cel(c, n: int) -> str:
    if c.onderdrukt:
        return "niet getoond"
    if n < KLEINE_GROEP:
        return getal(c.aantal)
    return f"{procent(c.percentage)} ({getal(c.aantal)})"


def _groepkop(sleutel: str, n: int) -> Markup:
    eenheid = "aantal" if n < KLEINE_GROEP else "% (aantal)"
    return Markup(f'{e(GROEPKOPPEN[sleutel])} <span class="n">n = {getal(n)}, {eenheid}</span>')


def _html_tabel(kop, rijen, klasse, bijschrift, rechts=0, eigen_rijen=()) -> str:
    eerste_rechts = len(kop) - rechts
    koppen = "".join(
        f'<th scope="col"{" class=getal" if i >= eerste_rechts else ""}>{k if isinstance(k, Markup) else e(k)}</th>'
        for i, k in enumerate(kop)
    )
    body = ""
    for j, rij in enumerate(rijen):
        cellen = f'<th scope="row">{e(rij[0])}</th>' + "".join(
            f"<td{' class=getal' if i + 1 >= eerste_rechts else ''}>{c if isinstance(c, Markup) else e(c)}</td>"
            for i, c in enumerate(rij[1:])
        )
        body += f"<tr{' class=eigen' if j in eigen_rijen else ''}>{cellen}</tr>"
    return (
        f'<div class="tabelvak" role="region" aria-label="{e(bijschrift)}" tabindex="0"><table class="{klasse}">'
        f'<caption class="sr">{e(bijschrift)}</caption><thead><tr>{koppen}</tr></thead><tbody>{body}</tbody></table></div>'
    )


def _figuur(svg: str, titel: str, tabel: str = "") -> str:
    return (
        f'<figure class="grafiek"><figcaption>{e(titel)}</figcaption>{svg}'
        + (f"<details><summary>Cijfers van deze grafiek</summary>{tabel}</details>" if tabel else "")
        + "</figure>"
    )


def verdeling_tabel(v: Vraaginhoud, d: Verdeling, inhoud: FactsheetInhoud) -> str:
    k = inhoud.kop
    groepen = [g for g in GROEPEN if g not in d.onderdrukte_groepen]
    weg = {g: z for g, z in d.onderdrukte_groepen.items() if g not in inhoud.ontbrekende_groepen}
    vorig = any(o.vorig_jaar is not None for o in d.opties)
    kop = ["Antwoord", Markup(f'{e(k.gemeente_naam)} <span class="n">{k.jaar}</span>')]
    if vorig:
        kop.append(Markup(f'{e(k.gemeente_naam)} <span class="n">{k.vorig_jaar}</span>'))
    kop += [_groepkop(g, d.n[g]) for g in groepen]
    rijen = []
    for o in d.opties:
        rij = [o.label, GEKOZEN if o.eigen else ""]
        if vorig:
            rij.append(GEKOZEN if o.vorig_jaar else "")
        rij += [_cel(o.groepen[g], d.n[g]) for g in groepen]
        rijen.append(rij)
    bijschrift = f"{v.korte_naam.capitalize()}" + (f": {d.rij_label}" if d.rij_label else "") + ", antwoorden per groep"
    eigen = tuple(i for i, o in enumerate(d.opties) if o.eigen)
    html = _html_tabel(kop, rijen, "verdeling", bijschrift, rechts=len(groepen), eigen_rijen=eigen)
    if not d.beantwoord:
        html += f'<p class="noot">{e(k.gemeente_naam)} beantwoordde deze vraag niet.</p>'
    html += "".join(f'<p class="noot">{e(z)}</p>' for z in weg.values())
    return html


def verdeling_svg(v: Vraaginhoud, inhoud: FactsheetInhoud) -> str:
    """Gestapelde balken: per groep (of per matrixrij, landelijk) de hele verdeling, eigen antwoord omlijnd."""
    naam = inhoud.kop.gemeente_naam
    eerste = v.verdelingen[0]
    labels = [o.label for o in eerste.opties]
    kleuren = verloop(len(labels))
    rijen = []
    if v.type == "matrix":
        for d in v.verdelingen:
            rijen.append(_balk(d.rij_label + f" (landelijk, {getal(d.n['landelijk'])} gemeenten)", d, "landelijk"))
        titel = f"{v.korte_naam.capitalize()}: antwoorden van alle gemeenten (landelijk)"
    else:
        for g in inhoud.groepen:
            if g.sleutel in inhoud.ontbrekende_groepen:
                continue
            rijen.append(_balk(f"{g.naam} ({getal(eerste.n[g.sleutel])} gemeenten)", eerste, g.sleutel))
        titel = f"{v.korte_naam.capitalize()}: antwoorden van de gemeenten per groep"
    return svg_balken(rijen, labels, kleuren, titel, eigen_label=f"antwoord van {naam}")


def _balk(label: str, d: Verdeling, groep: str) -> dict:
    if groep in d.onderdrukte_groepen or any(o.groepen[groep].onderdrukt for o in d.opties):
        return {"label": label, "waarden": None, "leeg": "niet getoond (zie de tabel)"}
    n = d.n[groep]
    waarden = [o.groepen[groep].percentage or 0.0 for o in d.opties]
    teksten = [
        (getal(o.groepen[groep].aantal) if n < KLEINE_GROEP else procent(o.groepen[groep].percentage)) for o in d.opties
    ]
    eigen = next((i for i, o in enumerate(d.opties) if o.eigen), None)
    return {"label": label, "waarden": waarden, "teksten": teksten, "eigen": eigen}


def onderdeel(inhoud: FactsheetInhoud, sleutel: str) -> list:
    titel = dict(inhoud.onderdelen)[sleutel]
    vragen = [v for v in inhoud.vragen if v.onderdeel == sleutel]
    if not vragen:
        return []
    fase = next((f for f in inhoud.fasen if f.onderdeel == sleutel), None)
    html = f'<section class="onderdeel" aria-labelledby="o-{e(sleutel)}"><h3 id="o-{e(sleutel)}">{e(titel)}</h3>'
    if fase and fase.fase:
        html += f"<p>Fase van {e(inhoud.kop.gemeente_naam)}: <strong>{e(fase.fase)}</strong>.</p>"
    if fase:
        html += "".join(f"<p>{e(z)}</p>" for z in fase.zinnen)
    for v in vragen:
        html += f'<section class="vraag" aria-labelledby="v-{e(v.id)}"><h4 id="v-{e(v.id)}">{e(v.tekst)}</h4>'
        if v.type in ("enkel", "matrix") and any(d.beantwoord or d.n["landelijk"] for d in v.verdelingen):
            titel_grafiek = f"Grafiek: {v.korte_naam}; de cijfers staan in de tabel eronder"
            html += f'<figure class="grafiek"><figcaption class="sr">{e(titel_grafiek)}</figcaption>{verdeling_svg(v, inhoud)}</figure>'
        for d in v.verdelingen:
            if d.rij_label:
                html += f'<p class="rijkop">{e(d.rij_label)}</p>'
            html += verdeling_tabel(v, d, inhoud)
        html += "".join(f'<p class="noot">{e(n)}</p>' for n in v.noten) + "</section>"
    html += "</section>"
    return [Opmaak(html=html, tekst=titel)]


# -- hoe lees je dit --------------------------------------------------------------------------
def verantwoording(inhoud: FactsheetInhoud) -> list:
    k = inhoud.kop
    groepen = opsomming(
        [f"{g.naam.lower() if g.sleutel == 'landelijk' else g.naam} ({g.aantal_gemeenten})" for g in inhoud.groepen]
    )
    punten = [
        (
            "Groepen",
            f"{k.gemeente_naam} wordt vergeleken met alle deelnemende gemeenten en met de gemeenten in dezelfde "
            f"provincie en van dezelfde grootte: {groepen} gemeenten. {k.gemeente_naam} telt in elke groep één keer mee.",
        ),
        (
            "Niet getoond",
            f"Een groepscijfer staat er alleen als minstens {inhoud.onderdrukking_minimum} andere gemeenten de vraag in "
            "die groep beantwoordden, en in provincie en grootteklasse niet als alle andere gemeenten hetzelfde "
            "antwoordden. Zo is uit geen cijfer het antwoord van één andere gemeente af te leiden. Waar een groep "
            "ontbreekt, staat waarom.",
        ),
        (
            "Percentages en aantallen",
            f"Percentages zijn van de gemeenten die de vraag beantwoordden, afgerond op hele procenten. Bij groepen "
            f"kleiner dan {KLEINE_GROEP} gemeenten staan alleen aantallen: een percentage zou daar meer precisie "
            "suggereren dan er is.",
        ),
        (
            "Fasen",
            "Bij fasevragen vormen de antwoorden een oplopende schaal. ‘Verder dan de meeste gemeenten’: minstens de "
            "helft van alle gemeenten die de vraag beantwoordden, staat in een lagere fase; ‘minder ver’: minstens de "
            "helft staat in een hogere fase.",
        ),
        (
            "Modelschattingen",
            "De cijfers over eenzaamheid per buurt zijn modelschattingen van het RIVM op basis van de "
            "Gezondheidsmonitor, geen tellingen: ze geven een beeld, geen exacte waarde per buurt.",
        ),
        (
            "Bronnen",
            f"De vragenlijst van de Benchmark Eén tegen eenzaamheid {k.jaar}, ingevuld door {getal(k.aantal_deelnemers)} "
            "gemeenten" + (" (fictieve gegevens)" if k.fictief else "") + "; bij meer inzendingen telt de laatste. "
            "Buurtcijfers: RIVM; grenzen en inwoners: CBS.",
        ),
    ]
    if k.namens:
        punten.insert(
            1,
            (
                "Samen ingevuld",
                f"De vragenlijst is ingevuld voor {opsomming([k.gemeente_naam, *k.namens])}. De antwoorden gelden "
                f"voor al deze gemeenten; in de vergelijkingen telt alleen {k.gemeente_naam} mee, met de eigen "
                "provincie en grootteklasse.",
            ),
        )
    if k.vorig_jaar and k.vorig_jaar_deelgenomen:
        punten.append(
            (
                "Vorig jaar",
                f"Het eigen antwoord uit {k.vorig_jaar} staat ernaast bij vragen die in beide jaren hetzelfde gesteld "
                "zijn; bij een herindeling het antwoord van de voorganger.",
            )
        )
    punten += [("Ontbreekt", n) for n in inhoud.noten]
    punten.append(
        (
            "Datum en versie",
            f"Stand van de gegevens: {datum(k.stand)}. Gemaakt met versie {k.versie} van het rapportagepakket. "
            "Alle cijfers staan in cijfers.csv, naast dit bestand en als bijlage in de PDF.",
        )
    )
    html = '<section aria-labelledby="lezen"><h2 id="lezen">Hoe lees je dit?</h2><dl class="lezen">'
    html += "".join(f"<dt>{e(a)}</dt><dd>{e(b)}</dd>" for a, b in punten)
    html += (
        '</dl><p><a href="cijfers.csv" download>Alle cijfers van deze factsheet (cijfers.csv)</a></p></section></main>'
    )
    typst = f"#sectie({t('Hoe lees je dit?')})\n#lezen({tlijst(tlijst([t(a), t(b)]) for a, b in punten)})"
    return [Opmaak(html=html, typst=typst, tekst="Hoe lees je dit?")]
