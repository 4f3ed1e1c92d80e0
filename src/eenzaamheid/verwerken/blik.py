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
_cel_cache: dict = {}


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
        _cel_cache.clear()
    return hit


def _cellen(leden: dict, eenheden: list[str], zichtbaar: list[tuple]):
    """Eén keer per groepsindeling en zichtbare groepen: de verschillende handtekeningen (gesorteerd, zoals
    `np.unique`) en per gemeente haar cel. Een lezer laat hieruit alleen de cellen vallen die zonder de
    lezers leeg zijn; de volgorde van de rest blijft, dus het model is hetzelfde als bij opnieuw tellen."""
    sleutel = (id(leden), tuple(zichtbaar))
    hit = _cel_cache.get(sleutel)
    if hit is None:
        _, _, gindex, _, matrix = _lidmaatschap(leden, eenheden)
        if zichtbaar:
            uniek, cel_van = np.unique(matrix[:, [gindex[g] for g in zichtbaar]], axis=0, return_inverse=True)
            cel_van = cel_van.reshape(-1)
        else:
            uniek, cel_van = np.zeros((1, 0), dtype=bool), np.zeros(len(eenheden), dtype=np.int64)
        hit = (uniek, cel_van)
        _cel_cache[sleutel] = hit
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


def _keuzes(antwoorden: dict, eenheden: list[str], opties: tuple[str, ...]):
    """Per voorkomend antwoord (in de volgorde van `_patronen`): welke opties gekozen, en of beantwoord."""
    _, _, patronen, _ = _patronen(antwoorden, eenheden)
    hit = _antwoord_cache.get((id(antwoorden), opties))
    if hit is None or hit[0] is not patronen:
        keuzes = np.array([[o in k for o in opties] for _, k in patronen], dtype=np.int64).reshape(-1, len(opties))
        hit = (patronen, keuzes, np.array([b for b, _ in patronen], dtype=np.int64))
        _antwoord_cache[(id(antwoorden), opties)] = hit
    return hit[1], hit[2]


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
    _, _, _, pos, _ = _lidmaatschap(leden, eenheden)
    _, _, patronen, ids = _patronen(antwoorden, eenheden)
    alle_cellen, cel_van_alle = _cellen(leden, eenheden, zichtbaar)
    houden = np.ones(len(eenheden), dtype=bool)
    houden[[pos[u] for u in kijkers]] = False
    p = len(patronen)
    telling = np.bincount(cel_van_alle[houden] * p + ids[houden], minlength=len(alle_cellen) * p).reshape(-1, p)
    bezet = telling.any(axis=1)
    uniek, telling = alle_cellen[bezet], telling[bezet]
    cel_van = (np.cumsum(bezet) - 1)[cel_van_alle[houden]]
    groottes_ = telling.sum(axis=1)
    groottes = groottes_.tolist()
    vergelijkingen = []
    for gi, g in enumerate(zichtbaar):
        binnen = tuple(np.nonzero(uniek[:, gi])[0].tolist())
        eigen = [antwoorden[u] for u in kijkers if u in leden[g]]
        c = cijfers[g]
        if c.n is not None:
            vergelijkingen.append(Vergelijking(binnen, None, c.n - sum(b for b, _ in eigen)))
        for o, w in c.aantal:
            if w is not None:
                vergelijkingen.append(Vergelijking(binnen, o, w - sum(o in k for _, k in eigen)))
    # Alleen wat echt voor de hele cel geldt kan gedwongen zijn (de echte antwoorden zijn een oplossing).
    keuzes, beantwoord = _keuzes(antwoorden, eenheden, vorm.opties)
    t = telling @ keuzes
    a = telling @ beantwoord
    iedereen = t == groottes_[:, None]
    niemand = (a == groottes_)[:, None] & (t == 0) & ~iedereen if vorm.meer else np.zeros_like(iedereen)
    feiten = []
    for c in np.nonzero((a == 0) | iedereen.any(axis=1) | niemand.any(axis=1))[0].tolist():
        hier = [(c, "niet_beantwoord", None)] if a[c] == 0 else []
        for oi, o in enumerate(vorm.opties):
            if iedereen[c, oi]:
                hier.append((c, "gekozen", o))
            elif niemand[c, oi]:
                hier.append((c, "niet_gekozen", o))
        feiten += [f for f in hier if not _groepsuitspraak(f, uniek[c], zichtbaar, leden, cijfers)]
    toont = _toont(vorm, zichtbaar, cijfers) if feiten else None
    if feiten and vorm.meer:
        feiten = _zonder_verschuiving(feiten, vorm, uniek, t, a, toont)
    if feiten:
        toont_n = np.array([cijfers[g].n is not None for g in zichtbaar], dtype=bool)
        feiten = _zonder_ruil(feiten, vorm, uniek, telling, keuzes, beantwoord, toont, toont_n)
    if not feiten:
        return []
    sleutel = (vorm, tuple(groottes), tuple(vergelijkingen), tuple(feiten))
    if sleutel not in _cache:
        tellingen = []
        for c in range(len(uniek)):
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


