"""Exacte controle van de openbaarmaking: `eenzaamheid controleer-openbaarmaking --params FILE`.

Leest alleen wat gepubliceerd is: elke `factsheets/*/cijfers.csv` (met de eigen antwoorden van
die gemeente) en `overzicht/overzicht_cijfers.csv` (het landelijke totaal en het panel). Wie in
welke provincie, grootteklasse en in het panel zit, geldt als bekend (dat is openbaar) en komt
uit de nette tabellen van de run.

Lezers: elke gemeente met haar eigen factsheet, en elk paar gemeenten met dezelfde provincie of
grootteklasse dat zijn factsheets samenlegt. Voor elke lezer en elke tabel beslist een
geheeltallig model (`verwerken/blik.py`, HiGHS via SciPy) of een antwoord of het niet antwoorden
van een andere gemeente vastligt. Een bevinding die alleen uit het landelijke cijfer volgt (dat
compleet blijft, zoals in de openbare overzichtsrapportage), staat apart als `landelijk` en
blokkeert niet; elke andere bevinding wel (afsluitcode 1).
"""

from __future__ import annotations

import csv
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..inlezen.params import Params
from ..verwerken.aanvaller import Vorm
from ..verwerken.blik import Antwoord, Cijfer, alleen_landelijk, bevindingen, grootste_eerst, kosten
from ..verwerken.openbaarmaking import LANDELIJK, PANEL, lezers, plaatsen, vormen
from ..verwerken.opslag import lees_verwerkt

BEVINDING_KOLOMMEN = ["soort", "lezers", "vraag", "rij", "gemeenten", "feit", "optie", "groepen"]


@dataclass
class Tabel:
    vraag: str
    rij: str
    vorm: Vorm
    cijfers: dict[tuple, Cijfer]
    antwoorden: dict[str, Antwoord]


@dataclass
class Gepubliceerd:
    eenheden: list[str]
    leden: dict[tuple, frozenset]
    tabellen: list[Tabel]
    ongelijk: list[str] = field(default_factory=list)  # groepen die niet in elke factsheet gelijk zijn


def _getal(tekst: str) -> int | None:
    return None if tekst == "" else int(float(tekst))


def _cijfer(rijen: list[dict]) -> Cijfer:
    """De cijfers van één groep in één tabel zoals gepubliceerd: een cel zonder aantal of met
    `onderdrukt` is niet getoond."""
    getoond = [r["aantal"] != "" and _getal(r.get("onderdrukt", "") or "0") == 0 for r in rijen]
    n = [_getal(r["n"]) for r, t in zip(rijen, getoond) if t]
    aantal = tuple((r["optie"], _getal(r["aantal"]) if t else None) for r, t in zip(rijen, getoond))
    return Cijfer(n[0] if n else None, aantal)


def _lees_csv(pad: Path) -> dict[tuple[str, str, str], list[dict]]:
    """(groep, vraag, rij) -> de rijen, in de volgorde van het bestand (de opties in codeboekvolgorde)."""
    per: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    with pad.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            per[(r["groep"], r["vraag"], r["rij"])].append(r)
    return per


