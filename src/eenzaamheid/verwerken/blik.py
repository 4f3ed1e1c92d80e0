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
        hier = []
        if not any(b for b, _ in echt):
            hier.append((c, "niet_beantwoord", None))
        for o in vorm.opties:
            if all(o in k for _, k in echt):
                hier.append((c, "gekozen", o))
            elif vorm.meer and all(b and o not in k for b, k in echt):
                hier.append((c, "niet_gekozen", o))
        feiten += [f for f in hier if not _groepsuitspraak(f, h, zichtbaar, leden, cijfers)]
    if feiten:
        feiten = _zonder_ruil(feiten, vorm, handtekeningen, cellen, antwoorden, zichtbaar, cijfers)
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


def _heeft(feit, antwoord: Antwoord) -> bool:
    _, soort, o = feit
    beantwoord, gekozen = antwoord
    if soort == "niet_beantwoord":
        return not beantwoord
    if soort == "gekozen":
        return o in gekozen
    return beantwoord and o not in gekozen


def _zonder_ruil(feiten, vorm, handtekeningen, cellen, antwoorden, zichtbaar, cijfers):
    """Laat feiten vallen waarvoor een ruil van antwoorden alle getoonde cijfers gelijk laat.

    Snelle, exacte uitsluiting vóór het model: een gevonden ruil is een echte andere oplossing.
    Twee gemeenten ruilen (x: α→β, y: β→α), of vier in een rechthoek (x, w: α→β; y, z: β→α) zoals
    in een tabel provincie × grootteklasse; de som per groep blijft gelijk als de handtekeningen op
    de groepen die het verschil tussen α en β zien, optellen tot nul.
    """
    patronen = [defaultdict(int) for _ in handtekeningen]
    for c, h in enumerate(handtekeningen):
        for u in cellen[h]:
            patronen[c][antwoorden[u]] += 1
    toont_n = [cijfers[g].n is not None for g in zichtbaar]
    toont = [{o for o, w in cijfers[g].aantal if w is not None} for g in zichtbaar]
    alle_patronen = {p for per in patronen for p in per}
    blijft = []
    for feit in feiten:
        c1 = feit[0]
        gevonden = False
        for alfa in list(patronen[c1]):
            for beta in alle_patronen:
                if _heeft(feit, beta):
                    continue
                verschil = set(alfa[1] ^ beta[1])
                ziet = [
                    gi
                    for gi in range(len(zichtbaar))
                    if (verschil & toont[gi]) or (alfa[0] != beta[0] and toont_n[gi])
                ]

                def sig(c):
                    return tuple(int(handtekeningen[c][gi]) for gi in ziet)

                met_beta = [c for c in range(len(handtekeningen)) if patronen[c].get(beta, 0)]
                if any(sig(c2) == sig(c1) for c2 in met_beta):
                    gevonden = True
                    break
                links = set()
                for c4 in range(len(handtekeningen)):
                    nodig = 2 if c4 == c1 else 1
                    if patronen[c4].get(alfa, 0) >= nodig:
                        links.add(tuple(a + b for a, b in zip(sig(c1), sig(c4))))
                for i, c2 in enumerate(met_beta):
                    for c3 in met_beta[i:]:
                        if c3 == c2 and patronen[c2][beta] < 2:
                            continue
                        if tuple(a + b for a, b in zip(sig(c2), sig(c3))) in links:
                            gevonden = True
                            break
                    if gevonden:
                        break
                if gevonden:
                    break
            if gevonden:
                break
        if not gevonden:
            blijft.append(feit)
    return blijft
