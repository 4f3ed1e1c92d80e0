"""De cijfers van de overzichtsrapportage: respons, elke indicator per jaar, totaal en panel.

Zelfde berekening als de factsheets (`groepscijfers`): het landelijke cijfer in een factsheet is
het cijfer `totaal` van het meetjaar hier. Een cijfer met minder dan `onderdrukking_minimum`
antwoordende gemeenten wordt niet gepubliceerd (aantal en percentage leeg).
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from ..inlezen.codeboek import Codeboek
from .cijfers import alleen_vergelijkbaar, groepscijfers
from .netjes import OpVerwerkt

OVERZICHT_KOLOMMEN = ["jaar", "groep", "vraag", "rij", "optie", "aantal", "n", "percentage"]
RESPONS_KOLOMMEN = [
    "jaar",
    "uitgenodigd",
    "ingevuld",
    "responspercentage",
    "vertegenwoordigde_gemeenten",
    "panel",
    "nieuw",
]


def vertegenwoordigd(deelnemers: pd.DataFrame) -> set[str]:
    codes = set(deelnemers["gemeente_code"])
    for overige in deelnemers["overige_gemeenten"]:
        codes |= set(filter(None, str(overige).split("|")))
    return codes


class Overzichtscijfers(OpVerwerkt):
    def codeboek(self, jaar: int) -> Codeboek:
        return self.codeboek_van(jaar)

    @cached_property
    def vergelijkbaar(self) -> set[tuple[str, str]]:
        if self.vorig_jaar is None:
            return set()
        return self.codeboek(self.jaar).vergelijkbare_rijen(self.codeboek(self.vorig_jaar))

    @cached_property
    def panel_leden(self) -> list[str]:
        return self.verwerkt.panel.leden if self.verwerkt.panel else []

    def _tabel(self, lang: pd.DataFrame, jaar: int, groep: str, codes=None) -> pd.DataFrame:
        tabel = groepscijfers(lang, codes).reset_index()
        te_weinig = tabel["n"] < self.params.onderdrukking_minimum
        tabel["aantal"] = tabel["aantal"].astype("Int64").mask(te_weinig)
        tabel["percentage"] = tabel["percentage"].mask(te_weinig)
        tabel.insert(0, "groep", groep)
        tabel.insert(0, "jaar", jaar)
        return tabel

    def _openbaar_panel(self, tabel: pd.DataFrame) -> pd.DataFrame:
        """Het panel van dit jaar overlapt met landelijk, provincie en grootteklasse: dezelfde openbaarmaking."""
        from .cijfers import Benchmark

        cellen = Benchmark(self.verwerkt).openbaarmaking.cellen
        if "panel" not in cellen.index.get_level_values("soort"):
            return tabel
        weg = cellen.xs(("panel", ""), level=["soort", "groep"])["onderdrukt"]
        masker = pd.Series(
            [bool(weg.get((v, r, o), False)) for v, r, o in zip(tabel["vraag"], tabel["rij"], tabel["optie"])],
            index=tabel.index,
        )
        tabel["aantal"] = tabel["aantal"].mask(masker)
        tabel["percentage"] = tabel["percentage"].mask(masker)
        tabel["n"] = tabel["n"].astype("Int64").mask(masker)
        return tabel

    @cached_property
    def cijfers(self) -> pd.DataFrame:
        """overzicht_cijfers.csv (contract, sectie 8)."""
        delen = [self._tabel(self.verwerkt.lang[j], j, "totaal") for j in self.params.jaren]
        if self.vorig_jaar is not None and self.panel_leden:
            for jaar, lang in (
                (self.vorig_jaar, self.verwerkt.vorig_lang_huidige_codes),
                (self.jaar, self.verwerkt.lang[self.jaar]),
            ):
                tabel = self._tabel(alleen_vergelijkbaar(lang, self.vergelijkbaar), jaar, "panel", self.panel_leden)
                if jaar == self.jaar:
                    tabel = self._openbaar_panel(tabel)
                delen.append(tabel)
        uit = pd.concat(delen, ignore_index=True)
        volgorde = {}
        for j in self.params.jaren:
            for i, v in enumerate(self.codeboek(j).vragen):
                volgorde.setdefault(v.id, i)
        uit["_v"] = uit["vraag"].map(volgorde)
        uit["_g"] = uit["groep"].map({"totaal": 0, "panel": 1})
        uit = uit.sort_values(["_g", "jaar", "_v"], kind="stable").drop(columns=["_v", "_g"])
        return uit[OVERZICHT_KOLOMMEN].reset_index(drop=True)

    def cijfer(self, jaar: int, groep: str, vraag: str, rij: str, optie: str) -> dict | None:
        return self._opzoek.get((jaar, groep, vraag, rij, optie))

    @cached_property
    def _opzoek(self) -> dict[tuple, dict]:
        return {(r["jaar"], r["groep"], r["vraag"], r["rij"], r["optie"]): r for r in self.cijfers.to_dict("records")}

    @cached_property
    def respons(self) -> pd.DataFrame:
        """respons.csv (contract, sectie 8)."""
        rijen = []
        deelnemers = self.verwerkt.deelnemers
        for jaar in self.params.jaren:
            uitgenodigd = len(self.verwerkt.uitnodigingen[jaar])
            ingevuld = len(deelnemers[jaar])
            rij = {
                "jaar": jaar,
                "uitgenodigd": uitgenodigd,
                "ingevuld": ingevuld,
                "responspercentage": 100.0 * ingevuld / uitgenodigd if uitgenodigd else np.nan,
                "vertegenwoordigde_gemeenten": len(vertegenwoordigd(deelnemers[jaar])),
                "panel": len(self.panel_leden) if self.vorig_jaar is not None else pd.NA,
                "nieuw": pd.NA,
            }
            if jaar == self.jaar and self.vorig_jaar is not None:
                vorige = set(self.verwerkt.panel.vorig_naar_huidig.values())
                rij["nieuw"] = len(set(deelnemers[jaar]["gemeente_code"]) - vorige)
            rijen.append(rij)
        df = pd.DataFrame(rijen, columns=RESPONS_KOLOMMEN)
        df["panel"] = df["panel"].astype("Int64")
        df["nieuw"] = df["nieuw"].astype("Int64")
        return df

    @cached_property
    def per_provincie(self) -> pd.DataFrame:
        """Ingevulde vragenlijsten per provincie en jaar (provincie van de eerste gemeente)."""
        delen = []
        for jaar in self.params.jaren:
            df = self.verwerkt.deelnemers[jaar].merge(self.verwerkt.gemeenten[jaar], on="gemeente_code", how="left")
            telling = df.groupby("provincie_naam").size().rename("ingevuld").reset_index()
            telling.insert(0, "jaar", jaar)
            delen.append(telling)
        alle = pd.concat(delen, ignore_index=True)
        provincies = sorted(set(self.verwerkt.gemeenten[self.jaar]["provincie_naam"]))
        breed = alle.pivot(index="provincie_naam", columns="jaar", values="ingevuld").reindex(provincies).fillna(0)
        return breed.astype("int64").reset_index().rename(columns={"provincie_naam": "provincie"})

    @cached_property
    def periode(self) -> dict[int, tuple[pd.Timestamp, pd.Timestamp]]:
        uit = {}
        for jaar in self.params.jaren:
            tijden = pd.to_datetime(self.verwerkt.deelnemers[jaar]["ingediend_op"], format="ISO8601", utc=True)
            uit[jaar] = (tijden.min(), tijden.max())
        return uit

    def item_nonrespons(self, jaar: int) -> pd.DataFrame:
        """Per vraag (en matrixrij): n en het aantal getelde gemeenten dat hem oversloeg."""
        totaal = len(self.verwerkt.deelnemers[jaar])
        df = self.cijfers[(self.cijfers["jaar"] == jaar) & (self.cijfers["groep"] == "totaal")]
        per = df.groupby(["vraag", "rij"], sort=False)["n"].first().reset_index()
        per["niet_beantwoord"] = totaal - per["n"]
        return per
