"""Tips en fasen van één factsheet: de inhoud uit de regels, en de blokken (tekst, tabel) om te tonen.

De inhoud (welke fase, welke tips, welke zinnen met de id van hun regel) komt uit `verwerken/`
en `rules/`; hier staat alleen hoe die getoond wordt en hoe hij in tips.csv en teksten.csv komt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..config import REGELS
from ..regels import Fasen, Zin, kies, laad_fasen
from ..tipregels import TIPS, Tipcatalogus, controleer_tips, laad_tips
from ..verwerken.antwoorden import antwoordcontext, bekende_namen
from ..verwerken.cijfers import Benchmark
from ..verwerken.fasen import Fasecijfers, Onderdeelfase, fasevraag
from ..verwerken.tips import Tip, tips_voor
from .getallen import getal
from .weergave import Tabel, Tekst

TIPS_KOLOMMEN = ["tip", "onderdeel", "prioriteit", "getoond", "reden", "materiaal", "adres"]
TEKSTEN_KOLOMMEN = ["deel", "regel", "tekst"]
DEKKING_KOLOMMEN = ["tip", "gevuurd", "getoond"]
GROEPEN = ("landelijk", "provincie", "grootteklasse")
GROEPKOPPEN = {"landelijk": "Landelijk", "provincie": "Provincie", "grootteklasse": "Grootteklasse"}


@dataclass(frozen=True)
class Regels:
    """De regelbestanden van een run, gelezen en gecontroleerd tegen het codeboek van het jaar."""

    fasen: Fasen
    fasecijfers: Fasecijfers
    catalogus: Tipcatalogus
    maximum: int


def regels(bench: Benchmark) -> Regels:
    """Eén keer per benchmark (per kernel) gelezen en gecontroleerd."""
    if getattr(bench, "_tipsregels", None) is None:
        bench._tipsregels = _lees_regels(bench)
    return bench._tipsregels


def _lees_regels(bench: Benchmark) -> Regels:
    params = bench.params
    fasen_pad = Path(params.regels_fasen or REGELS / "fasen.yml")
    fasen = laad_fasen(fasen_pad)
    fasen.controleer(bench.codeboek, fasen_pad)
    catalogus = laad_tips(Path(params.regels_tips or TIPS))
    controleer_tips(catalogus, bench.codeboek.onderdelen, bekende_namen(bench.codeboek, fasen))
    return Regels(fasen, Fasecijfers(bench, fasen), catalogus, params.tips_maximum)


def factsheetcijfers(bench: Benchmark, code: str) -> pd.DataFrame:
    """Alle cijfers van één factsheet (cijfers.csv): de benchmark en de verdeling over de fasen."""
    return pd.concat([bench.cijfers(code), regels(bench).fasecijfers.cijfers(code)], ignore_index=True)


@dataclass
class Tipsinhoud:
    """Fasen, tips en hun zinnen voor één gemeente."""

    code: str
    fasen: dict[str, Onderdeelfase]
    fasezinnen: dict[str, list[Zin]]
    tips: list[Tip]
    context: dict = field(repr=False)

    @property
    def getoond(self) -> list[Tip]:
        return [t for t in self.tips if t.getoond]


def inhoud(bench: Benchmark, code: str, cijfers: pd.DataFrame | None = None, kaart: dict | None = None) -> Tipsinhoud:
    r = regels(bench)
    cijfers = factsheetcijfers(bench, code) if cijfers is None else cijfers
    context = antwoordcontext(r.fasecijfers, code, cijfers, kaart)
    eigen, vorig = r.fasecijfers.fasen(code), r.fasecijfers.vorig(code) or {}
    vergelijkbaar = r.fasecijfers.vergelijkbaar_nu(code)
    ontwikkeling = context["ontwikkeling"]
    fasezinnen = {}
    for onderdeel, fase in eigen.items():
        toen = vorig.get(onderdeel)
        velden = {
            "onderdeel_naam": bench.codeboek.onderdelen[onderdeel],
            "fase": fase.sleutel,
            "fase_naam": context["fase_naam"][onderdeel],
            "fase_naam_vergelijkbaar": _naam(r.fasen, vergelijkbaar[onderdeel].sleutel),
            "uitleg": r.fasen.per_sleutel(fase.sleutel).uitleg if fase.sleutel else None,
            "meet": r.fasen.onderdelen[onderdeel].meet,
            "gemeente_naam": context["gemeente_naam"],
            "vorig_jaar": bench.vorig_jaar,
            "vorig_fase_naam": _naam(r.fasen, toen.sleutel if toen else None),
            "ontwikkeling": ontwikkeling[onderdeel],
        }
        fasezinnen[onderdeel] = kies(r.fasen.teksten, velden)
    return Tipsinhoud(code, eigen, fasezinnen, tips_voor(r.catalogus, context, r.maximum), context)


def _naam(fasen: Fasen, sleutel: str | None) -> str | None:
    return fasen.per_sleutel(sleutel).naam if sleutel else None


# -- blokken ----------------------------------------------------------------------------------


def fasetabel(inhoud: Tipsinhoud, bench: Benchmark, per_groep: dict, naam: str) -> list:
    """Samenvatting: per actielijn en pijler de fase en waarop die berust."""
    fasen = regels(bench).fasen
    rijen = [
        [
            bench.codeboek.onderdelen[o],
            _naam(fasen, f.sleutel) or "geen fase (niet beantwoord)",
            fasen.onderdelen[o].meet,
        ]
        for o, f in inhoud.fasen.items()
    ]
    return [
        Tekst("### Fase per actielijn en pijler\n"),
        Tabel(["Onderdeel", "Fase", "Op basis van"], rijen, [28, 18, 54]),
    ]


def faseblok(inhoud: Tipsinhoud, bench: Benchmark, onderdeel: str, per_groep: dict, naam: str) -> list:
    """De fase van één onderdeel, uitgelegd, naast de verdeling van de groepen over de fasen."""
    if onderdeel not in inhoud.fasen:
        return []
    fasen = regels(bench).fasen
    vraag = fasevraag(onderdeel)
    vorig = "vorig_jaar" in per_groep
    kop = ["Fase", naam] + ([str(bench.vorig_jaar)] if vorig else []) + [GROEPKOPPEN[g] for g in GROEPEN]
    rijen, onderdrukt = [], False
    for fase in fasen.fasen:
        eigen = per_groep["gemeente"].get((vraag, "", fase.sleutel), {})
        cellen = [fase.naam, "●" if eigen.get("aantal") == 1 else ""]
        if vorig:
            toen = per_groep["vorig_jaar"].get((vraag, "", fase.sleutel), {})
            cellen.append("●" if toen.get("aantal") == 1 else "")
        for groep in GROEPEN:
            c = per_groep[groep][(vraag, "", fase.sleutel)]
            onderdrukt |= c["onderdrukt"] == 1
            cellen.append("–*" if c["onderdrukt"] == 1 else getal(c["aantal"]))
        rijen.append(cellen)
    n_rij = ["Aantal gemeenten met een fase (n)", ""] + ([""] if vorig else [])
    for groep in GROEPEN:
        c = per_groep[groep][(vraag, "", fasen.fasen[0].sleutel)]
        n_rij.append("–*" if c["onderdrukt"] == 1 else getal(c["n"]))
    rijen.append(n_rij)
    breedtes = [30, 14] + ([8] if vorig else []) + [12] * len(GROEPEN)
    zinnen = " ".join(z.tekst for z in inhoud.fasezinnen[onderdeel])
    noten = [
        f"Aantal gemeenten per fase. ● = de fase van {naam}"
        + (
            f"; in de kolom {bench.vorig_jaar} alleen op vragen die in beide jaren gelijk gesteld zijn."
            if vorig
            else "."
        )
    ]
    if onderdrukt:
        noten.append(
            f"\\* Niet getoond: minder dan {bench.params.onderdrukking_minimum} andere gemeenten in deze groep hebben "
            "een fase, of het cijfer zou de antwoorden van andere gemeenten prijsgeven."
        )
    return [
        Tekst(f"::: {{.samenvatting}}\n{zinnen}\n:::\n"),
        Tabel(kop, rijen, breedtes, rechts=len(GROEPEN), voetrijen=(len(rijen) - 1,)),
        Tekst("\n".join(f"::: {{.noot}}\n{n}\n:::\n" for n in noten)),
    ]


def buiten_fase_regels(bench: Benchmark, onderdeel: str, context: dict) -> list[str]:
    """Vragen die niet voor de fase tellen, met wat ze meten en het eigen antwoord."""
    fasen = regels(bench).fasen
    uit = []
    for vraag_id, omschrijving in fasen.buiten_fase.items():
        vraag = bench.codeboek.per_id[vraag_id]
        if vraag.onderdeel == onderdeel and context.get("label", {}).get(vraag_id):
            uit.append(
                f"- **{omschrijving[:1].upper() + omschrijving[1:]}** (telt niet mee voor de fase): "
                f"{context['label'][vraag_id].lower()}."
            )
    return uit


def _link_teksten(tips: list[Tip]) -> list[str]:
    """Elke link een eigen tekst, ook als twee tips naar hetzelfde materiaal wijzen."""
    gezien: dict[str, int] = {}
    uit = []
    for tip in tips:
        gezien[tip.materiaal] = gezien.get(tip.materiaal, 0) + 1
        uit.append(tip.materiaal if gezien[tip.materiaal] == 1 else f"{tip.materiaal} (bij tip {len(uit) + 1})")
    return uit


def tipblokken(inhoud: Tipsinhoud, bench: Benchmark, naam: str) -> list:
    tips = inhoud.getoond
    kop = f"## 3. Wat kan {naam} nog meer doen?\n\n"
    inleiding = (
        f"Op basis van de antwoorden van {naam} volgen hieronder suggesties, de belangrijkste eerst. De monitor "
        "schrijft niets voor: de tips zijn een aanleiding voor een gesprek, bijvoorbeeld met een adviseur van "
        "het actieprogramma Eén tegen eenzaamheid.\n\n"
    )
    if not tips:
        return [Tekst(kop + f"Uit de antwoorden van {naam} volgt geen tip.\n")]
    regels_ = []
    for i, (tip, linktekst) in enumerate(zip(tips, _link_teksten(tips), strict=True), start=1):
        onderdeel = bench.codeboek.onderdelen[tip.onderdeel]
        regels_.append(
            f"{i}. **{tip.tekst}** ({onderdeel})\\\n"
            f"   {tip.reden}\\\n"
            f"   Materiaal: [{linktekst}]({tip.adres}): {tip.beschrijving}\n"
        )
    return [Tekst(kop + inleiding + "\n".join(regels_))]


# -- bestanden --------------------------------------------------------------------------------


def tips_tabel(inhoud: Tipsinhoud) -> pd.DataFrame:
    rijen = [
        {
            "tip": t.id,
            "onderdeel": t.onderdeel,
            "prioriteit": t.prioriteit,
            "getoond": int(t.getoond),
            "reden": t.reden,
            "materiaal": t.materiaal_id,
            "adres": t.adres,
        }
        for t in inhoud.tips
    ]
    return pd.DataFrame(rijen, columns=TIPS_KOLOMMEN)


def tipzinnen(inhoud: Tipsinhoud) -> list[tuple[str, str, str]]:
    uit = []
    for t in inhoud.getoond:
        uit += [("tips", t.id, t.tekst), ("tips", t.id, t.reden)]
    return uit


def fasezinnen(inhoud: Tipsinhoud) -> list[tuple[str, str, str]]:
    return [("fase", z.regel, z.tekst) for zinnen in inhoud.fasezinnen.values() for z in zinnen]


def dekking(catalogus: Tipcatalogus, tips_per_gemeente: list[pd.DataFrame]) -> tuple[pd.DataFrame, list[str]]:
    """Per tip van de catalogus: bij hoeveel gemeenten hij vuurde en getoond werd (uit hun tips.csv);
    en welke tips voor geen enkele gemeente golden."""
    gevuurd = dict.fromkeys((t.id for t in catalogus.tips), 0)
    getoond = dict(gevuurd)
    for tabel in tips_per_gemeente:
        for tip, tonen in zip(tabel["tip"], tabel["getoond"], strict=True):
            gevuurd[tip] += 1
            getoond[tip] += int(tonen)
    tabel = pd.DataFrame(
        [{"tip": t.id, "gevuurd": gevuurd[t.id], "getoond": getoond[t.id]} for t in catalogus.tips],
        columns=DEKKING_KOLOMMEN,
    )
    return tabel, [t.id for t in catalogus.tips if gevuurd[t.id] == 0]
