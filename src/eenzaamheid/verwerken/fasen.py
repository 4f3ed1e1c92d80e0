"""De fase per actielijn en pijler: per gemeente, per groep (met onderdrukking) en tegen vorig jaar.

De fase van een onderdeel volgt uit `rules/fasen.yml`: per vraag (bij een matrixvraag per rij)
rang / hoogste rang, gemiddeld over de beantwoorde vragen van dat onderdeel. De verdeling van de
groepen over de fasen zijn gewone groepscijfers met `vraag` = `fase_<onderdeel>` en als `optie`
de sleutel van de fase; ze gaan door dezelfde onderdrukking als elk ander groepscijfer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..regels import Fasen
from .aanvaller import Vorm
from .cijfers import CIJFER_KOLOMMEN, Benchmark, alleen_vergelijkbaar, groepscijfers
from .openbaarmaking import Openbaarmaking, bewaarde_onderdrukking

VOORVOEGSEL = "fase_"
ONTWIKKELING = ("vooruit", "achteruit", "gelijk")


def fasevraag(onderdeel: str) -> str:
    return VOORVOEGSEL + onderdeel


@dataclass(frozen=True)
class Onderdeelfase:
    onderdeel: str
    sleutel: str | None  # None: geen van de vragen beantwoord
    verhouding: float | None
    vragen: tuple[str, ...]  # de beantwoorde vragen (vraag of vraag__rij) die meetelden


def gekozen_per_gemeente(lang: pd.DataFrame) -> dict[str, dict[tuple[str, str], tuple[str, ...]]]:
    """Per gemeente de gekozen opties per (vraag, rij); bij meer antwoorden kunnen dat er meer zijn."""
    keuzes = lang[lang["gekozen"] == 1]
    uit: dict[str, dict[tuple[str, str], tuple[str, ...]]] = {}
    for code, vraag, rij, optie in zip(keuzes["gemeente_code"], keuzes["vraag"], keuzes["rij"], keuzes["optie"]):
        per_vraag = uit.setdefault(code, {})
        per_vraag[(vraag, rij)] = per_vraag.get((vraag, rij), ()) + (optie,)
    return uit


def bereken_fasen(
    gekozen: dict[tuple[str, str], tuple[str, ...]],
    regels: Fasen,
    codeboek,
    alleen: set[tuple[str, str]] | None = None,
) -> dict[str, Onderdeelfase]:
    """De fase van elk onderdeel uit `regels` voor één gemeente; `alleen` beperkt de (vraag, rij).

    Bij een vraag met meer antwoorden telt de hoogste rang van de gekozen opties."""
    uit = {}
    for onderdeel in regels.onderdelen:
        verhoudingen, vragen = [], []
        for vraag in regels.vragen_van(onderdeel, codeboek):
            hoogste = regels.max_rang(onderdeel, vraag)
            for rij in vraag.rij_codes:
                opties = gekozen.get((vraag.id, rij))
                if not opties or (alleen is not None and (vraag.id, rij) not in alleen):
                    continue
                rang = max(regels.rang(onderdeel, vraag, o) for o in opties)
                verhoudingen.append(rang / hoogste if hoogste else 0.0)
                vragen.append(f"{vraag.id}__{rij}" if rij else vraag.id)
        if verhoudingen:
            gemiddeld = sum(verhoudingen) / len(verhoudingen)
            uit[onderdeel] = Onderdeelfase(onderdeel, regels.bij(gemiddeld).sleutel, gemiddeld, tuple(vragen))
        else:
            uit[onderdeel] = Onderdeelfase(onderdeel, None, None, ())
    return uit


def ontwikkeling(nu: str | None, toen: str | None, regels: Fasen) -> str | None:
    """'vooruit', 'achteruit' of 'gelijk' tussen twee fasesleutels; None als er één ontbreekt."""
    if nu is None or toen is None:
        return None
    verschil = regels.sleutels.index(nu) - regels.sleutels.index(toen)
    return "vooruit" if verschil > 0 else "achteruit" if verschil < 0 else "gelijk"


def _lange_fasetabel(fasen: dict[str, dict[str, Onderdeelfase]], regels: Fasen, jaar: int) -> pd.DataFrame:
    """Zoals de lange tabel: per gemeente × fase_<onderdeel> × fase een rij met beantwoord en gekozen."""
    rijen = []
    for code in sorted(fasen):
        for onderdeel, fase in fasen[code].items():
            for sleutel in regels.sleutels:
                rijen.append(
                    (
                        jaar,
                        code,
                        fasevraag(onderdeel),
                        "",
                        sleutel,
                        fase.sleutel is not None,
                        int(fase.sleutel == sleutel),
                    )
                )
    kolommen = ["jaar", "gemeente_code", "vraag", "rij", "optie", "beantwoord", "gekozen"]
    return pd.DataFrame(rijen, columns=kolommen)


class Fasecijfers:
    """Fasen van alle gemeenten van één run, één keer berekend."""

    def __init__(self, bench: Benchmark, regels: Fasen):
        self.b = bench
        self.regels = regels

    @cached_property
    def per_gemeente(self) -> dict[str, dict[str, Onderdeelfase]]:
        gekozen = gekozen_per_gemeente(self.b.lang)
        return {
            code: bereken_fasen(gekozen.get(code, {}), self.regels, self.b.codeboek) for code in self.b.deelnemers.index
        }

    @cached_property
    def _vergelijkbaar_nu(self) -> dict[str, dict[str, Onderdeelfase]]:
        gekozen = gekozen_per_gemeente(alleen_vergelijkbaar(self.b.lang, self.b.vergelijkbaar))
        return {
            code: bereken_fasen(gekozen.get(code, {}), self.regels, self.b.codeboek, self.b.vergelijkbaar)
            for code in self.b.deelnemers.index
        }

    @cached_property
    def _vorig(self) -> dict[str, dict[str, Onderdeelfase]]:
        """Vorig jaar, alleen op de vragen die in beide jaren gelijk gesteld zijn (codes van nu)."""
        vorig = self.b.verwerkt.vorig_lang_huidige_codes
        if vorig is None:
            return {}
        gekozen = gekozen_per_gemeente(alleen_vergelijkbaar(vorig, self.b.vergelijkbaar))
        return {
            code: bereken_fasen(keuzes, self.regels, self.b.codeboek, self.b.vergelijkbaar)
            for code, keuzes in gekozen.items()
        }

    def fasen(self, code: str) -> dict[str, Onderdeelfase]:
        return self.per_gemeente[code]

    def vorig(self, code: str) -> dict[str, Onderdeelfase] | None:
        """De fasen van vorig jaar; None als de gemeente toen niet meedeed."""
        return self._vorig.get(code)

    def vergelijkbaar_nu(self, code: str) -> dict[str, Onderdeelfase]:
        return self._vergelijkbaar_nu[code]

    def ontwikkeling(self, code: str) -> dict[str, str | None]:
        vorig = self.vorig(code) or {}
        nu = self.vergelijkbaar_nu(code)
        return {
            o: ontwikkeling(nu[o].sleutel, vorig[o].sleutel if o in vorig else None, self.regels)
            for o in self.regels.onderdelen
        }

    @cached_property
    def lang(self) -> pd.DataFrame:
        return _lange_fasetabel(self.per_gemeente, self.regels, self.b.jaar)

    @cached_property
    def _groepen(self) -> dict[tuple[str, str], pd.DataFrame]:
        tabellen = {("landelijk", ""): groepscijfers(self.lang)}
        for groep, kolom in (("provincie", "provincie_code"), ("grootteklasse", "grootteklasse")):
            for waarde, leden in self.b.deelnemers.groupby(kolom).groups.items():
                tabellen[(groep, waarde)] = groepscijfers(self.lang, leden)
        return tabellen

    def _eigen(self, fasen: dict[str, Onderdeelfase]) -> pd.DataFrame:
        rijen = [
            (fasevraag(o), "", s, int(f.sleutel == s), int(f.sleutel is not None))
            for o, f in fasen.items()
            for s in self.regels.sleutels
        ]
        return pd.DataFrame(rijen, columns=["vraag", "rij", "optie", "aantal", "n"]).set_index(
            ["vraag", "rij", "optie"]
        )

    @cached_property
    def openbaarmaking(self) -> Openbaarmaking:
        """De enige plek waar fasecijfers onderdrukt worden: dezelfde groepsbeslissing als elk ander
        groepscijfer (`verwerken/openbaarmaking.py`), met de fase als vraag met één antwoord per gemeente."""
        delen = [tabel.reset_index().assign(soort=s, groep=g) for (s, g), tabel in self._groepen.items()]
        tabellen = pd.concat(delen, ignore_index=True)[["soort", "groep", "vraag", "rij", "optie", "aantal", "n"]]
        vorm = Vorm(tuple(self.regels.sleutels))
        vormen_ = {fasevraag(o): vorm for o in self.regels.onderdelen}
        antwoorden: dict[tuple[str, str], dict] = {(fasevraag(o), ""): {} for o in self.regels.onderdelen}
        for code, fasen in self.per_gemeente.items():
            for o, f in fasen.items():
                gekozen = frozenset({f.sleutel}) if f.sleutel else frozenset()
                antwoorden[(fasevraag(o), "")][code] = (f.sleutel is not None, gekozen)
        leden = {k: v for k, v in self.b.leden.items() if k[0] != "panel"}
        return bewaarde_onderdrukking(self.b.params, tabellen, leden, vormen_, antwoorden)

    @cached_property
    def _cellen(self) -> pd.DataFrame:
        return self.openbaarmaking.cellen.sort_index()  # gesorteerd: snel opzoeken per groep

    def onderdrukt(self, soort: str, waarde: str, tabel: pd.DataFrame) -> pd.Series:
        cellen = self._cellen.loc[(soort, waarde)]
        return cellen["onderdrukt"].reindex(tabel.index).fillna(True).astype(bool)

    def cijfers(self, code: str) -> pd.DataFrame:
        """De fasecijfers van één factsheet, in de vorm van `cijfers.csv`.

        Rij voor rij in Python: het zijn er maar (onderdelen × fasen × groepen), en pandas per rij
        kost hier meer dan het rekenen."""
        info = self.b.deelnemers.loc[code]
        eigen = self._eigen(self.fasen(code))
        rijen: list[tuple] = []

        def voeg(groep: str, tabel: pd.DataFrame, onderdrukt: pd.Series | None) -> None:
            weg = [False] * len(tabel) if onderdrukt is None else onderdrukt.tolist()
            for (vraag, rij, optie), aantal, n, verborgen in zip(tabel.index, tabel["aantal"], tabel["n"], weg):
                percentage = 100.0 * aantal / n if n > 0 else np.nan
                if verborgen:  # geen n naast een verborgen cel
                    rijen.append((groep, vraag, rij, optie, pd.NA, np.nan, np.nan, 1))
                else:
                    rijen.append((groep, vraag, rij, optie, int(aantal), int(n), percentage, 0))

        voeg("gemeente", eigen, None)
        vorig = self.vorig(code)
        if vorig is not None:
            voeg("vorig_jaar", self._eigen(vorig), None)
        landelijk = self._groepen[("landelijk", "")]
        voeg("landelijk", landelijk, self.onderdrukt("landelijk", "", landelijk))
        for groep, waarde in (("provincie", info["provincie_code"]), ("grootteklasse", info["grootteklasse"])):
            tabel = self._groepen[(groep, waarde)]
            voeg(groep, tabel, self.onderdrukt(groep, waarde, tabel))
        uit = pd.DataFrame(rijen, columns=["groep", "vraag", "rij", "optie", "aantal", "n", "percentage", "onderdrukt"])
        uit["aantal"] = uit["aantal"].astype("Int64")
        uit["n"] = uit["n"].astype("Int64")  # gehele getallen in cijfers.csv, leeg waar verborgen
        uit.insert(0, "gemeente_code", code)
        uit.insert(0, "jaar", self.b.jaar)
        return uit[CIJFER_KOLOMMEN]
