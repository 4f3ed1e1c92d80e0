"""Tips uit de antwoorden: welke tips gelden voor een gemeente, en welke de factsheet toont.

Getoond worden ten hoogste `maximum` tips (parameter `tips_maximum`), de hoogste prioriteit eerst
(1 vóór 2), ten hoogste twee per onderdeel; bij gelijke prioriteit telt de volgorde in de catalogus.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from ..tipregels import Tipcatalogus

PER_ONDERDEEL = 2


@dataclass(frozen=True)
class Tip:
    id: str
    onderdeel: str
    prioriteit: int
    tekst: str
    reden: str
    materiaal: str  # naam
    materiaal_id: str
    beschrijving: str
    adres: str
    volgorde: int
    getoond: bool = False


def gevuurde_tips(catalogus: Tipcatalogus, context: Mapping) -> list[Tip]:
    uit = []
    for regel in catalogus.tips:
        if not regel.geldt(context):
            continue
        materiaal = catalogus.materiaal[regel.materiaal]
        uit.append(
            Tip(
                id=regel.id,
                onderdeel=regel.onderdeel,
                prioriteit=regel.prioriteit,
                tekst=regel.tekst.vul_in(context).strip(),
                reden=regel.reden.vul_in(context).strip(),
                materiaal=materiaal.naam,
                materiaal_id=materiaal.id,
                beschrijving=materiaal.beschrijving,
                adres=materiaal.adres,
                volgorde=regel.volgorde,
            )
        )
    return uit


def kies_tips(tips: Iterable[Tip], maximum: int, per_onderdeel: int = PER_ONDERDEEL) -> list[Tip]:
    """Alle gevuurde tips in volgorde van tonen; `getoond` zegt welke de factsheet laat zien."""
    volgorde = sorted(tips, key=lambda t: (t.prioriteit, t.volgorde, t.id))
    per_deel: Counter[str] = Counter()
    getoond = 0
    uit = []
    for tip in volgorde:
        tonen = getoond < maximum and per_deel[tip.onderdeel] < per_onderdeel
        if tonen:
            getoond += 1
            per_deel[tip.onderdeel] += 1
        uit.append(replace(tip, getoond=tonen))
    return uit


def tips_voor(catalogus: Tipcatalogus, context: Mapping, maximum: int) -> list[Tip]:
    return kies_tips(gevuurde_tips(catalogus, context), maximum)
