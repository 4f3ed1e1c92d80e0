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

from dataclasses import dataclass

import numpy as np

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


def kosten(vorm: Vorm) -> int:
    """Ruwe maat voor wat één tabel de aanvaller kost: een vraag met veel opties en meer antwoorden
    per gemeente (zoals 'uitdagingen') kost op een landelijke run tientallen seconden, een ja/nee-vraag
    een fractie daarvan."""
    return len(vorm.opties) * (4 if vorm.meer else 1)


def grootste_eerst(pool, functie, taken: list, gewichten: list[int]) -> list:
    """`pool.map(functie, taken)` met de duurste taak eerst (anders staat de langste als laatste op één
    core te rekenen), en de uitkomsten weer in de volgorde van `taken`: dezelfde uitkomst als na elkaar."""
    volgorde = sorted(range(len(taken)), key=lambda i: (-gewichten[i], i))
    uitkomsten = dict(zip(volgorde, pool.map(functie, [taken[i] for i in volgorde])))
    return [uitkomsten[i] for i in range(len(taken))]


_cache: dict = {}
_lid_cache: dict = {}
_antwoord_cache: dict = {}


def _lidmaatschap(leden: dict, eenheden: list[str]):
    """Eén keer per groepsindeling: gemeente × groep als booleaanse matrix."""
    hit = _lid_cache.get(id(leden))
    if hit is None or hit[0] is not leden or hit[1] != eenheden:
        groepen = list(leden)
        pos = {u: i for i, u in enumerate(eenheden)}
        matrix = np.zeros((len(eenheden), len(groepen)), dtype=bool)
        for j, g in enumerate(groepen):
            matrix[[pos[u] for u in leden[g] if u in pos], j] = True
        hit = (leden, list(eenheden), {g: j for j, g in enumerate(groepen)}, pos, matrix)
        _lid_cache[id(leden)] = hit
    return hit


def _patronen(antwoorden: dict, eenheden: list[str]):
    """Eén keer per tabel: elk voorkomend antwoord een nummer, per gemeente het nummer."""
    hit = _antwoord_cache.get(id(antwoorden))
    if hit is None or hit[0] is not antwoorden or hit[1] != eenheden:
        lijst: list = []
        nummer: dict = {}
        ids = np.zeros(len(eenheden), dtype=np.int64)
        for i, u in enumerate(eenheden):
            a = antwoorden.get(u, (False, frozenset()))
            if a not in nummer:
                nummer[a] = len(lijst)
                lijst.append(a)
            ids[i] = nummer[a]
        hit = (antwoorden, list(eenheden), lijst, ids)
        _antwoord_cache[id(antwoorden)] = hit
    return hit


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
    _, _, gindex, pos, matrix = _lidmaatschap(leden, eenheden)
    _, _, patronen, ids = _patronen(antwoorden, eenheden)
    houden = np.ones(len(eenheden), dtype=bool)
    houden[[pos[u] for u in kijkers]] = False
    deel = matrix[houden][:, [gindex[g] for g in zichtbaar]]
    if zichtbaar:
        uniek, cel_van = np.unique(deel, axis=0, return_inverse=True)
        cel_van = cel_van.reshape(-1)
    else:
        uniek, cel_van = np.zeros((1, 0), dtype=bool), np.zeros(int(houden.sum()), dtype=np.int64)
    handtekeningen = [tuple(bool(x) for x in rij) for rij in uniek]
    telling = np.zeros((len(handtekeningen), len(patronen)), dtype=np.int64)
    np.add.at(telling, (cel_van, ids[houden]), 1)
    groottes = [int(x) for x in telling.sum(axis=1)]
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
    per_cel = [[patronen[p] for p in np.nonzero(telling[c])[0]] for c in range(len(handtekeningen))]
    feiten = []
    for c, h in enumerate(handtekeningen):
        # Alleen wat echt voor de hele cel geldt kan gedwongen zijn (de echte antwoorden zijn een oplossing).
        echt = per_cel[c]
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
        feiten = _zonder_ruil(feiten, uniek, telling, patronen, zichtbaar, cijfers)
    if not feiten:
        return []
    sleutel = (vorm, tuple(groottes), tuple(vergelijkingen), tuple(feiten))
    if sleutel not in _cache:
        tellingen = []
        for c in range(len(handtekeningen)):
            aantal = {p: int(telling[c, i]) for i, p in enumerate(patronen) if telling[c, i]}
            tellingen.append(
                (
                    sum(w for (b, _), w in aantal.items() if b),
                    {o: sum(w for (_, k), w in aantal.items() if o in k) for o in vorm.opties},
                )
            )
        _cache[sleutel] = gedwongen(vorm, groottes, vergelijkingen, feiten, oplossing(vorm, groottes, tellingen))
    uit = []
    overigen = [u for u, h in zip(eenheden, houden) if h]
    for c, soort, o in _cache[sleutel]:
        wie = tuple(u for u, cv in zip(overigen, cel_van) if cv == c)
        uit.append(Bevinding(kijkers, wie, soort, o, tuple(zichtbaar)))
    return uit