def _zonder_feit(feit, vorm: Vorm, keuzes, beantwoord) -> np.ndarray:
    """Per voorkomend antwoord: geldt het feit er níét voor?"""
    _, soort, o = feit
    if soort == "niet_beantwoord":
        return beantwoord == 1
    gekozen = keuzes[:, vorm.opties.index(o)] == 1
    if soort == "gekozen":
        return ~gekozen
    return (beantwoord == 0) | gekozen


def _toont(vorm: Vorm, zichtbaar: list[tuple], cijfers: dict[tuple, Cijfer]) -> np.ndarray:
    """Zichtbare groep × optie (in de volgorde van `vorm.opties`): 1 als het aantal getoond wordt."""
    toont = np.zeros((len(zichtbaar), len(vorm.opties)), dtype=np.int64)
    for gi, g in enumerate(zichtbaar):
        toont[gi, [vorm.opties.index(o) for o, w in cijfers[g].aantal if w is not None]] = 1
    return toont


def _zonder_verschuiving(feiten, vorm: Vorm, uniek, t, a, toont):
    """Bij meer antwoorden: laat feiten vallen die één keuze verschuiven weerlegt, zonder het model.

    Bij meer antwoorden staat elke gewone (niet-exclusieve) optie in het model los van de andere: per
    cel telt alleen dat haar aantal t tussen 0 en a − (exclusieve keuzes) blijft. Eén keuze van optie o
    gaat van cel c1 naar cel c2 (t₁ − 1, t₂ + 1) of terug, of in een rechthoek (c1 en c4 eraf, c2 en c3
    erbij), zonder dat een getoond cijfer verandert als de handtekeningen op de groepen die o tonen
    gelijk blijven (zelfde drietallige code als in `_zonder_ruil`). Zo'n verschuiving is een
    oplossing van het model waarin het feit niet geldt: exact, zoals `_zonder_ruil`."""
    opties = list(vorm.opties)
    gewoon = [o not in vorm.exclusief for o in opties]
    exclusief = t[:, [i for i, g in enumerate(gewoon) if not g]].sum(axis=1)
    ruimte = a[:, None] - exclusief[:, None] - t  # hoeveel keuzes van o een cel er nog bij kan hebben
    code = uniek.astype(np.int64) @ (toont * (3 ** np.arange(len(toont), dtype=np.int64))[:, None])
    n_cel = len(uniek)
    index = np.arange(n_cel)
    niet_zelf = ~np.eye(n_cel, dtype=bool)
    boven = np.triu(np.ones((n_cel, n_cel), dtype=bool), 1)

    blijft = []
    for feit in feiten:
        c1, soort, o = feit
        if soort == "niet_beantwoord":
            blijft.append(feit)
            continue
        oi = opties.index(o)
        k = code[:, oi]
        anders = index != c1
        if not gewoon[oi]:
            if not _exclusief_verschuifbaar(c1, oi, soort == "gekozen", t, a, exclusief, ruimte, code, gewoon):
                blijft.append(feit)
            continue
        if soort == "gekozen":
            # c1 staat een keuze af (t₁ = m ≥ 1); een cel met ruimte neemt haar over.
            bron, doel = t[:, oi].copy(), ruimte[:, oi].copy()
            bron[c1] -= 1
        else:
            # c1 (iedereen antwoordde, niemand koos o) neemt een keuze over, als ze ruimte heeft.
            if ruimte[c1, oi] < 1:
                if not _ruimte_maken(c1, oi, t, a, exclusief, ruimte, code, gewoon):
                    blijft.append(feit)
                continue
            bron, doel = ruimte[:, oi].copy(), t[:, oi].copy()
            bron[c1] -= 1
        # Twee cellen: c1 en een cel met dezelfde code die de andere kant opneemt.
        if (anders & (doel >= 1) & (k == k[c1])).any():
            continue
        # Rechthoek: c1 en c4 aan de ene kant, c2 en c3 (niet c1 of c4) aan de andere; [c4, c2, c3].
        vrij = anders & (doel >= 1)
        paar = vrij[:, None] & vrij[None, :] & (boven | np.diag(doel >= 2))
        som = k[:, None] + k[None, :]
        kan = (
            (bron >= 1)[:, None, None]
            & paar[None]
            & niet_zelf[:, :, None]
            & niet_zelf[:, None, :]
            & (som[None] == (k[c1] + k)[:, None, None])
        )
        gevonden = kan.any()
        if not gevonden:
            blijft.append(feit)
    return blijft


