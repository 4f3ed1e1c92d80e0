"""Wat de validatie van één run oplevert en hoe elke rij verantwoord wordt (gelezen = geteld + quarantaine)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..inlezen.codeboek import Codeboek
from ..inlezen.params import Params
from ..inlezen.tabellen import Quarantaine, Tabel


@dataclass(frozen=True)
class Telling:
    bestand: str
    gelezen: int
    geteld: int
    quarantaine: int


@dataclass
class JaarInvoer:
    jaar: int
    codeboek: Codeboek
    gemeenten: pd.DataFrame
    uitnodigingen: pd.DataFrame
    antwoorden: pd.DataFrame  # getelde inzendingen, breed; gemeente_code na herindeling


@dataclass
class Validatie:
    params: Params
    jaren: dict[int, JaarInvoer]
    herindelingen: pd.DataFrame
    tellingen: list[Telling] = field(default_factory=list)
    quarantaine: list[Quarantaine] = field(default_factory=list)
    meldingen: list[str] = field(default_factory=list)
    gezondheid: pd.DataFrame | None = None
    buurtgrenzen: object | None = None
    gemeentegrenzen: object | None = None
    koppeling: pd.DataFrame | None = None  # per gemeente: buurten zonder vlak en vlakken zonder cijfers
    bestandsnamen: dict[str, str] = field(default_factory=dict)

    @property
    def fictief(self) -> bool:
        return self.params.fictief


class Boekhouding:
    """Houdt per bestand bij wat gelezen, geteld en in quarantaine gezet is."""

    def __init__(self, validatie: Validatie):
        self.v = validatie

    def sluit(
        self, tabel: Tabel, redenen: dict[int, list[str]], extra_kolommen: dict[str, str] | None = None
    ) -> pd.DataFrame:
        df = tabel.df
        regels = sorted(redenen)
        rijen = df.loc[regels, [k for k in ("respondent_id", "gemeente_code") if k in df]]
        ids = rijen["respondent_id"].tolist() if "respondent_id" in df else [""] * len(regels)
        if "gemeente_code" in df:
            codes = rijen["gemeente_code"].tolist()
        else:
            codes = [(extra_kolommen or {}).get(r, "") for r in regels]
        self.v.quarantaine.extend(
            Quarantaine(
                bestand=tabel.bestand,
                regel=int(regel),
                reden="; ".join(dict.fromkeys(redenen[regel])),
                respondent_id=str(rid),
                gemeente_code=str(code),
            )
            for regel, rid, code in zip(regels, ids, codes, strict=True)
        )
        self.v.quarantaine.extend(tabel.quarantaine)
        self.v.meldingen.extend(tabel.meldingen)
        geteld = df[~df.index.isin(list(redenen))]
        self.v.tellingen.append(
            Telling(tabel.bestand, tabel.gelezen, len(geteld), len(redenen) + len(tabel.quarantaine))
        )
        if len(geteld) + len(redenen) + len(tabel.quarantaine) != tabel.gelezen:
            raise AssertionError(f"{tabel.bestand}: telling sluit niet")
        return geteld
