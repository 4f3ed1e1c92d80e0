"""Groepscijfers en onderdrukking: één berekening voor factsheets en overzicht.

Een groepscijfer is per (vraag, rij, optie): `aantal` gemeenten dat de optie koos, `n` gemeenten
dat de vraag (of matrixrij) beantwoordde, en `percentage` = aantal / n * 100, niet afgerond.

Wat een groep toont (onderdrukking) beslist `openbaarmaking.py` één keer per groep en vraag, voor
elke factsheet gelijk; hier wordt die beslissing alleen toegepast (aantal, percentage en n leeg).
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from ..inlezen.codeboek import Codeboek
from .netjes import OpVerwerkt
from .openbaarmaking import Openbaarmaking, antwoorden_per_tabel, bewaarde_onderdrukking, vormen

SLEUTEL = ["vraag", "rij", "optie"]
CIJFER_KOLOMMEN = ["jaar", "gemeente_code", "groep", "vraag", "rij", "optie", "aantal", "n", "percentage", "onderdrukt"]
GROEPEN = ("gemeente", "vorig_jaar", "landelijk", "provincie", "grootteklasse")


def groepscijfers(lang: pd.DataFrame, codes=None) -> pd.DataFrame:
    """aantal, n en percentage per (vraag, rij, optie) over de gemeenten in `codes` (None = alle)."""
    df = lang if codes is None else lang[lang["gemeente_code"].isin(list(codes))]
    uit = df.groupby(SLEUTEL, sort=False).agg(aantal=("gekozen", "sum"), n=("beantwoord", "sum")).astype("int64")
    if codes is not None and len(uit) < lang[SLEUTEL].drop_duplicates().shape[0]:
        # Een groep zonder gemeenten heeft toch elke vraag, met n = 0.
        alle = lang[SLEUTEL].drop_duplicates().set_index(SLEUTEL).index
        uit = uit.reindex(alle, fill_value=0)
    uit["percentage"] = np.where(uit["n"] > 0, 100.0 * uit["aantal"] / uit["n"].where(uit["n"] > 0, 1), np.nan)
    return uit


def alleen_vergelijkbaar(lang: pd.DataFrame, paren: set[tuple[str, str]]) -> pd.DataFrame:
    """Alleen de (vraag, rij) die in beide jaren hetzelfde gesteld zijn."""
    return lang[[(v, r) in paren for v, r in zip(lang["vraag"], lang["rij"])]]


def per_gemeente(lang: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Eigen antwoorden per gemeente als (vraag, rij, optie) -> aantal (0/1), n (0/1)."""
    return {
        code: df.set_index(SLEUTEL)[["gekozen", "beantwoord"]]
        .rename(columns={"gekozen": "aantal", "beantwoord": "n"})
        .astype("int64")
        for code, df in lang.groupby("gemeente_code")
    }


def _als_cijfers(groep: str, tabel: pd.DataFrame, onderdrukt: pd.Series | None) -> pd.DataFrame:
    """Eén groep in de vorm van `cijfers.csv`: een verborgen cel zonder aantal, percentage of n."""
    df = tabel.copy()
    if "percentage" not in df:
        df["percentage"] = np.where(df["n"] > 0, 100.0 * df["aantal"] / df["n"].clip(lower=1), np.nan)
    df["onderdrukt"] = 0 if onderdrukt is None else onderdrukt.astype("int64")
    df["aantal"] = df["aantal"].astype("Int64").mask(df["onderdrukt"] == 1)
    df["percentage"] = df["percentage"].mask(df["onderdrukt"] == 1)
    # Geen n naast een verborgen cel (contract, sectie 8).
    df["n"] = df["n"].astype("Int64").mask(df["onderdrukt"] == 1)
    df = df.reset_index()
    df.insert(0, "groep", groep)
    return df


