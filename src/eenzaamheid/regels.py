"""Regels die een analist zonder Python aanpast (map `rules/`), bij het laden gecontroleerd.

Voorwaarden zijn bewust eenvoudig (veld, vergelijking, getal; 'en' ertussen): er wordt niets
uitgevoerd als code, en een tikfout geeft een melding met bestand en regelnummer.
"""

from __future__ import annotations

import operator
import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .config import REGELS
from .fouten import InvoerFout
from .inlezen.yamlbestand import lees_model

OPERATOREN = {
    ">=": operator.ge,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    "<": operator.lt,
}
_VOORWAARDE = re.compile(r"^\s*([a-z_]+)\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:[.,]\d+)?|[a-z_]+)\s*$")


@dataclass(frozen=True)
class Voorwaarde:
    veld: str
    op: str
    waarde: float | str  # een getal, of de naam van een ander getal

    def klopt(self, velden: dict) -> bool:
        rechts = velden[self.waarde] if isinstance(self.waarde, str) else self.waarde
        return OPERATOREN[self.op](float(velden[self.veld]), float(rechts))

    @property
    def velden(self) -> set[str]:
        return {self.veld} | ({self.waarde} if isinstance(self.waarde, str) else set())


def ontleed(als: str) -> list[Voorwaarde]:
    delen = []
    for deel in als.split(" en "):
        m = _VOORWAARDE.match(deel)
        if not m:
            raise ValueError(
                f"voorwaarde '{deel.strip()}' niet begrepen: gebruik bijvoorbeeld 'aantal_verder > 0' of 'aantal_a < aantal_b'"
            )
        rechts = m.group(3)
        waarde = rechts if re.fullmatch(r"[a-z_]+", rechts) else float(rechts.replace(",", "."))
        delen.append(Voorwaarde(m.group(1), m.group(2), waarde))
    return delen


class Tekstregel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field("", description="naam van de regel; staat bij de gekozen zin in de inhoud")
    als: str = Field(description="voorwaarde(n); leeg of ontbrekend = altijd")
    tekst: str

    @field_validator("als")
    @classmethod
    def _als(cls, waarde: str) -> str:
        ontleed(waarde)
        return waarde

    def voorwaarden(self) -> list[Voorwaarde]:
        return ontleed(self.als)

    def velden_in_tekst(self) -> set[str]:
        return {v for _, v, _, _ in string.Formatter().parse(self.tekst) if v}


class Teksten(BaseModel):
    model_config = ConfigDict(extra="forbid")
    samenvatting: list[Tekstregel]
    respons: list[Tekstregel] = Field(default_factory=list)

    def lijsten(self) -> dict[str, list[Tekstregel]]:
        return {"samenvatting": self.samenvatting, "respons": self.respons}

    @model_validator(mode="after")
    def _unieke_ids(self) -> Teksten:
        for lijst, regels in self.lijsten().items():
            ids = [r.id for r in regels if r.id]
            dubbel = sorted({i for i in ids if ids.count(i) > 1})
            if dubbel:
                raise ValueError(f"regel-id '{dubbel[0]}' staat meer dan eens in {lijst}")
        return self


class Fase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    naam: str
    tot: float
    uitleg: str = ""


class Fasen(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fasen: list[Fase]
    vergelijking_drempel: float = Field(0.5, gt=0, le=1)

    @model_validator(mode="after")
    def _oplopend(self) -> Fasen:
        grenzen = [f.tot for f in self.fasen]
        if grenzen != sorted(grenzen) or len(set(grenzen)) != len(grenzen):
            raise ValueError("de grenzen ('tot') van de fasen moeten oplopen")
        if grenzen[-1] <= 1:
            raise ValueError("de laatste fase moet tot boven 1 lopen, zodat de hoogste rang erin valt")
        return self

    def fase(self, rang: int, max_rang: int) -> str:
        verhouding = rang / max_rang if max_rang else 0
        return next(f.naam for f in self.fasen if verhouding < f.tot)


def suggestie(veld: str, bekend: set[str]) -> str:
    import difflib

    dichtbij = difflib.get_close_matches(veld, sorted(bekend), n=3)
    if dichtbij:
        return f" (bedoelt u {' of '.join(dichtbij)}?)"
    return f" (bekend: {', '.join(sorted(bekend))})" if len(bekend) <= 30 else ""


def controleer_velden(teksten: Teksten, getallen: set[str], woorden: set[str], pad: Path) -> None:
    for lijst, regels in teksten.lijsten().items():
        for i, regel in enumerate(regels):
            for v in regel.voorwaarden():
                for veld in sorted(v.velden - getallen):
                    raise InvoerFout(
                        pad,
                        f"onbekend getal '{veld}' in de voorwaarde{suggestie(veld, getallen)}",
                        kolom=f"{lijst}[{i}].als",
                    )
            onbekend = regel.velden_in_tekst() - getallen - woorden
            if onbekend:
                veld = sorted(onbekend)[0]
                raise InvoerFout(
                    pad,
                    f"onbekend veld {{{veld}}} in de tekst{suggestie(veld, getallen | woorden)}",
                    kolom=f"{lijst}[{i}].tekst",
                )


def kies(regels: list[Tekstregel], velden: dict, maximum: int | None = None) -> list[tuple[str, str]]:
    """(id van de regel, ingevulde zin) van de regels die kloppen, in volgorde, ten hoogste `maximum`."""
    uit = []
    for i, regel in enumerate(regels):
        if all(v.klopt(velden) for v in regel.voorwaarden()):
            uit.append((regel.id or f"regel {i + 1}", regel.tekst.format(**velden)))
    return uit[:maximum]


def vul_in(regels: list[Tekstregel], velden: dict, opmaak: dict | None = None) -> list[str]:
    """Zinnen van de regels die kloppen; `opmaak` geeft de tekstvorm van een getal (57%)."""
    tekstvorm = {**velden, **(opmaak or {})}
    uit = []
    for regel in regels:
        if all(v.klopt(velden) for v in regel.voorwaarden()):
            uit.append(regel.tekst.format(**tekstvorm))
    return uit


@cache
def laad_fasen(pad: Path = REGELS / "fasen.yml") -> Fasen:
    return lees_model(Fasen, pad)


@cache
def laad_teksten(pad: Path) -> Teksten:
    return lees_model(Teksten, pad)
