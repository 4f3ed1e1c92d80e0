"""Wat de overzichtsrapportage zegt, los van hoe het eruitziet: bevindingen, zinnen en colofon.

Eerst wordt de inhoud berekend (dataclasses, zonder opmaak); `overzicht.py` zet haar daarna om
naar Markdown/Typst, en `teksten.csv` is dezelfde inhoud als tabel. Elke bevinding weet welke
regel haar koos en welke cijfers uit `overzicht_cijfers.csv` zij noemt, zodat een test de getallen
in de tekst tegen dat bestand kan leggen.

De regels (`rules/overzicht_teksten.yml`) kiezen per soort ('grootste stijging in het panel',
'meest gekozen antwoord', ...) het cijfer waarover zij gaan; drempels en woorden staan daar ook.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import __version__
from ..config import REGELS
from ..inlezen.codeboek import Optie, Vraag
from ..regels import Bevindingregel, Overzichtteksten, Zin, laad_overzichtteksten
from ..verwerken.overzicht import Overzichtscijfers
from .getallen import getal, procent
from .tekstdelen import datum, korte_naam, typografie

TEKSTEN = REGELS / "overzicht_teksten.yml"
TEKSTEN_KOLOMMEN = ["deel", "regel", "tekst"]


@dataclass(frozen=True)
class Cijfersleutel:
    """Eén rij van overzicht_cijfers.csv."""

    jaar: int
    groep: str
    vraag: str
    rij: str
    optie: str


@dataclass(frozen=True)
class Bevinding:
    deel: str  # 'samenvatting', 'respons' of de sleutel van een actielijn/pijler
    regel: str
    tekst: str
    kop: str = ""
    cijfers: tuple[Cijfersleutel, ...] = ()


@dataclass(frozen=True)
class Bron:
    bestand: str
    datum: str  # uit de inhoud van het bestand (periode van indienen), of leeg
    controlegetal: str  # eerste 12 tekens van de SHA-256: welke versie van de gegevens


@dataclass
class Colofon:
    jaar: int
    vorig_jaar: int | None
    panel: int
    onderdrukking_minimum: int
    bronnen: list[Bron]
    regels_versie: str
    code_versie: str


@dataclass
class OverzichtInhoud:
    respons: list[Bevinding]
    samenvatting_inleiding: list[Bevinding]
    samenvatting: list[Bevinding]
    paragrafen: dict[str, list[Bevinding]]
    colofon: Colofon
    onderdelen: dict[str, str] = field(default_factory=dict)

    def alle(self) -> list[Bevinding]:
        uit = self.respons + self.samenvatting_inleiding + self.samenvatting
        for onderdeel in self.onderdelen:
            uit += self.paragrafen.get(onderdeel, [])
        return uit

    def teksten(self) -> pd.DataFrame:
        """teksten.csv (contract, sectie 8): elke zin zoals hij in de rapportage staat."""
        rijen = []
        for b in self.alle():
            if b.kop:
                rijen.append({"deel": f"{b.deel}_kop", "regel": b.regel, "tekst": b.kop})
            rijen.append({"deel": b.deel, "regel": b.regel, "tekst": b.tekst})
        return pd.DataFrame(rijen, columns=TEKSTEN_KOLOMMEN)


# Welke cijfers een veld noemt: nu/vorig/panel_nu/panel_vorig.
_BRON_VAN_VELD = {
    "pct": ("nu",),
    "aantal": ("nu",),
    "n": ("nu",),
    "vorig_pct": ("vorig",),
    "vorig_aantal": ("vorig",),
    "vorig_n": ("vorig",),
    "verschil": ("nu", "vorig"),
    "panel_pct": ("panel_nu",),
    "panel_aantal": ("panel_nu",),
    "panel_n": ("panel_nu",),
    "panel_vorig_pct": ("panel_vorig",),
    "panel_vorig_aantal": ("panel_vorig",),
    "panel_vorig_n": ("panel_vorig",),
    "panel_verschil": ("panel_nu", "panel_vorig"),
    "afwijking": ("nu", "vorig", "panel_nu", "panel_vorig"),
}
WOORDEN = ("onderwerp", "Onderwerp", "antwoord", "onderdeel")
ALGEMEEN = ("drempel", "verschil_drempel", "panel", "jaar", "vorig_jaar")


def klein(label: str) -> str:
    """Eerste letter klein midden in een zin ('(Nog) geen' -> '(nog) geen'), behalve bij afkortingen (GGD)."""
    letters = [i for i, t in enumerate(label) if t.isalpha()]
    if not letters or (len(letters) > 1 and label[letters[1]].isupper()):
        return label
    i = letters[0]
    return label[:i] + label[i].lower() + label[i + 1 :]


def bekende_velden() -> dict:
    return dict.fromkeys(list(_BRON_VAN_VELD) + list(WOORDEN) + list(ALGEMEEN))


@dataclass(frozen=True)
class Kandidaat:
    """Eén antwoord (vraag, rij, optie) met zijn cijfers; None waar er geen (publiceerbaar) cijfer is."""

    vraag: Vraag
    rij: str
    optie: Optie
    onderdeel: str
    volgorde: int
    cijfers: dict  # nu, vorig, panel_nu, panel_vorig -> rij uit overzicht_cijfers of None

    def heeft(self, *welke: str) -> bool:
        return all(self.cijfers.get(w) is not None and pd.notna(self.cijfers[w]["percentage"]) for w in welke)

    def waarde(self, veld: str) -> float:
        c = self.cijfers
        return {
            "verschil": lambda: c["nu"]["percentage"] - c["vorig"]["percentage"],
            "panel_verschil": lambda: c["panel_nu"]["percentage"] - c["panel_vorig"]["percentage"],
            "afwijking": lambda: (
                (c["nu"]["percentage"] - c["vorig"]["percentage"])
                - (c["panel_nu"]["percentage"] - c["panel_vorig"]["percentage"])
            ),
            "pct": lambda: c["nu"]["percentage"],
        }[veld]()

    def velden(self, algemeen: dict) -> tuple[dict, dict]:
        getallen: dict = dict(algemeen)
        tekst: dict = {}
        for voor, wie in (("", "nu"), ("vorig_", "vorig"), ("panel_", "panel_nu"), ("panel_vorig_", "panel_vorig")):
            c = self.cijfers.get(wie)
            if c is None or pd.isna(c["percentage"]):
                continue
            getallen[f"{voor}pct"] = float(c["percentage"])
            tekst[f"{voor}pct"] = procent(c["percentage"])
            getallen[f"{voor}aantal"] = int(c["aantal"])
            getallen[f"{voor}n"] = int(c["n"])
        for veld in ("verschil", "panel_verschil", "afwijking"):
            if self.heeft(*_BRON_VAN_VELD[veld]):
                getallen[veld] = float(self.waarde(veld))
                tekst[veld] = getal(abs(getallen[veld]))
        onderwerp = korte_naam(self.vraag) + (f": {klein(self.vraag.rij_label(self.rij))}" if self.rij else "")
        tekst |= {
            "onderwerp": typografie(onderwerp),
            "Onderwerp": typografie(onderwerp[:1].upper() + onderwerp[1:]),
            "antwoord": typografie(klein(self.optie.label)),
        }
        return getallen, tekst

    def sleutels(self, namen: set[str], jaren: dict[str, tuple[int, str]]) -> tuple[Cijfersleutel, ...]:
        welke = sorted({w for n in namen for w in _BRON_VAN_VELD.get(n, ())}, key=list(jaren).index)
        return tuple(Cijfersleutel(*jaren[w], self.vraag.id, self.rij, self.optie.code) for w in welke)


def kandidaten(c: Overzichtscijfers) -> list[Kandidaat]:
    boek = c.codeboek(c.jaar)
    uit = []
    for volgorde, (vraag, rij, optie) in enumerate(
        (v, r, o) for v in boek.gesloten_vragen for r in (v.rij_codes or ("",)) for o in v.opties
    ):
        cijfers = {"nu": c.cijfer(c.jaar, "totaal", vraag.id, rij, optie.code)}
        if c.vorig_jaar and (vraag.id, rij) in c.vergelijkbaar:
            cijfers |= {
                "vorig": c.cijfer(c.vorig_jaar, "totaal", vraag.id, rij, optie.code),
                "panel_nu": c.cijfer(c.jaar, "panel", vraag.id, rij, optie.code),
                "panel_vorig": c.cijfer(c.vorig_jaar, "panel", vraag.id, rij, optie.code),
            }
        uit.append(Kandidaat(vraag, rij, optie, vraag.onderdeel, volgorde, cijfers))
    return uit


VERANDERING = ("nu", "vorig", "panel_nu", "panel_vorig")


def beste(soort: str, lijst: list[Kandidaat]) -> list[Kandidaat]:
    """De kandidaten voor een soort, de beste eerst (bij gelijke stand: volgorde in het codeboek)."""
    if soort in ("meest", "minst"):
        geldig = [k for k in lijst if k.heeft("nu")]
        teken = -1 if soort == "meest" else 1
        return sorted(geldig, key=lambda k: (teken * k.waarde("pct"), k.volgorde))
    geldig = [k for k in lijst if k.heeft(*VERANDERING)]
    veld, teken = {
        "stijging_panel": ("panel_verschil", -1),
        "daling_panel": ("panel_verschil", 1),
        "stijging_totaal": ("verschil", -1),
        "daling_totaal": ("verschil", 1),
        "verschil": ("afwijking", None),
    }[soort]
    if teken is None:
        return sorted(geldig, key=lambda k: (-abs(k.waarde(veld)), k.volgorde))
    return sorted(geldig, key=lambda k: (teken * k.waarde(veld), k.volgorde))


class Bevindingkiezer:
    def __init__(self, c: Overzichtscijfers, teksten: Overzichtteksten):
        self.c = c
        self.t = teksten
        self.kandidaten = kandidaten(c)
        self.jaren = {
            "nu": (c.jaar, "totaal"),
            "vorig": (c.vorig_jaar, "totaal"),
            "panel_nu": (c.jaar, "panel"),
            "panel_vorig": (c.vorig_jaar, "panel"),
        }
        b = teksten.bevindingen
        self.algemeen = {
            "drempel": b.drempel,
            "verschil_drempel": b.verschil_drempel,
            "panel": len(c.panel_leden),
            "jaar": c.jaar,
            "vorig_jaar": c.vorig_jaar or "",
        }
        bekend = bekende_velden()
        for regel in b.samenvatting + b.paragraaf:
            regel.controleer(bekend)

    def _kies(self, regels: list[Bevindingregel], soort: str, k: Kandidaat, deel: str) -> Bevinding | None:
        getallen, tekst = self.velden_van(k)
        for regel in regels:
            if regel.soort != soort or not regel.namen <= set(getallen) | set(tekst):
                continue
            if regel.geldt(getallen):
                context = {**getallen, **tekst}
                return Bevinding(
                    deel=deel,
                    regel=regel.id,
                    tekst=regel.vul_in(context),
                    kop=regel.vul_kop_in(context),
                    cijfers=k.sleutels(regel.namen, self.jaren),
                )
        return None

    def velden_van(self, k: Kandidaat) -> tuple[dict, dict]:
        getallen, tekst = k.velden(self.algemeen)
        tekst["onderdeel"] = self.c.codeboek(self.c.jaar).onderdelen[k.onderdeel]
        tekst["drempel"] = getal(self.algemeen["drempel"])
        tekst["verschil_drempel"] = getal(self.algemeen["verschil_drempel"])
        return getallen, tekst

    def samenvatting(self) -> list[Bevinding]:
        b = self.t.bevindingen
        uit: list[Bevinding] = []
        gebruikt: set[str] = set()
        rangen = {s: beste(s, self.kandidaten) for s in b.samenvatting_volgorde}
        # Eerst per soort de beste; is dat te weinig, dan per soort de volgende, tot het minimum.
        for ronde in range(len(self.kandidaten)):
            for soort in b.samenvatting_volgorde:
                if len(uit) >= (b.samenvatting_max if ronde == 0 else b.samenvatting_min):
                    return uit
                vrij = [k for k in rangen[soort] if k.vraag.id not in gebruikt]
                if not vrij:
                    continue
                gekozen = self._kies(b.samenvatting, soort, vrij[0], "samenvatting")
                rangen[soort] = vrij[1:]
                if gekozen is not None:
                    uit.append(gekozen)
                    gebruikt.add(vrij[0].vraag.id)
            if ronde > 0 and not any(rangen.values()):
                break
        return uit

    def paragraaf(self, onderdeel: str) -> list[Bevinding]:
        b = self.t.bevindingen
        lijst = [k for k in self.kandidaten if k.onderdeel == onderdeel]
        uit = []
        for soort in b.paragraaf_volgorde:
            rang = beste(soort, lijst)
            if rang and (gekozen := self._kies(b.paragraaf, soort, rang[0], onderdeel)) is not None:
                uit.append(gekozen)
        return uit


def _controlegetal(pad: Path) -> str:
    return hashlib.sha256(Path(pad).read_bytes()).hexdigest()[:12] if Path(pad).is_file() else "ontbreekt"


def _map_controlegetal(map_: Path) -> str:
    h = hashlib.sha256()
    for pad in sorted(Path(map_).glob("*.yml")):
        h.update(pad.name.encode() + b"\0" + pad.read_bytes())
    return h.hexdigest()[:12]


def colofon(c: Overzichtscijfers, namen: dict[Path, str]) -> Colofon:
    p = c.params
    basis = Path(os.path.commonpath([Path(k).parent for k in namen])) if namen else None

    def naam(pad: Path) -> str:
        if pad in namen:
            return namen[pad]
        return Path(os.path.relpath(pad, basis)).as_posix() if basis else Path(pad).name

    geen = "geen datum in het bestand"
    bronnen = []
    for jaar in p.jaren:
        bron = p.bronnen[jaar]
        begin, eind = c.periode[jaar]
        bronnen += [
            Bron(
                naam(bron.antwoorden),
                f"ingediend {datum(begin)} tot en met {datum(eind)}",
                _controlegetal(bron.antwoorden),
            ),
            Bron(naam(bron.codeboek), f"codeboek {jaar} ({geen})", _controlegetal(bron.codeboek)),
            Bron(naam(bron.uitnodigingen), f"meting {jaar} ({geen})", _controlegetal(bron.uitnodigingen)),
            Bron(naam(bron.gemeenten), f"indeling {jaar} ({geen})", _controlegetal(bron.gemeenten)),
        ]
    if p.herindelingen is not None:
        bronnen.append(Bron(naam(p.herindelingen), f"herindelingen ({geen})", _controlegetal(p.herindelingen)))
    if p.gemeentegrenzen is not None:
        bronnen.append(
            Bron(naam(p.gemeentegrenzen), f"gemeentegrenzen, kaart ({geen})", _controlegetal(p.gemeentegrenzen))
        )
    return Colofon(
        jaar=c.jaar,
        vorig_jaar=c.vorig_jaar,
        panel=len(c.panel_leden),
        onderdrukking_minimum=p.onderdrukking_minimum,
        bronnen=bronnen,
        regels_versie=_map_controlegetal(REGELS),
        code_versie=__version__,
    )


def zinnen_als_bevindingen(zinnen: list[Zin], deel: str) -> list[Bevinding]:
    return [Bevinding(deel=deel, regel=z.regel, tekst=z.tekst) for z in zinnen]


def bereken_inhoud(c: Overzichtscijfers, respons: list[Zin], inleiding: list[Zin], namen: dict) -> OverzichtInhoud:
    teksten = laad_overzichtteksten(TEKSTEN)
    kiezer = Bevindingkiezer(c, teksten)
    onderdelen = dict(c.codeboek(c.jaar).onderdelen)
    return OverzichtInhoud(
        respons=zinnen_als_bevindingen(respons, "respons"),
        samenvatting_inleiding=zinnen_als_bevindingen(inleiding, "samenvatting"),
        samenvatting=kiezer.samenvatting(),
        paragrafen={o: kiezer.paragraaf(o) for o in onderdelen},
        colofon=colofon(c, namen),
        onderdelen=onderdelen,
    )
