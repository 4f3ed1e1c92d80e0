"""Wat een lezer met gepubliceerde groepscijfers exact kan afleiden: een geheeltallig model (MILP, HiGHS).

Eén *tabel* is één vraag (of matrixrij, of `fase_<onderdeel>`) in één jaar. De onbekenden zijn
niet de antwoorden van losse gemeenten maar tellingen per *cel*: gemeenten die in precies dezelfde
zichtbare groepen zitten zijn voor de lezer niet te onderscheiden, dus volstaat per cel het aantal
dat antwoordde (`a`) en per optie het aantal dat haar koos (`t`). Dat is exact, geen benadering:
elke geheeltallige oplossing van de tellingen is met echte antwoorden te vullen (zie `_model`).

Een *feit* over een cel is gedwongen als het in elke oplossing geldt:
- `gekozen` (optie): alle gemeenten van de cel kozen de optie (t = m);
- `niet_beantwoord`: geen gemeente van de cel beantwoordde de vraag (a = 0);
- `niet_gekozen` (optie, alleen bij meer antwoorden): alle gemeenten van de cel antwoordden en geen
  koos de optie (a = m en t = 0).
Bij één antwoord per vraag is 'koos optie o niet' geen antwoord; het antwoord zelf is dan `gekozen`.

Zoekmethode: het model maximaliseert het aantal kandidaat-feiten dat het schendt; wat geschonden
wordt is niet gedwongen en valt af; zodra het maximum 0 is, zijn de overgebleven feiten bewezen
gedwongen. Zo volstaan meestal één of twee oplossingen per tabel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np


@dataclass(frozen=True)
class Vorm:
    """De vorm van een tabel: opties, meer antwoorden mogelijk, en welke opties exclusief zijn."""

    opties: tuple[str, ...]
    meer: bool = False
    exclusief: frozenset[str] = frozenset()


class Vergelijking(NamedTuple):
    """De som over `cellen` van het aantal met `optie` (None = aantal dat antwoordde) is `waarde`."""

    cellen: tuple[int, ...]
    optie: str | None
    waarde: int


class Tegenstrijdig(ValueError):
    """De gepubliceerde cijfers passen bij geen enkele verdeling van antwoorden."""


def kandidaten(vorm: Vorm, groottes: list[int]) -> list[tuple[int, str, str | None]]:
    feiten = []
    for c, m in enumerate(groottes):
        if m == 0:
            continue
        feiten += [(c, "gekozen", o) for o in vorm.opties]
        feiten.append((c, "niet_beantwoord", None))
        if vorm.meer:
            feiten += [(c, "niet_gekozen", o) for o in vorm.opties]
    return feiten


def _model(vorm: Vorm, groottes: list[int], vergelijkingen: list[Vergelijking]):
    """Variabelen per cel: a (antwoordden), t per optie. Geeft (index, rijen, ondergrens, bovengrens)."""
    k = len(vorm.opties)
    per_cel = 1 + k
    n_var = per_cel * len(groottes)

    def a(c):
        return c * per_cel

    def t(c, i):
        return c * per_cel + 1 + i

    rijen, lo, hi = [], [], []

    def voeg(coef: dict[int, float], onder: float, boven: float):
        rij = np.zeros(n_var)
        for j, w in coef.items():
            rij[j] += w
        rijen.append(rij)
        lo.append(onder)
        hi.append(boven)

    excl = [i for i, o in enumerate(vorm.opties) if o in vorm.exclusief]
    gewoon = [i for i in range(k) if i not in excl]
    for c in range(len(groottes)):
        if not vorm.meer:
            # Eén antwoord: wie antwoordde koos precies één optie.
            voeg({a(c): -1.0, **{t(c, i): 1.0 for i in range(k)}}, 0, 0)
        else:
            # Per optie onafhankelijk 0/1, behalve exclusieve opties: wie die koos, koos niets anders.
            # Dat is exact: met sum(excl) + t_o <= a voor elke gewone o zijn de gewone opties elk
            # onafhankelijk te verdelen over de a - sum(excl) gemeenten zonder exclusieve keuze.
            for i in gewoon:
                voeg({t(c, i): 1.0, **{t(c, e): 1.0 for e in excl}, a(c): -1.0}, -np.inf, 0)
            if excl:
                voeg({**{t(c, e): 1.0 for e in excl}, a(c): -1.0}, -np.inf, 0)
    for v in vergelijkingen:
        if v.optie is None:
            coef = {a(c): 1.0 for c in v.cellen}
        else:
            i = vorm.opties.index(v.optie)
            coef = {t(c, i): 1.0 for c in v.cellen}
        voeg(coef, v.waarde, v.waarde)
    boven = np.zeros(n_var)
    for c, m in enumerate(groottes):
        boven[a(c)] = m
        for i in range(k):
            boven[t(c, i)] = m
    return (a, t), rijen, lo, hi, boven


def gedwongen(
    vorm: Vorm,
    groottes: list[int],
    vergelijkingen: list[Vergelijking],
    feiten: list[tuple[int, str, str | None]] | None = None,
    bekende_oplossing: np.ndarray | None = None,
) -> list[tuple[int, str, str | None]]:
    """De feiten (cel, soort, optie) uit `feiten` (standaard: alle) die in elke oplossing gelden."""
    (a, t), rijen, lo, hi, boven = _model(vorm, groottes, vergelijkingen)
    n_var = len(boven)
    open_ = list(kandidaten(vorm, groottes) if feiten is None else feiten)

    def geschonden(x: np.ndarray) -> set:
        weg = set()
        for f in open_:
            c, soort, o = f
            m = groottes[c]
            if soort == "niet_beantwoord":
                if x[a(c)] > 0.5:
                    weg.add(f)
                continue
            w = x[t(c, vorm.opties.index(o))]
            if (soort == "gekozen" and w < m - 0.5) or (soort == "niet_gekozen" and (w > 0.5 or x[a(c)] < m - 0.5)):
                weg.add(f)
        return weg

    if bekende_oplossing is not None:
        open_ = [f for f in open_ if f not in geschonden(bekende_oplossing)]
    while open_:
        # Extra binaire z per feit (en bij niet_gekozen twee): z = 1 alleen als de oplossing het feit schendt.
        extra = []
        for f in open_:
            extra.append(2 if f[1] == "niet_gekozen" else 1)
        n_z = sum(extra)
        totaal = n_var + n_z
        A = [np.concatenate([r, np.zeros(n_z)]) for r in rijen]
        L, H = list(lo), list(hi)
        doel = np.zeros(totaal)
        j = n_var
        for f, aantal_z in zip(open_, extra):
            c, soort, o = f
            m = groottes[c]
            if soort == "gekozen":
                # t <= m - z
                r = np.zeros(totaal)
                r[t(c, vorm.opties.index(o))] = 1
                r[j] = 1
                A.append(r), L.append(-np.inf), H.append(m)
                doel[j] = -1
            elif soort == "niet_beantwoord":
                # a >= z
                r = np.zeros(totaal)
                r[a(c)] = 1
                r[j] = -1
                A.append(r), L.append(0), H.append(np.inf)
                doel[j] = -1
            else:
                # z1: a <= m - z1 (niet iedereen antwoordde); z2: t >= z2 (iemand koos de optie)
                r = np.zeros(totaal)
                r[a(c)] = 1
                r[j] = 1
                A.append(r), L.append(-np.inf), H.append(m)
                r = np.zeros(totaal)
                r[t(c, vorm.opties.index(o))] = 1
                r[j + 1] = -1
                A.append(r), L.append(0), H.append(np.inf)
                doel[j] = doel[j + 1] = -1
            j += aantal_z
        bovengrens = np.concatenate([boven, np.ones(n_z)])
        res = _los_op(doel, np.array(A), L, H, totaal, bovengrens)
        if res is None:
            raise Tegenstrijdig("de gepubliceerde cijfers zijn onderling tegenstrijdig")
        basis = np.array(rijen) @ res.x[:n_var]
        if (basis < np.array(lo) - 1e-6).any() or (basis > np.array(hi) + 1e-6).any():
            raise RuntimeError("HiGHS gaf een oplossing die niet aan de cijfers voldoet")
        weg = geschonden(res.x[:n_var])
        if not weg:
            break
        open_ = [f for f in open_ if f not in weg]
    return open_


def _los_op(doel, A, L, H, totaal, bovengrens):
    """HiGHS zonder presolve: bij deze kleine modellen sneller, en presolve gaf op één model ten onrechte
    'onoplosbaar' (scipy 1.17.1). Elke oplossing wordt hierna nagerekend."""
    # Pas hier: een factsheetkernel leest de beslissing van schijf en heeft SciPy (± 0,5 s importeren) niet nodig.
    from scipy.optimize import Bounds, LinearConstraint, milp

    res = milp(
        doel,
        constraints=LinearConstraint(A, L, H),
        integrality=np.ones(totaal),
        bounds=Bounds(np.zeros(totaal), bovengrens),
        options={"presolve": False},
    )
    if res.status == 2:
        return None
    if res.x is None:
        raise RuntimeError(f"HiGHS vond geen oplossing: {res.message}")
    res.x = np.round(res.x)
    return res


def oplossing(vorm: Vorm, groottes: list[int], tellingen: list[tuple[int, dict[str, int]]]) -> np.ndarray:
    """Een bekende oplossing (de echte tellingen per cel: (a, {optie: t})) in de volgorde van het model."""
    per_cel = 1 + len(vorm.opties)
    x = np.zeros(per_cel * len(groottes))
    for c, (a, t) in enumerate(tellingen):
        x[c * per_cel] = a
        for i, o in enumerate(vorm.opties):
            x[c * per_cel + 1 + i] = t.get(o, 0)
    return x
