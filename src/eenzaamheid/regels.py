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
from .inlezen.regeltaal import Plek, Sjabloon, Voorwaarde, controleer, regelnummers, suggestie
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
    sleutel: str = Field(pattern=r"^[a-z0-9_]+$", description="vaste naam, in cijfers.csv en in de regeltaal")
    naam: str
    tot: float
    uitleg: str = Field(description="één zin voor de lezer: wat deze fase betekent")


class Onderdeelfase(BaseModel):
    """Waaruit de fase van één actielijn of pijler volgt."""

    model_config = ConfigDict(extra="forbid")
    meet: str = Field(description="waarop de fase berust, voor de lezer")
    vragen: list[str] | None = Field(None, description="leeg = de vragen met fase: true van dit onderdeel")
    rangen: dict[str, dict[str, int]] = Field(default_factory=dict, description="vraag -> optie -> rang")


class Fasen(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fasen: list[Fase]
    vergelijking_drempel: float = Field(0.5, gt=0, le=1)
    onderdelen: dict[str, Onderdeelfase] = Field(default_factory=dict)
    buiten_fase: dict[str, str] = Field(default_factory=dict, description="vraag -> wat de vraag meet")
    teksten: list[Tekstregel] = Field(default_factory=list, description="zinnen bij de fase van een onderdeel")

    def lijsten(self) -> dict[str, list[Tekstregel]]:
        return {"teksten": self.teksten}

    @model_validator(mode="after")
    def _oplopend(self) -> Fasen:
        grenzen = [f.tot for f in self.fasen]
        if grenzen != sorted(grenzen) or len(set(grenzen)) != len(grenzen):
            raise ValueError("de grenzen ('tot') van de fasen moeten oplopen")
        if grenzen[-1] <= 1:
            raise ValueError("de laatste fase moet tot boven 1 lopen, zodat de hoogste rang erin valt")
        sleutels = [f.sleutel for f in self.fasen]
        if len(set(sleutels)) != len(sleutels):
            raise ValueError("elke fase moet een eigen sleutel hebben")
        return self

    def bij(self, verhouding: float) -> Fase:
        """De fase van een verhouding rang / hoogste rang (0 tot en met 1)."""
        return next(f for f in self.fasen if verhouding < f.tot)

    def fase(self, rang: int, max_rang: int) -> str:
        return self.bij(rang / max_rang if max_rang else 0).naam

    @property
    def sleutels(self) -> list[str]:
        return [f.sleutel for f in self.fasen]

    def per_sleutel(self, sleutel: str) -> Fase:
        return next(f for f in self.fasen if f.sleutel == sleutel)

    def vragen_van(self, onderdeel: str, codeboek) -> list:
        """De vragen (uit `codeboek`) waaruit de fase van `onderdeel` volgt."""
        regel = self.onderdelen[onderdeel]
        if regel.vragen is not None:
            return [codeboek.per_id[v] for v in regel.vragen]
        return [
            v for v in codeboek.gesloten_vragen if v.onderdeel == onderdeel and v.fase and v.id not in self.buiten_fase
        ]

    def rang(self, onderdeel: str, vraag, optie: str) -> int | None:
        eigen = self.onderdelen[onderdeel].rangen.get(vraag.id)
        if eigen is not None:
            return eigen.get(optie)
        return vraag.optie(optie).rang

    def max_rang(self, onderdeel: str, vraag) -> int:
        return max(self.rang(onderdeel, vraag, o.code) or 0 for o in vraag.opties)

    def controleer(self, codeboek, pad: Path) -> None:
        """Elk onderdeel, elke vraag en optie bestaat in het codeboek; elke fasevraag heeft rangen."""
        nummers = regelnummers(pad)
        for onderdeel, regel in self.onderdelen.items():
            plek = Plek(Path(pad), onderdeel, nummers.get(("onderdelen", onderdeel)), "onderdelen")
            if onderdeel not in codeboek.onderdelen:
                raise plek.fout(f"onbekend onderdeel{suggestie(onderdeel, codeboek.onderdelen)}")
            for i, vraag_id in enumerate(regel.vragen or []):
                if vraag_id not in codeboek.per_id:
                    raise Plek(
                        Path(pad), onderdeel, nummers.get(("onderdelen", onderdeel, "vragen", i)), "vragen"
                    ).fout(f"onbekende vraag '{vraag_id}'{suggestie(vraag_id, codeboek.per_id)}")
            for vraag_id, rangen in regel.rangen.items():
                plek_r = Plek(
                    Path(pad), onderdeel, nummers.get(("onderdelen", onderdeel, "rangen", vraag_id)), "rangen"
                )
                if vraag_id not in codeboek.per_id:
                    raise plek_r.fout(f"onbekende vraag '{vraag_id}'{suggestie(vraag_id, codeboek.per_id)}")
                opties = [o.code for o in codeboek.per_id[vraag_id].opties]
                for optie in rangen:
                    if optie not in opties:
                        raise plek_r.fout(f"'{optie}' is geen optie van {vraag_id}{suggestie(optie, opties)}")
            vragen = self.vragen_van(onderdeel, codeboek)
            if not vragen:
                raise plek.fout("geen vragen om de fase uit af te leiden; noem ze onder 'vragen'")
            for vraag in vragen:
                if vraag.type == "open":
                    raise plek.fout(f"vraag '{vraag.id}' is een open vraag en heeft geen antwoordschaal")
                zonder = [o.code for o in vraag.opties if self.rang(onderdeel, vraag, o.code) is None]
                if zonder:
                    raise plek.fout(
                        f"optie '{zonder[0]}' van vraag '{vraag.id}' heeft geen rang; geef die onder 'rangen'"
                    )
                if vraag.id in self.buiten_fase:
                    raise plek.fout(f"vraag '{vraag.id}' staat ook onder buiten_fase")
        for vraag_id in self.buiten_fase:
            if vraag_id not in codeboek.per_id:
                raise Plek(Path(pad), vraag_id, nummers.get(("buiten_fase", vraag_id)), "buiten_fase").fout(
                    f"onbekende vraag '{vraag_id}'{suggestie(vraag_id, codeboek.per_id)}"
                )


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


FASETEKST_NAMEN = {
    "onderdeel_naam": None,
    "fase": None,
    "fase_naam": None,
    "fase_naam_vergelijkbaar": None,
    "uitleg": None,
    "meet": None,
    "gemeente_naam": None,
    "vorig_jaar": None,
    "vorig_fase_naam": None,
    "ontwikkeling": {"vooruit", "achteruit", "gelijk"},
}


@cache
def laad_fasen(pad: Path = REGELS / "fasen.yml") -> Fasen:
    fasen = lees_model(Fasen, pad)
    ontleed_regels(fasen, Path(pad))
    bekend = dict(FASETEKST_NAMEN, fase=set(fasen.sleutels))
    for regel in fasen.teksten:
        regel.controleer(bekend)
    return fasen


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
