"""Wat een groep mag tonen: onderdrukking per groep en tabel, hetzelfde in elke factsheet.

Een *tabel* is één vraag (of matrixrij, of `fase_<onderdeel>`) in één groep; een *cel* is één optie.
De beslissing hangt alleen af van de groep zelf en van de groepen die ermee overlappen, nooit van
wie de factsheet leest; daarom staat in elke factsheet van een provincie hetzelfde cijfer.

Methode (primaire en secundaire onderdrukking, zoals in tau-Argus en sdcTable, met een exacte
aanvaller als controle in plaats van een heuristiek):
1. `te_weinig` – de hele tabel vervalt als minder dan `onderdrukking_minimum` (≥ 5) andere
   gemeenten dan één lid antwoordden (n - 1 < minimum).
2. `klein` (primair) – een cel vervalt als 1 t/m `onderdrukking_klein` (standaard 2) leden de optie
   kozen, of op zo veel na allemaal (van wie antwoordden); en een cel waarin iedereen die
   antwoordde hetzelfde deed, als maar 1 t/m `onderdrukking_klein` leden niet antwoordden (wie zelf
   niet antwoordde, zou dan de antwoorden van alle anderen kennen).
3. `terug_te_rekenen` (secundair) – bij één antwoord per vraag telt een rij op tot n; staat er dan
   precies één cel verborgen, dan vervalt ook de kleinste andere cel, zodat de som niets verraadt.
4. `overlap` (secundair) – voor elke gemeente als lezer, en elk paar gemeenten met dezelfde
   provincie of grootteklasse, zoekt een geheeltallig model (`blik`, HiGHS) of de getoonde cijfers
   samen met de eigen antwoorden, het landelijke cijfer en de andere groep een antwoord of het niet
   antwoorden van een andere gemeente vastleggen. Zo ja, dan vervalt de hele tabel van de kleinste
   betrokken groep, en wordt opnieuw gezocht tot niets meer vastligt.
Het landelijke cijfer blijft compleet (alleen regel 1), zoals in de openbare overzichtsrapportage.
Een verborgen cel heeft geen aantal, percentage of n.

Andere groepscijfers (zoals fasen per pijler, `vraag` = `fase_<onderdeel>`, één fase per gemeente) gaan
door dezelfde functie: voeg hun rijen toe aan `tabellen` (in `Benchmark.bereken_openbaarmaking`), hun
vorm aan `vormen_` (`Vorm(fasenamen)`, één antwoord) en per gemeente hun fase aan `antwoorden`;
zonder `antwoorden` slaat regel 4 ze over.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import pandas as pd

from ..inlezen.codeboek import Codeboek
from .aanvaller import Vorm
from .blik import Antwoord, Cijfer, alleen_landelijk, bevindingen, grootste_eerst, kosten

REDENEN = ("te_weinig", "klein", "terug_te_rekenen", "overlap")
LANDELIJK = ("landelijk", "")
PANEL = ("panel", "")  # het panel van de overzichtsrapportage (gemeenten in beide jaren), voor iedereen zichtbaar


def reden_zin(soort: str, naam: str, reden: str, minimum: int) -> str:
    """Eén zin voor de lezer: waarom een cijfer van deze groep ontbreekt."""
    wie = f"In {naam}" if soort == "provincie" else f"In de grootteklasse {naam}"
    return {
        "te_weinig": f"{wie} beantwoordden minder dan {minimum + 1} gemeenten deze vraag: te weinig om hun "
        f"antwoorden te tonen zonder dat één gemeente herkenbaar wordt.",
        "klein": f"{wie} gaven zo weinig gemeenten een bepaald antwoord (of op zo weinig na allemaal) dat het cijfer "
        f"zou verraden wat één gemeente antwoordde; daarom ontbreekt het.",
        "terug_te_rekenen": f"{wie} ontbreekt ook een tweede cijfer, omdat het verborgen cijfer anders uit de "
        f"andere en het totaal terug te rekenen is.",
        "overlap": f"{wie} ontbreken de cijfers, omdat ze samen met het landelijke cijfer en de andere groep in "
        f"deze factsheet het antwoord van een andere gemeente zouden verraden.",
    }[reden]


def vormen(codeboek: Codeboek) -> dict[str, Vorm]:
    """De vorm van elke gesloten vraag; fasen (`fase_<onderdeel>`) hebben één antwoord per gemeente."""
    return {
        v.id: Vorm(
            tuple(o.code for o in v.opties), v.type == "meer", frozenset(o.code for o in v.opties if o.exclusief)
        )
        for v in codeboek.gesloten_vragen
    }


def antwoorden_per_tabel(lang: pd.DataFrame) -> dict[tuple[str, str], dict[str, Antwoord]]:
    """(vraag, rij) -> gemeente -> (beantwoord, gekozen opties), uit de lange tabel."""
    uit: dict[tuple[str, str], dict[str, Antwoord]] = defaultdict(dict)
    gekozen = lang[lang["gekozen"] == 1].groupby(["vraag", "rij", "gemeente_code"])["optie"].agg(frozenset)
    beantwoord = lang.groupby(["vraag", "rij", "gemeente_code"])["beantwoord"].max()
    for (v, r, g), b in beantwoord.items():
        uit[(v, r)][g] = (bool(b), gekozen.get((v, r, g), frozenset()))
    return dict(uit)


@dataclass
class Openbaarmaking:
    """Per (soort, groep, vraag, rij, optie): onderdrukt en reden; plus wat er op de lijst staat."""

    cellen: pd.DataFrame  # index (soort, groep, vraag, rij, optie); kolommen aantal, n, onderdrukt, reden
    onopgelost: list  # bevindingen die alleen het landelijke cijfer betreffen (niet te verhelpen)

    def prijs(self) -> pd.DataFrame:
        """Getoonde en verborgen groepscellen per soort groep (en per reden)."""
        df = self.cellen.reset_index()
        rijen = []
        for soort, deel in df.groupby("soort", sort=False):
            rij = {"soort": soort, "cellen": len(deel), "getoond": int((~deel["onderdrukt"]).sum())}
            rij["verborgen"] = rij["cellen"] - rij["getoond"]
            rij["verborgen_pct"] = round(100.0 * rij["verborgen"] / rij["cellen"], 1) if rij["cellen"] else 0.0
            if "eenvoudig" in deel:
                rij["eenvoudige_regel_verborgen"] = int(deel["eenvoudig"].sum())
            for reden in REDENEN:
                rij[reden] = int((deel["reden"] == reden).sum())
            rijen.append(rij)
        return pd.DataFrame(rijen)


def onderdruk_groepen(
    tabellen: pd.DataFrame,
    leden: dict[tuple[str, str], frozenset],
    vormen_: dict[str, Vorm],
    antwoorden: dict[tuple[str, str], dict[str, Antwoord]],
    minimum: int,
    klein: int = 2,
    paren: bool = True,
) -> Openbaarmaking:
    """Beslis voor elke groepscel of hij getoond wordt.

    `tabellen`: kolommen soort (landelijk, provincie, grootteklasse, of een andere soort met
    overlappende groepen), groep, vraag, rij, optie, aantal, n. `leden`: (soort, groep) -> gemeenten.
    `vormen_`: vraag -> Vorm (ook voor `fase_<onderdeel>`). `antwoorden`: (vraag, rij) -> gemeente ->
    antwoord, voor de exacte controle van regel 4.
    """
    df = tabellen.copy()
    df["onderdrukt"] = False
    df["reden"] = ""
    df["_m"] = [len(leden[(s, g)]) for s, g in zip(df["soort"], df["groep"])]
    landelijk = df["soort"] == "landelijk"

    def markeer(masker, reden):
        nieuw = masker & ~df["onderdrukt"]
        df.loc[nieuw, "reden"] = reden
        df.loc[nieuw, "onderdrukt"] = True

    markeer(df["n"] - 1 < minimum, "te_weinig")
    nee = df["n"] - df["aantal"]
    meer = df["vraag"].map(lambda v: vormen_[v].meer)
    klein_aantal = df["aantal"].between(1, klein) | nee.between(1, klein)
    eenstemmig = (nee == 0) | (meer & (df["aantal"] == 0))
    weinig_niet = (df["_m"] - df["n"]).between(1, klein)
    markeer(~landelijk & (klein_aantal | (eenstemmig & weinig_niet)), "klein")
    # Ter vergelijking (prijs): de eenvoudige regel uit issue 15 verbergt de hele rij bij één kleine cel.
    rij_klein = (~landelijk & klein_aantal).groupby([df["soort"], df["groep"], df["vraag"], df["rij"]]).transform("any")
    df["eenvoudig"] = (df["reden"] == "te_weinig") | rij_klein

    tabel_sleutel = ["soort", "groep", "vraag", "rij"]
    # Regel 3: één verborgen cel in een rij die optelt tot n.
    for _, deel in df[~landelijk & ~meer].groupby(tabel_sleutel, sort=False):
        verborgen = deel["onderdrukt"]
        if verborgen.sum() == 1 and len(deel) > 1:
            kleinste = deel[~verborgen].sort_values(["aantal", "optie"]).index[0]
            df.loc[kleinste, ["onderdrukt", "reden"]] = [True, "terug_te_rekenen"]

    onopgelost = _overlap(df, leden, vormen_, antwoorden, paren)
    cellen = df.drop(columns=["_m"]).set_index(["soort", "groep", "vraag", "rij", "optie"])
    return Openbaarmaking(cellen, onopgelost)


def bewaarde_onderdrukking(params, tabellen, leden, vormen_, antwoorden) -> Openbaarmaking:
    """`onderdruk_groepen` met de parameters van de run, één keer per inhoud (`tussenopslag`): de
    exacte controle van regel 4 kost op een landelijke run minuten, en hangt alleen af van de tabellen."""
    from .. import tussenopslag
    from . import aanvaller, blik

    delen = [
        tabellen.to_csv(index=False),
        tussenopslag.stabiel(leden),
        tussenopslag.stabiel(vormen_),
        tussenopslag.stabiel(antwoorden),
        repr((params.onderdrukking_minimum, params.onderdrukking_klein, params.openbaarmaking_paren)),
    ]
    sleutel = tussenopslag.sleutel(delen, (sys.modules[__name__], aanvaller, blik))
    return tussenopslag.haal_of_maak(
        tussenopslag.opslagmap(params.verwerkt_map / "tussenopslag"),
        "openbaarmaking",
        sleutel,
        lambda: onderdruk_groepen(
            tabellen,
            leden,
            vormen_,
            antwoorden,
            params.onderdrukking_minimum,
            params.onderdrukking_klein,
            params.openbaarmaking_paren,
        ),
    )


def publicatie(df: pd.DataFrame, vraag: str, rij: str) -> dict[tuple, Cijfer]:
    """De getoonde cijfers van één (vraag, rij) per groep, zoals een lezer ze ziet."""
    uit = {}
    for (s, g), deel in df[(df["vraag"] == vraag) & (df["rij"] == rij)].groupby(["soort", "groep"], sort=False):
        getoond = ~deel["onderdrukt"]
        n = int(deel["n"].iloc[0]) if getoond.any() else None
        aantal = tuple((o, int(a) if t else None) for o, a, t in zip(deel["optie"], deel["aantal"], getoond))
        uit[(s, g)] = Cijfer(n, aantal)
    return uit


def lezers(leden: dict[tuple[str, str], frozenset], paren: bool = True):
    """Alle lezers: elke gemeente, en elk paar met dezelfde provincie of grootteklasse; met wat ze zien."""
    groepen_van: dict[str, list[tuple]] = defaultdict(list)
    for sleutel, wie in leden.items():
        if sleutel[0] in ("provincie", "grootteklasse"):
            for u in wie:
                groepen_van[u].append(sleutel)
    eenheden = sorted(leden[LANDELIJK])
    altijd = [LANDELIJK] + ([PANEL] if PANEL in leden else [])
    for u in eenheden:
        yield (u,), [*altijd, *sorted(groepen_van[u])]
    if not paren:
        return
    for i, u in enumerate(eenheden):
        for w in eenheden[i + 1 :]:
            gedeeld = set(groepen_van[u]) & set(groepen_van[w])
            if gedeeld:
                yield (u, w), [*altijd, *sorted(set(groepen_van[u]) | set(groepen_van[w]))]


def _overlap(df, leden, vormen_, antwoorden, paren) -> list:
    """Regel 4: verberg tabellen tot de exacte aanvaller niets meer vastlegt.

    Elke tabel (vraag, rij) staat los van de andere: wat in de ene verborgen wordt, verandert niets
    aan wat een lezer in een andere ziet. Daarom rekenen de tabellen parallel (één proces per core),
    met dezelfde uitkomst in elke volgorde; op een landelijke run halveert dat de tijd op 2 cores."""
    eenheden = sorted(leden[LANDELIJK])
    taken = [
        (vraag, rij, vormen_[vraag], df[(df["vraag"] == vraag) & (df["rij"] == rij)], per_gemeente)
        for (vraag, rij), per_gemeente in antwoorden.items()
        if vraag in vormen_
    ]
    werkers = min(os.cpu_count() or 1, len(taken))
    context = (leden, eenheden, list(lezers(leden, paren)))
    if werkers <= 1 or len(taken) < 8:
        _zet_context(*context)
        uitkomsten = [_overlap_tabel(t) for t in taken]
    else:
        # fork, zoals de controle: werkt ook uit een script zonder `if __name__ == "__main__"` (spawn laadt
        # dat script opnieuw), en de leden en lezers gaan één keer mee naar elk proces, niet per tabel.
        with ProcessPoolExecutor(
            werkers, mp_context=multiprocessing.get_context("fork"), initializer=_zet_context, initargs=context
        ) as pool:
            uitkomsten = grootste_eerst(pool, _overlap_tabel, taken, [kosten(t[2]) for t in taken])
    onopgelost = []
    for verborgen, niet_op_te_lossen in uitkomsten:
        df.loc[verborgen, "reden"] = "overlap"
        df.loc[verborgen, "onderdrukt"] = True
        onopgelost += niet_op_te_lossen
    return onopgelost


_context: tuple = ()


def _zet_context(leden, eenheden, alle_lezers) -> None:
    global _context
    _context = (leden, eenheden, alle_lezers)


def plaatsen(leden: dict[tuple[str, str], frozenset], eenheden: list[str]) -> dict[str, tuple]:
    """Per gemeente de groepen (behalve landelijk) waarin zij zit: gemeenten op dezelfde plaats met
    hetzelfde antwoord zijn voor elke lezer uitwisselbaar."""
    return {u: tuple(sorted(g for g, w in leden.items() if g != LANDELIJK and u in w)) for u in eenheden}


def _getoond(zichtbaar: list[tuple], cijfers: dict[tuple, Cijfer]) -> tuple:
    return tuple(g for g in zichtbaar if g in cijfers and cijfers[g].getoond())


def _overlap_tabel(taak) -> tuple[list, list]:
    """Regel 4 voor één tabel: (de rijen van `df` die vervallen, wat niet op te lossen is)."""
    vraag, rij, vorm, df, per_gemeente = taak
    leden, eenheden, alle_lezers = _context
    df = df.copy()
    verborgen: list = []
    onopgelost = []
    per_gemeente = {u: per_gemeente.get(u, (False, frozenset())) for u in eenheden}
    plaats = plaatsen(leden, eenheden)
    # Verbergen maakt de lezer alleen onwetender: een lezer die niets vond, vindt daarna ook niets. Eén ronde
    # over alle lezers volstaat dus; een controleronde daarna vangt de zeldzame groepsuitspraak die wegviel.
    # Een lezer die in een vorige ronde niets vond en nog precies dezelfde groepen getoond ziet, heeft
    # hetzelfde model en vindt weer niets: `schoon` slaat hem over, zonder dat de uitkomst verandert.
    schoon: set = set()
    veranderd = True
    while veranderd:
        veranderd = False
        cijfers = publicatie(df, vraag, rij)
        gezien: set = set()
        for kijkers, zichtbaar in alle_lezers:
            wie = tuple(sorted((plaats[u], per_gemeente[u]) for u in kijkers))
            sleutel = (wie, _getoond(zichtbaar, cijfers))
            if sleutel in gezien or sleutel in schoon:
                continue
            gezien.add(sleutel)
            while True:
                b = [
                    x
                    for x in bevindingen(vorm, leden, cijfers, zichtbaar, kijkers, per_gemeente, eenheden)
                    if not alleen_landelijk(x, vorm, leden, cijfers, per_gemeente, eenheden, LANDELIJK)
                ]
                if not b:
                    schoon.add((wie, _getoond(zichtbaar, cijfers)))
                    break
                kandidaat = [g for g in b[0].groepen if g != LANDELIJK]
                if not kandidaat:
                    onopgelost.append((vraag, rij, b[0]))
                    break
                kleinste = min(kandidaat, key=lambda g: (len(leden[g]), g))
                masker = (df["soort"] == kleinste[0]) & (df["groep"] == kleinste[1]) & ~df["onderdrukt"]
                verborgen += list(df.index[masker])
                df.loc[masker, "reden"] = "overlap"
                df.loc[masker, "onderdrukt"] = True
                cijfers = publicatie(df, vraag, rij)
                veranderd = True
    return verborgen, onopgelost