def _exclusief_verschuifbaar(c1, oi, c1_geeft, t, a, exclusief, ruimte, code, gewoon) -> bool:
    """Eén keuze van exclusieve optie e van cel `bron` naar cel `doel`, met c1 als bron (`c1_geeft`) of doel.

    Het doel heeft ruimte nodig (exclusieve keuzes < a); voor elke gewone optie die het doel al bij
    iedereen zonder exclusieve keuze heeft (ruimte 0) gaat tegelijk één keuze van die optie van het doel
    naar de bron, die door het verlies van e precies die ruimte krijgt. Geldig zonder dat een getoond
    cijfer verandert als bron en doel dezelfde code hebben op e en op elke meeverhuisde optie."""
    kandidaten = np.nonzero(np.arange(len(t)) != c1)[0]
    for c2 in kandidaten:
        bron, doel = (c1, c2) if c1_geeft else (c2, c1)
        if t[bron, oi] < 1 or exclusief[doel] >= a[doel] or code[bron, oi] != code[doel, oi]:
            continue
        mee = [i for i, g in enumerate(gewoon) if g and ruimte[doel, i] == 0]
        if all(code[bron, i] == code[doel, i] for i in mee):
            return True
    return False


def _ruimte_maken(c1, oi, t, a, exclusief, ruimte, code, gewoon) -> bool:
    """Kan c1, waar iedereen een exclusieve optie e koos, toch gewone optie o krijgen?

    Eén keuze van e gaat van c1 naar een cel c2 met ruimte en dezelfde code op e; elke gewone optie i
    die c2 al bij iedereen zonder exclusieve keuze heeft, gaat van c2 naar c1 (die door het verlies van
    e voor elke optie één plaats krijgt) of naar een andere cel met ruimte voor i, telkens met dezelfde
    code op i; en c1 krijgt o, uit c2 langs die weg, of van een cel die o heeft en dezelfde code op o."""
    cellen = np.arange(len(t))
    for e in [i for i, g in enumerate(gewoon) if not g and t[c1, i] >= 1]:
        for c2 in cellen[(cellen != c1) & (code[:, e] == code[c1, e]) & (exclusief < a)]:
            o_geregeld = False
            gelukt = True
            for i in [i for i, g in enumerate(gewoon) if g and ruimte[c2, i] == 0]:
                if code[c2, i] == code[c1, i]:
                    o_geregeld |= i == oi
                    continue
                if not ((cellen != c2) & (ruimte[:, i] >= 1) & (code[:, i] == code[c2, i])).any():
                    gelukt = False
                    break
            if not gelukt:
                continue
            if o_geregeld:
                return True
            # o gaat naar c1 van een cel die o heeft (c2 zelf kan, als zij o na het bovenstaande nog heeft).
            heeft_o = t[:, oi] - ((cellen == c2) & (ruimte[c2, oi] == 0))
            if ((cellen != c1) & (heeft_o >= 1) & (code[:, oi] == code[c1, oi])).any():
                return True
    return False