class Benchmark(OpVerwerkt):
    """Alle groepscijfers van één run, één keer berekend en daarna per gemeente opgezocht."""

    @cached_property
    def codeboek(self) -> Codeboek:
        return self.codeboek_van(self.jaar)

    @cached_property
    def lang(self) -> pd.DataFrame:
        return self.verwerkt.lang[self.jaar]

    @cached_property
    def deelnemers(self) -> pd.DataFrame:
        """Getelde gemeenten van dit jaar met naam, provincie en grootteklasse."""
        return (
            self.verwerkt.deelnemers[self.jaar]
            .merge(self.verwerkt.gemeenten[self.jaar], on="gemeente_code", how="left")
            .set_index("gemeente_code")
            .sort_index()
        )

    @cached_property
    def landelijk(self) -> pd.DataFrame:
        return groepscijfers(self.lang)

    @cached_property
    def _groepen(self) -> dict[tuple[str, str], pd.DataFrame]:
        tabellen = {}
        for groep, kolom in (("provincie", "provincie_code"), ("grootteklasse", "grootteklasse")):
            for waarde, leden in self.deelnemers.groupby(kolom).groups.items():
                tabellen[(groep, waarde)] = groepscijfers(self.lang, leden)
        return tabellen

    def groep(self, groep: str, waarde: str) -> pd.DataFrame:
        return self._groepen[(groep, waarde)]

    @cached_property
    def leden(self) -> dict[tuple[str, str], frozenset]:
        """(soort, groep) -> getelde gemeenten; ('landelijk', '') = allemaal."""
        uit = {("landelijk", ""): frozenset(self.deelnemers.index)}
        for groep, kolom in (("provincie", "provincie_code"), ("grootteklasse", "grootteklasse")):
            for waarde, wie in self.deelnemers.groupby(kolom).groups.items():
                uit[(groep, waarde)] = frozenset(wie)
        if self.verwerkt.panel is not None and self.vorig_jaar is not None:
            # Het panel van het overzicht is ook een gepubliceerde groep die met de andere overlapt.
            uit[("panel", "")] = frozenset(self.verwerkt.panel.leden) & uit[("landelijk", "")]
        return uit

    @property
    def openbaarmaking_bestand(self):
        return self.params.verwerkt_map / f"openbaarmaking_{self.jaar}.parquet"

    @cached_property
    def openbaarmaking(self) -> Openbaarmaking:
        """Wat elke groep toont, één keer per run beslist (in de validatiestap, `bewaar_openbaarmaking`)."""
        pad, bron = self.openbaarmaking_bestand, self.params.verwerkt_map / f"antwoorden_{self.jaar}.parquet"
        if pad.is_file() and bron.is_file() and pad.stat().st_mtime_ns >= bron.stat().st_mtime_ns:
            cellen = pd.read_parquet(pad).set_index(["soort", "groep", *SLEUTEL])
            return Openbaarmaking(cellen, [])
        return self.bereken_openbaarmaking()

    def bewaar_openbaarmaking(self) -> Openbaarmaking:
        """Eén keer beslissen en bewaren, zodat elke werker dezelfde beslissing leest."""
        uit = self.bereken_openbaarmaking()
        self.openbaarmaking_bestand.parent.mkdir(parents=True, exist_ok=True)
        uit.cellen.reset_index().to_parquet(self.openbaarmaking_bestand, index=False)
        self.__dict__["openbaarmaking"] = uit
        return uit

    def bereken_openbaarmaking(self) -> Openbaarmaking:
        delen = [self.landelijk.reset_index().assign(soort="landelijk", groep="")]
        for (soort, waarde), tabel in self._groepen.items():
            delen.append(tabel.reset_index().assign(soort=soort, groep=waarde))
        if ("panel", "") in self.leden:
            panel = groepscijfers(alleen_vergelijkbaar(self.lang, self.vergelijkbaar), self.leden[("panel", "")])
            delen.append(panel.reset_index().assign(soort="panel", groep=""))
        tabellen = pd.concat(delen, ignore_index=True)[["soort", "groep", *SLEUTEL, "aantal", "n"]]
        return bewaarde_onderdrukking(
            self.params,
            tabellen,
            self.leden,
            vormen(self.codeboek),
            antwoorden_per_tabel(self.lang),
        )

    def onderdrukking(self, groep: str, waarde: str) -> pd.DataFrame:
        """Per (vraag, rij, optie) van één groep: onderdrukt (bool) en reden."""
        return self._onderdrukking[(groep, waarde)]

    def redenen(self, groep: str, waarde: str) -> dict[tuple[str, str], set[str]]:
        """Per (vraag, rij) van één groep: de redenen waarom cellen verborgen zijn (leeg: niets verborgen)."""
        return self._redenen.get((groep, waarde), {})

    @cached_property
    def _redenen(self) -> dict[tuple[str, str], dict[tuple[str, str], set[str]]]:
        # Woordenboeken i.p.v. .loc: een factsheet zoekt tientallen redenen op.
        cellen = self.openbaarmaking.cellen.reset_index()
        uit: dict[tuple[str, str], dict[tuple[str, str], set[str]]] = {}
        for s, g, v, r, reden in zip(cellen["soort"], cellen["groep"], cellen["vraag"], cellen["rij"], cellen["reden"]):
            uit.setdefault((s, g), {}).setdefault((v, r), set()).add(reden)
        return uit

    @cached_property
    def _onderdrukking(self) -> dict[tuple[str, str], pd.DataFrame]:
        cellen = self.openbaarmaking.cellen.sort_index()
        return {
            sleutel: deel.droplevel(["soort", "groep"])[["onderdrukt", "reden"]]
            for sleutel, deel in cellen.groupby(level=["soort", "groep"], sort=False)
        }

    @cached_property
    def _per_gemeente(self):
        return per_gemeente(self.lang)

    @cached_property
    def _vorig_per_gemeente(self):
        vorig = self.verwerkt.vorig_lang_huidige_codes
        return {} if vorig is None else per_gemeente(alleen_vergelijkbaar(vorig, self.vergelijkbaar))

    @cached_property
    def vergelijkbaar(self) -> set[tuple[str, str]]:
        if self.vorig_jaar is None:
            return set()
        return self.codeboek.vergelijkbare_rijen(self.codeboek_van(self.vorig_jaar))

    def eigen(self, code: str) -> pd.DataFrame:
        return self._per_gemeente[code]

    def cijfers(self, code: str) -> pd.DataFrame:
        """Alle benchmarkcijfers van één factsheet, in de vorm van `cijfers.csv` (contract, sectie 8)."""
        if code not in self._per_gemeente:
            raise KeyError(f"{code} is geen getelde gemeente in {self.jaar}")
        info = self.deelnemers.loc[code]
        delen = [_als_cijfers("gemeente", self.eigen(code), None)]
        if code in self._vorig_per_gemeente:
            delen.append(_als_cijfers("vorig_jaar", self._vorig_per_gemeente[code], None))
        for groep, waarde in (
            ("landelijk", ""),
            ("provincie", info["provincie_code"]),
            ("grootteklasse", info["grootteklasse"]),
        ):
            delen.append(self._groep_als_cijfers(groep, waarde))
        uit = pd.concat(delen, ignore_index=True)
        uit.insert(0, "gemeente_code", code)
        uit.insert(0, "jaar", self.jaar)
        volgorde = {v.id: i for i, v in enumerate(self.codeboek.vragen)}
        uit["_v"] = uit["vraag"].map(volgorde)
        uit["_g"] = uit["groep"].map({g: i for i, g in enumerate(GROEPEN)})
        uit = uit.sort_values(["_g", "_v"], kind="stable").drop(columns=["_v", "_g"])
        return uit[CIJFER_KOLOMMEN].reset_index(drop=True)

    def _groep_als_cijfers(self, groep: str, waarde: str) -> pd.DataFrame:
        """De rijen van één groep in `cijfers.csv`: gelijk voor elke gemeente in die groep, dus één keer."""
        bewaard = self.__dict__.setdefault("_groepscijfers_bewaard", {})
        if (groep, waarde) not in bewaard:
            tabel = self.landelijk if groep == "landelijk" else self.groep(groep, waarde)
            onderdrukt = self.onderdrukking(groep, waarde)["onderdrukt"].reindex(tabel.index)
            bewaard[(groep, waarde)] = _als_cijfers(groep, tabel, onderdrukt)
        return bewaard[(groep, waarde)]