def alleen_landelijk(
    b: Bevinding, vorm: Vorm, leden, cijfers, antwoorden, eenheden: list[str], landelijk: tuple
) -> bool:
    """Ligt het feit over elk van deze gemeenten al vast met alleen het landelijke cijfer (dat compleet blijft)?"""
    basis = bevindingen(vorm, leden, cijfers, [landelijk], b.kijkers, antwoorden, eenheden)
    vast = {(u, x.soort, x.optie) for x in basis for u in x.gemeenten}
    return all((u, b.soort, b.optie) in vast for u in b.gemeenten)


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


def _zonder_ruil(feiten, uniek, telling, patronen, zichtbaar, cijfers):
    """Laat feiten vallen waarvoor een ruil van antwoorden alle getoonde cijfers gelijk laat.

    Snelle, exacte uitsluiting vóór het model: een gevonden ruil is een echte andere oplossing.
    Twee gemeenten ruilen (x: α→β, y: β→α), of vier in een rechthoek (x, w: α→β; y, z: β→α) zoals
    in een tabel provincie × grootteklasse; de som per groep blijft gelijk als de handtekeningen op
    de groepen die het verschil tussen α en β zien, optellen tot nul.
    """
    toont_n = np.array([cijfers[g].n is not None for g in zichtbaar], dtype=bool)
    toont = [{o for o, w in cijfers[g].aantal if w is not None} for g in zichtbaar]
    handtekening = uniek.astype(np.int64)
    aanwezig = [i for i in range(len(patronen)) if telling[:, i].any()]
    blijft = []
    for feit in feiten:
        c1 = feit[0]
        gevonden = False
        for ai in np.nonzero(telling[c1])[0]:
            alfa = patronen[ai]
            for bi in aanwezig:
                beta = patronen[bi]
                if _heeft(feit, beta):
                    continue
                verschil = alfa[1] ^ beta[1]
                ziet = np.array(
                    [bool(verschil & t) or (alfa[0] != beta[0] and n) for t, n in zip(toont, toont_n)], dtype=bool
                )
                sig = handtekening[:, ziet]
                met_beta = np.nonzero(telling[:, bi])[0]
                if (sig[met_beta] == sig[c1]).all(axis=1).any():
                    gevonden = True
                    break
                met_alfa = [c4 for c4 in np.nonzero(telling[:, ai])[0] if c4 != c1 or telling[c1, ai] >= 2]
                links = {(sig[c1] + sig[c4]).tobytes() for c4 in met_alfa}
                if not links:
                    continue
                b = sig[met_beta]
                sommen = b[:, None, :] + b[None, :, :]
                for i in range(len(met_beta)):
                    for j in range(i, len(met_beta)):
                        if i == j and telling[met_beta[i], bi] < 2:
                            continue
                        if sommen[i, j].tobytes() in links:
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