def _zonder_ruil(feiten, vorm: Vorm, uniek, telling, keuzes, beantwoord, toont, toont_n):
    """Laat feiten vallen waarvoor een ruil van antwoorden alle getoonde cijfers gelijk laat.

    Snelle, exacte uitsluiting vóór het model: een gevonden ruil is een echte andere oplossing.
    Twee gemeenten ruilen (x: α→β, y: β→α), of vier in een rechthoek (x, w: α→β; y, z: β→α) zoals
    in een tabel provincie × grootteklasse; de som per groep blijft gelijk als de handtekeningen op
    de groepen die het verschil tussen α en β zien, optellen tot nul.

    Rekenwijze: de handtekening van een cel op de groepen die het verschil zien, als getal met één
    cijfer per groep in het drietallig stelsel; de som van twee handtekeningen (cijfers 0, 1 of 2)
    heeft dan geen overdracht, zodat gelijke sommen gelijke getallen zijn. Zo gaan alle β voor één
    cel en één α tegelijk, en dienen ze elk feit over die cel.
    """
    macht = 3 ** np.arange(len(toont), dtype=np.int64)
    handtekening = uniek.astype(np.int64)
    aanwezig = telling.T > 0  # patroon × cel
    n_cel = len(uniek)
    boven = np.triu(np.ones((n_cel, n_cel), dtype=bool), 1)
    diagonaal = np.eye(n_cel, dtype=bool)
    twee_of_meer = telling.T >= 2
    bekend: dict[tuple[int, int], np.ndarray] = {}

    def ruilbaar(c1: int, ai: int) -> np.ndarray:
        """Per β: is er een ruil α→β vanuit cel c1 die elk getoond cijfer gelijk laat?"""
        if (c1, ai) in bekend:
            return bekend[(c1, ai)]
        verschil = keuzes ^ keuzes[ai]
        ziet = (verschil @ toont.T > 0) | ((beantwoord != beantwoord[ai])[:, None] & toont_n[None, :])
        code = (ziet * macht) @ handtekening.T  # β × cel
        ok = ((code == code[:, [c1]]) & aanwezig).any(axis=1)
        met_alfa = aanwezig[ai].copy()
        met_alfa[c1] = telling[c1, ai] >= 2
        rest = np.nonzero(~ok & aanwezig.any(axis=1))[0]
        if met_alfa.any() and len(rest):
            links = code[rest][:, [c1]] + code[rest][:, met_alfa]  # β × cel met α
            som = code[rest][:, :, None] + code[rest][:, None, :]  # β × cel × cel
            paar = aanwezig[rest][:, :, None] & aanwezig[rest][:, None, :]
            paar &= boven[None] | (diagonaal[None] & twee_of_meer[rest][:, :, None])
            gelijk = (som[:, :, :, None] == links[:, None, None, :]).any(axis=3) & paar
            ok[rest] |= gelijk.any(axis=(1, 2))
        bekend[(c1, ai)] = ok
        return ok

    blijft = []
    for feit in feiten:
        c1 = feit[0]
        zonder_feit = _zonder_feit(feit, vorm, keuzes, beantwoord)
        if not any((ruilbaar(c1, ai) & zonder_feit).any() for ai in np.nonzero(telling[c1])[0]):
            blijft.append(feit)
    return blijft
