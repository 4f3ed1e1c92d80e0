"""Wat een lezer (één gemeente of twee samen) uit de gepubliceerde groepscijfers van één tabel kan afleiden.

Gedeeld door de onderdrukking (`openbaarmaking`) en de controle (`controleren.openbaarmaking`):
dezelfde aanvaller, zodat wat de onderdrukking veilig noemt ook is wat de controle toetst.

Een groepsuitspraak is geen onthulling: staat er dat *alle* leden van een gepubliceerde groep een
optie kozen (aantal = aantal leden), of dat niemand antwoordde (n = 0), dan zegt het cijfer dat over
iedereen in die groep, zoals het landelijke cijfer dat doet. Een onthulling is een feit over een
andere gemeente dat de lezer alleen door combineren (eigen antwoord, overlappende groepen,
aanvullingen, exclusieve opties) zeker weet.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .aanvaller import Vergelijking, Vorm, gedwongen, oplossing

Antwoord = tuple[bool, frozenset]  # (beantwoord, gekozen opties)


@dataclass(frozen=True)
class Cijfer:
    """De gepubliceerde cijfers van één groep in één tabel; None = niet getoond."""

    n: int | None
    aantal: tuple[tuple[str, int | None], ...]

    def getoond(self) -> bool:
        return self.n is not None or any(w is not None for _, w in self.aantal)


@dataclass(frozen=True)
class Bevinding:
    kijkers: tuple[str, ...]
    gemeenten: tuple[str, ...]  # de gemeenten waarover het feit gedwongen is (één cel)
    soort: str  # gekozen | niet_beantwoord | niet_gekozen
    optie: str | None
    groepen: tuple  # de zichtbare groepen met getoonde cijfers die samen het feit dwingen


_cache: dict = {}


def bevindingen(
    vorm: Vorm,
    leden: dict[tuple, frozenset],
    cijfers: dict[tuple, Cijfer],
    zichtbaar: list[tuple],
    kijkers: tuple[str, ...],
    antwoorden: dict[str, Antwoord],
    eenheden: list[str],
) -> list[Bevinding]:
    """Gedwongen feiten over andere gemeenten voor `kijkers` die `zichtbaar` zien (met eigen antwoorden)."""
    zichtbaar = [g for g in zichtbaar if g in cijfers and cijfers[g].getoond()]
    kijk = set(kijkers)
    cellen: dict[tuple, list[str]] = defaultdict(list)
    for u in eenheden:
        if u not in kijk:
            cellen[tuple(u in leden[g] for g in zichtbaar)].append(u)
    handtekeningen = sorted(cellen)
    groottes = [len(cellen[h]) for h in handtekeningen]
    vergelijkingen = []
    for gi, g in enumerate(zichtbaar):
        binnen = tuple(c for c, h in enumerate(handtekeningen) if h[gi])
        eigen = [antwoorden[u] for u in kijkers if u in leden[g]]
        c = cijfers[g]
        if c.n is not None:
            vergelijkingen.append(Vergelijking(binnen, None, c.n - sum(b for b, _ in eigen)))
        for o, w in c.aantal:
            if w is not None:
                vergelijkingen.append(Vergelijking(binnen, o, w - sum(o in k for _, k in eigen)))
    feiten = []
    for c, h in enumerate(handtekeningen):
        # Alleen wat echt voor de hele cel geldt kan gedwongen zijn (de echte antwoorden zijn een oplossing).
        echt = [antwoorden[u] for u in cellen[h]]
        if not any(b for b, _ in echt):
            feiten.append((c, "niet_beantwoord", None))
        for o in vorm.opties:
            if all(o in k for _, k in echt):
                feiten.append((c, "gekozen", o))
            elif vorm.meer and all(b and o not in k for b, k in echt):
                feiten.append((c, "niet_gekozen", o))
        feiten = [f for f in feiten if not _groepsuitspraak(f, h, zichtbaar, leden, cijfers)]
    if not feiten:
        return []
    sleutel = (vorm, tuple(groottes), tuple(vergelijkingen), tuple(feiten))
    if sleutel not in _cache:
        tellingen = []
        for h in handtekeningen:
            echt = [antwoorden[u] for u in cellen[h]]
            tellingen.append(
                (sum(b for b, _ in echt), {o: sum(o in k for _, k in echt) for o in vorm.opties})
            )
        _cache[sleutel] = gedwongen(vorm, groottes, vergelijkingen, feiten, oplossing(vorm, groottes, tellingen))
    uit = []
    for c, soort, o in _cache[sleutel]:
        h = handtekeningen[c]
        uit.append(Bevinding(kijkers, tuple(cellen[h]), soort, o, tuple(zichtbaar)))
    return uit


def _groepsuitspraak(feit, handtekening, zichtbaar, leden, cijfers) -> bool:
    _, soort, o = feit
    for gi, g in enumerate(zichtbaar):
        if not handtekening[gi]:
            continue
        c, m = cijfers[g], len(leden[g])
        aantal = dict(c.aantal)
        if soort == "gekozen" and aantal.get(o) == m:
            return True
        if soort == "niet_beantwoord" and c.n == 0:
            return True
        if soort == "niet_gekozen" and c.n == m and aantal.get(o) == 0:
            return True
    return False