def lees_gepubliceerd(params: Params) -> Gepubliceerd:
    """Alles wat een lezer van de run kan zien, per tabel (jaar van de run)."""
    verwerkt = lees_verwerkt(params)
    jaar = params.jaar
    gemeenten = verwerkt.gemeenten[jaar].set_index("gemeente_code")
    map_ = params.uitvoer / "factsheets"
    bestanden = sorted(map_.glob("*/cijfers.csv"))
    eenheden = [p.parent.name for p in bestanden]
    leden: dict[tuple, set] = defaultdict(set)
    leden[LANDELIJK] = set(eenheden)
    for u in eenheden:
        leden[("provincie", gemeenten.at[u, "provincie_code"])].add(u)
        leden[("grootteklasse", gemeenten.at[u, "grootteklasse"])].add(u)
    if verwerkt.panel is not None:
        leden[PANEL] = set(verwerkt.panel.leden) & set(eenheden)
    vorm = vormen(verwerkt.codeboeken[jaar])

    groepscijfers: dict[tuple, dict[tuple, Cijfer]] = defaultdict(dict)
    antwoorden: dict[tuple, dict[str, Antwoord]] = defaultdict(dict)
    ongelijk = []
    for pad, u in zip(bestanden, eenheden):
        sleutels = {
            "landelijk": LANDELIJK,
            "provincie": ("provincie", gemeenten.at[u, "provincie_code"]),
            "grootteklasse": ("grootteklasse", gemeenten.at[u, "grootteklasse"]),
        }
        for (g, v, r), rijen in _lees_csv(pad).items():
            if g == "gemeente":
                n = max((_getal(x["n"]) or 0) for x in rijen)
                antwoorden[(v, r)][u] = (n == 1, frozenset(x["optie"] for x in rijen if _getal(x["aantal"]) == 1))
                if v.startswith("fase_") and v not in vorm:
                    # Een fase per pijler is een vraag met één antwoord per gemeente; de opties zijn de fasen.
                    vorm[v] = Vorm(tuple(x["optie"] for x in rijen))
            elif g in sleutels:
                cijfer = _cijfer(rijen)
                bestaand = groepscijfers[(v, r)].setdefault(sleutels[g], cijfer)
                if bestaand != cijfer:
                    ongelijk.append(f"{sleutels[g]} {v} {r}: {u} ziet iets anders dan een andere factsheet")
    overzicht = params.uitvoer / "overzicht" / "overzicht_cijfers.csv"
    if overzicht.is_file():
        for (g, v, r), rijen in _lees_csv(overzicht).items():
            rijen = [x for x in rijen if x["jaar"] == str(jaar)]
            if not rijen:
                continue
            sleutel = LANDELIJK if g == "totaal" else PANEL
            cijfer = _cijfer(rijen)
            bestaand = groepscijfers[(v, r)].setdefault(sleutel, cijfer)
            if bestaand != cijfer:
                ongelijk.append(f"{sleutel} {v} {r}: het overzicht toont iets anders dan de factsheets")
    tabellen = [
        Tabel(v, r, vorm[v], groepscijfers[(v, r)], antwoorden[(v, r)])
        for (v, r) in groepscijfers
        if v in vorm and (v, r) in antwoorden
    ]
    return Gepubliceerd(eenheden, {k: frozenset(w) for k, w in leden.items()}, tabellen, ongelijk)


def _controleer_tabel(args) -> list[dict]:
    tabel, leden, eenheden, paren = args
    uit = []
    gezien = set()
    plaats = plaatsen(leden, eenheden)
    for kijkers, zichtbaar in lezers(leden, paren):
        # Lezers op dezelfde plaats met dezelfde eigen antwoorden zien exact hetzelfde model.
        sleutel = tuple(sorted((plaats[u], tabel.antwoorden.get(u)) for u in kijkers))
        if sleutel in gezien:
            continue
        gezien.add(sleutel)
        for b in bevindingen(tabel.vorm, leden, tabel.cijfers, zichtbaar, kijkers, tabel.antwoorden, eenheden):
            landelijk = alleen_landelijk(b, tabel.vorm, leden, tabel.cijfers, tabel.antwoorden, eenheden, LANDELIJK)
            uit.append(
                {
                    "soort": "landelijk" if landelijk else ("paar" if len(kijkers) == 2 else "enkel"),
                    "lezers": "|".join(kijkers),
                    "vraag": tabel.vraag,
                    "rij": tabel.rij,
                    "gemeenten": "|".join(b.gemeenten),
                    "feit": b.soort,
                    "optie": b.optie or "",
                    "groepen": "|".join(f"{s}:{g}" if g else s for s, g in b.groepen),
                }
            )
    return uit


