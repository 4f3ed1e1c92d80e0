"""Regels die een analist zonder Python aanpast (map `rules/`), bij het laden gecontroleerd.

Voorwaarden en zinnen zijn in de regeltaal van `inlezen/regeltaal.py` (Jinja2 in een sandbox):
er wordt geen Python uitgevoerd, en een tikfout geeft een melding met bestand, regel-id en regelnummer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from .config import REGELS
from .fouten import InvoerFout
from .inlezen.regeltaal import Plek, Sjabloon, Voorwaarde, controleer, regelnummers, suggestie  # noqa: F401 (suggestie: ook voor andere regelbestanden)
from .inlezen.yamlbestand import lees_model


@dataclass(frozen=True)
class Zin:
    """Een gekozen en ingevulde zin, met de id van de regel die hem koos (voor teksten.csv)."""

    regel: str
    tekst: str


class Tekstregel(BaseModel):
    """Een zin met een voorwaarde, in de regeltaal (`inlezen/regeltaal.py`)."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)
    id: str = Field(pattern=r"^[a-z0-9_]+$", description="unieke naam van de regel, komt in teksten.csv")
    als: str | None = Field(None, description="voorwaarde; leeg of ontbrekend = altijd")
    tekst: str
    _voorwaarde: Voorwaarde | None = PrivateAttr(None)
    _sjabloon: Sjabloon | None = PrivateAttr(None)

    def ontleed(self, bestand: Path, regelnummer: int | None) -> None:
        plek = Plek(Path(bestand), self.id, regelnummer)
        self._voorwaarde = Voorwaarde.ontleed(self.als, plek) if self.als not in (None, "") else None
        self._sjabloon = Sjabloon.ontleed(self.tekst, Plek(Path(bestand), self.id, regelnummer, "tekst"))

    @property
    def namen(self) -> set[str]:
        return set(self._sjabloon.namen) | (set(self._voorwaarde.namen) if self._voorwaarde else set())

    def geldt(self, waarden: dict) -> bool:
        return self._voorwaarde is None or self._voorwaarde.geldt(waarden)

    def controleer(self, bekend: dict) -> None:
        if self._voorwaarde is not None:
            controleer(self._voorwaarde, bekend)
        controleer(self._sjabloon, bekend)

    def vul_in(self, context: dict) -> str:
        return self._sjabloon.vul_in(context)


class Teksten(BaseModel):
    model_config = ConfigDict(extra="forbid")
    samenvatting: list[Tekstregel]
    respons: list[Tekstregel] = Field(default_factory=list)

    def lijsten(self) -> dict[str, list[Tekstregel]]:
        return {"samenvatting": self.samenvatting, "respons": self.respons}


SOORTEN_BEVINDING = ("stijging_panel", "daling_panel", "stijging_totaal", "daling_totaal", "verschil", "meest", "minst")


class Bevindingregel(Tekstregel):
    """Een bevinding: een kop en een zin over één cijfer dat de regels zelf uitkiezen (zie `soort`)."""

    soort: Literal[SOORTEN_BEVINDING]  # type: ignore[valid-type]
    kop: str = ""
    _kop: Sjabloon | None = PrivateAttr(None)

    def ontleed(self, bestand: Path, regelnummer: int | None) -> None:
        super().ontleed(bestand, regelnummer)
        self._kop = Sjabloon.ontleed(self.kop, Plek(Path(bestand), self.id, regelnummer, "kop"))

    @property
    def namen(self) -> set[str]:
        return super().namen | set(self._kop.namen)

    def controleer(self, bekend: dict) -> None:
        super().controleer(bekend)
        controleer(self._kop, bekend)

    def vul_kop_in(self, context: dict) -> str:
        return self._kop.vul_in(context)


class Bevindingen(BaseModel):
    """Drempels en zinnen van de bevindingen in de overzichtsrapportage (rules/overzicht_teksten.yml)."""

    model_config = ConfigDict(extra="forbid")
    drempel: float = Field(5, gt=0, description="verandering in procentpunten vanaf waar een bevinding telt")
    verschil_drempel: float = Field(5, gt=0, description="procentpunten verschil tussen panel en alle respondenten")
    samenvatting_min: int = Field(4, ge=1)
    samenvatting_max: int = Field(6, ge=1)
    samenvatting_volgorde: list[Literal[SOORTEN_BEVINDING]]  # type: ignore[valid-type]
    paragraaf_volgorde: list[Literal[SOORTEN_BEVINDING]]  # type: ignore[valid-type]
    samenvatting: list[Bevindingregel]
    paragraaf: list[Bevindingregel]

    @model_validator(mode="after")
    def _grenzen(self) -> Bevindingen:
        if self.samenvatting_min > self.samenvatting_max:
            raise ValueError("samenvatting_min is groter dan samenvatting_max")
        return self


class Overzichtteksten(Teksten):
    bevindingen: Bevindingen
    inleiding: list[Tekstregel] = Field(default_factory=list)

    def lijsten(self) -> dict[str, list[Tekstregel]]:
        return {
            **super().lijsten(),
            "inleiding": self.inleiding,
            ("bevindingen", "samenvatting"): self.bevindingen.samenvatting,
            ("bevindingen", "paragraaf"): self.bevindingen.paragraaf,
        }


def ontleed_regels(model: BaseModel, pad: Path) -> None:
    """Ontleed elke Tekstregel in het model, met het regelnummer uit het YAML-bestand; ids uniek."""
    nummers = regelnummers(pad)
    gezien: set[str] = set()
    for lijst, regels in model.lijsten().items():
        plek = lijst if isinstance(lijst, tuple) else (lijst,)
        for i, regel in enumerate(regels):
            if regel.id in gezien:
                raise InvoerFout(pad, f"regel-id '{regel.id}' komt twee keer voor", regel=nummers.get((*plek, i)))
            gezien.add(regel.id)
            regel.ontleed(pad, nummers.get((*plek, i)))


class Fase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    naam: str
    tot: float


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


def controleer_velden(teksten: Teksten, getallen: set[str], woorden: set[str], pad: Path | None = None) -> None:
    bekend = dict.fromkeys(getallen | woorden)
    for regels in teksten.lijsten().values():
        for regel in regels:
            regel.controleer(bekend)


def kies(regels: list[Tekstregel], waarden: dict, tekstvorm: dict | None = None) -> list[Zin]:
    """De zinnen van de regels waarvan de voorwaarde geldt; `tekstvorm` geeft de tekst van een getal (57%)."""
    context = {**waarden, **(tekstvorm or {})}
    return [Zin(r.id, r.vul_in(context)) for r in regels if r.geldt(waarden)]


def vul_in(regels: list[Tekstregel], waarden: dict, tekstvorm: dict | None = None) -> list[str]:
    return [z.tekst for z in kies(regels, waarden, tekstvorm)]


@cache
def laad_fasen(pad: Path = REGELS / "fasen.yml") -> Fasen:
    return lees_model(Fasen, pad)


@cache
def laad_overzichtteksten(pad: Path) -> Overzichtteksten:
    teksten = lees_model(Overzichtteksten, pad)
    ontleed_regels(teksten, Path(pad))
    return teksten


@cache
def laad_teksten(pad: Path) -> Teksten:
    teksten = lees_model(Teksten, pad)
    ontleed_regels(teksten, Path(pad))
    return teksten
