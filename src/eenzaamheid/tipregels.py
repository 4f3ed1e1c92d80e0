"""De tipcatalogus (`rules/tips.yml`) en het materiaal (`rules/materiaal.yml`), bij het laden gecontroleerd.

Een tip heeft een id, het onderdeel waar hij bij hoort, een voorwaarde (`als`) en een reden
('U gaf aan dat …') in de regeltaal van `inlezen/regeltaal.py`, een prioriteit (1 = eerst), een
korte tekst en een verwijzing naar materiaal. Elke fout (ontbrekend of onbekend veld, onleesbare
voorwaarde, onbekende vraag, rij, optie of materiaal) is een Nederlandse melding met bestand,
tip-id en regelnummer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .config import REGELS
from .fouten import InvoerFout
from .inlezen.regeltaal import Plek, Sjabloon, Voorwaarde, controleer, regelnummers, suggestie
from .inlezen.yamlbestand import lees_yaml

MATERIAAL = REGELS / "materiaal.yml"
TIPS = REGELS / "tips.yml"
_ID = re.compile(r"^[a-z0-9_]+$")
_ADRES = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?$")
# Cijfers horen uit de antwoorden te komen, niet uit de tekst van de regel ('75-plussers' mag wel).
_CIJFER_BUITEN_VELD = re.compile(r"(?<![\w-])\d+(?:[.,]\d+)?(?![\w-])")


@dataclass(frozen=True)
class Materiaal:
    id: str
    naam: str
    beschrijving: str
    adres: str


@dataclass(frozen=True)
class Tipregel:
    id: str
    onderdeel: str
    prioriteit: int
    tekst: Sjabloon
    reden: Sjabloon
    materiaal: str
    als: Voorwaarde | None
    zeldzaam: bool
    volgorde: int  # plaats in de catalogus: bij gelijke prioriteit eerst
    onderdeel_plek: Plek  # voor de melding bij een onbekend onderdeel (pas te controleren met het codeboek)

    def geldt(self, context: Mapping) -> bool:
        return self.als is None or self.als.geldt(context)


@dataclass(frozen=True)
class Tipcatalogus:
    bestand: Path
    tips: tuple[Tipregel, ...]
    materiaal: Mapping[str, Materiaal]


def _lijst(pad: Path, sleutel: str) -> list:
    gegevens = lees_yaml(pad)
    if not isinstance(gegevens, dict) or not isinstance(gegevens.get(sleutel), list | dict):
        raise InvoerFout(pad, f"verwacht bovenaan '{sleutel}:' met daaronder de regels")
    return gegevens[sleutel]


def _velden(pad: Path, regel_id: str, regel: int | None, gegevens: object, verplicht: set, mogelijk: set) -> dict:
    plek = Plek(pad, regel_id, regel, "velden")
    if not isinstance(gegevens, dict):
        raise plek.fout("verwacht velden als 'sleutel: waarde'")
    ontbreekt = sorted(verplicht - set(gegevens))
    if ontbreekt:
        raise plek.fout(f"veld '{ontbreekt[0]}' ontbreekt (verplicht: {', '.join(sorted(verplicht))})")
    for sleutel in sorted(set(gegevens) - mogelijk):
        raise plek.fout(f"onbekend veld '{sleutel}'{suggestie(sleutel, mogelijk)}")
    return gegevens


@cache
def laad_materiaal(pad: Path = MATERIAAL) -> dict[str, Materiaal]:
    pad = Path(pad)
    nummers = regelnummers(pad)
    items = _lijst(pad, "materiaal")
    if not isinstance(items, dict):
        raise InvoerFout(pad, "verwacht onder 'materiaal:' per id de velden naam, beschrijving en adres")
    uit = {}
    for mid, gegevens in items.items():
        regel = nummers.get(("materiaal", mid))
        if not _ID.fullmatch(str(mid)):
            raise InvoerFout(pad, f"materiaal-id '{mid}' mag alleen kleine letters, cijfers en _ bevatten", regel=regel)
        velden = _velden(
            pad, mid, regel, gegevens, {"naam", "beschrijving", "adres"}, {"naam", "beschrijving", "adres"}
        )
        if not _ADRES.fullmatch(str(velden["adres"])):
            raise Plek(pad, mid, nummers.get(("materiaal", mid, "adres")), "adres").fout(
                f"'{velden['adres']}' is geen webadres dat met https:// begint"
            )
        uit[str(mid)] = Materiaal(str(mid), str(velden["naam"]), str(velden["beschrijving"]), str(velden["adres"]))
    return uit


VERPLICHT = {"id", "onderdeel", "als", "prioriteit", "tekst", "reden", "materiaal"}
MOGELIJK = VERPLICHT | {"zeldzaam"}


def lees_tips(pad: Path, materiaal: Mapping[str, Materiaal]) -> Tipcatalogus:
    """Lezen en ontleden; namen en opties controleert `controleer_tips` tegen het codeboek van het jaar."""
    pad = Path(pad)
    nummers = regelnummers(pad)
    items = _lijst(pad, "tips")
    if not isinstance(items, list):
        raise InvoerFout(pad, "verwacht onder 'tips:' een lijst tips (elk met '- id: ...')")
    tips, gezien = [], set()
    for i, gegevens in enumerate(items):
        regel = nummers.get(("tips", i))
        tid = str(gegevens.get("id", f"nummer {i + 1}")) if isinstance(gegevens, dict) else f"nummer {i + 1}"
        velden = _velden(pad, tid, regel, gegevens, VERPLICHT, MOGELIJK)
        if not _ID.fullmatch(tid):
            raise Plek(pad, tid, regel, "id").fout("een id heeft alleen kleine letters, cijfers en _")
        if tid in gezien:
            raise Plek(pad, tid, regel, "id").fout("deze id komt twee keer voor")
        gezien.add(tid)

        def plek(veld: str, tid: str = tid, i: int = i, regel: int | None = regel) -> Plek:
            return Plek(pad, tid, nummers.get(("tips", i, veld), regel), veld)

        prioriteit = velden["prioriteit"]
        if not isinstance(prioriteit, int) or isinstance(prioriteit, bool) or not 1 <= prioriteit <= 9:
            raise plek("prioriteit").fout(f"prioriteit is een heel getal van 1 (eerst) tot 9, niet '{prioriteit}'")
        if velden["materiaal"] not in materiaal:
            raise plek("materiaal").fout(
                f"onbekend materiaal '{velden['materiaal']}'{suggestie(str(velden['materiaal']), materiaal)}"
            )
        reden = str(velden["reden"]).strip()
        if not reden.startswith("U gaf aan dat"):
            raise plek("reden").fout("een reden begint met 'U gaf aan dat …'")
        for veld in ("tekst", "reden"):
            buiten = re.sub(r"\{\{.*?\}\}", "", str(velden[veld]))
            if _CIJFER_BUITEN_VELD.search(buiten):
                raise plek(veld).fout("geen getallen in de tekst zelf; een getal komt uit de antwoorden, tussen {{ }}")
        zeldzaam = velden.get("zeldzaam", False)
        if not isinstance(zeldzaam, bool):
            raise plek("zeldzaam").fout("zeldzaam is true of false")
        tips.append(
            Tipregel(
                id=tid,
                onderdeel=str(velden["onderdeel"]),
                prioriteit=prioriteit,
                tekst=Sjabloon.ontleed(str(velden["tekst"]).strip(), plek("tekst")),
                reden=Sjabloon.ontleed(reden, plek("reden")),
                materiaal=str(velden["materiaal"]),
                als=Voorwaarde.ontleed(velden["als"], plek("als")),
                zeldzaam=zeldzaam,
                volgorde=i,
                onderdeel_plek=plek("onderdeel"),
            )
        )
    return Tipcatalogus(pad, tuple(tips), materiaal)


def controleer_tips(catalogus: Tipcatalogus, onderdelen: Mapping[str, str], bekend: Mapping) -> None:
    """Elk onderdeel bestaat in het codeboek; elke naam en optiecode in als, tekst en reden ook."""
    for tip in catalogus.tips:
        if tip.onderdeel not in onderdelen:
            raise tip.onderdeel_plek.fout(f"onbekend onderdeel '{tip.onderdeel}'{suggestie(tip.onderdeel, onderdelen)}")
        for expressie in (tip.als, tip.tekst, tip.reden):
            if expressie is not None:
                controleer(expressie, bekend)


@cache
def laad_tips(pad: Path = TIPS, materiaal_pad: Path = MATERIAAL) -> Tipcatalogus:
    return lees_tips(Path(pad), laad_materiaal(Path(materiaal_pad)))