@dataclass
class Controle:
    bevindingen: pd.DataFrame
    ongelijk: list[str]
    seconden: float

    @property
    def blokkerend(self) -> pd.DataFrame:
        return self.bevindingen[self.bevindingen["soort"] != "landelijk"]

    @property
    def mag_publiceren(self) -> bool:
        return self.blokkerend.empty and not self.ongelijk

    def regels(self) -> list[str]:
        uit = [f"Onderdrukking niet gelijk in alle factsheets: {x}" for x in self.ongelijk]
        for r in self.bevindingen.itertuples():
            wat = {
                "gekozen": f"koos '{r.optie}'",
                "niet_beantwoord": "beantwoordde de vraag niet",
                "niet_gekozen": f"antwoordde en koos '{r.optie}' niet",
            }[r.feit]
            vraag = r.vraag + (f" ({r.rij})" if r.rij else "")
            uit.append(
                f"[{r.soort}] {r.lezers.replace('|', ' + ')} weet zeker dat {r.gemeenten.replace('|', ', ')} "
                f"bij {vraag} {wat}; volgt uit {r.groepen.replace('|', ', ')} en de eigen antwoorden."
            )
        return uit


def controleer(
    params: Params, paren: bool = True, werkers: int | None = None, vragen: set[str] | None = None
) -> Controle:
    """Alle lezers (en paren) over alle tabellen; `vragen` beperkt tot die vragen (voor tests)."""
    begin = time.perf_counter()
    pub = lees_gepubliceerd(params)
    taken = [(t, pub.leden, pub.eenheden, paren) for t in pub.tabellen if vragen is None or t.vraag in vragen]

    def reken() -> pd.DataFrame:
        if werkers == 1:
            resultaten = [_controleer_tabel(t) for t in taken]
        else:
            with ProcessPoolExecutor(max_workers=werkers) as pool:
                resultaten = grootste_eerst(pool, _controleer_tabel, taken, [kosten(t.vorm) for t, *_ in taken])
        return pd.DataFrame([r for deel in resultaten for r in deel], columns=BEVINDING_KOLOMMEN)

    # Dezelfde gepubliceerde cijfers geven dezelfde bevindingen: één keer per inhoud rekenen.
    from .. import tussenopslag
    from ..verwerken import aanvaller, blik, openbaarmaking

    delen = [tussenopslag.stabiel([t for t, *_ in taken]), tussenopslag.stabiel(pub.leden), repr(paren)]
    sleutel = tussenopslag.sleutel(delen, (sys.modules[__name__], aanvaller, blik, openbaarmaking))
    map_ = tussenopslag.opslagmap(params.verwerkt_map / "tussenopslag")
    df = tussenopslag.haal_of_maak(map_, "controle", sleutel, reken)
    return Controle(df, pub.ongelijk, time.perf_counter() - begin)


def schrijf(controle: Controle, params: Params) -> Path:
    map_ = params.uitvoer / "controle"
    map_.mkdir(parents=True, exist_ok=True)
    controle.bevindingen.to_csv(map_ / "openbaarmaking_bevindingen.csv", index=False, lineterminator="\n")
    (map_ / "openbaarmaking_bevindingen.txt").write_text("".join(r + "\n" for r in controle.regels()), encoding="utf-8")
    return map_


def samenvatting(controle: Controle) -> str:
    b = controle.bevindingen
    enkel, paar = (b["soort"] == "enkel").sum(), (b["soort"] == "paar").sum()
    landelijk = (b["soort"] == "landelijk").sum()
    oordeel = "mag gepubliceerd worden" if controle.mag_publiceren else "mag NIET gepubliceerd worden"
    return (
        f"Controle openbaarmaking: {enkel} onthullingen door één gemeente, {paar} door een paar"
        + (f", {landelijk} alleen uit het landelijke cijfer (toegestaan)" if landelijk else "")
        + (f", {len(controle.ongelijk)} groepen ongelijk tussen factsheets" if controle.ongelijk else "")
        + f" ({controle.seconden:.1f} s): de run {oordeel}."
    )
