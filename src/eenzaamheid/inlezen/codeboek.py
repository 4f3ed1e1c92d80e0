"""Het codeboek van één meetjaar: vragen, opties, rijen en de onderdelen (actielijnen, pijlers)."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from .yamlbestand import lees_model

VraagType = Literal["enkel", "meer", "matrix", "open"]
_CODE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")


# De vaste kolommen vooraan elke vragenlijst-export (contract, sectie 1); daarna die van het codeboek.
VASTE_EXPORTKOLOMMEN = (
    "respondent_id",
    "gemeente_code",
    "overige_gemeenten",
    "contactpersoon",
    "email",
    "gestart_op",
    "ingediend_op",
)


def _controleer_code(code: str) -> str:
    # Een dubbele underscore scheidt vraag en optie/rij in de exportkolommen (`<id>__<optie>`).
    if not _CODE.fullmatch(code):
        raise ValueError(f"code '{code}' mag alleen kleine letters, cijfers en enkele _ bevatten")
    return code


class Optie(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str
    label: str
    rang: int | None = None
    exclusief: bool = False

    _code = field_validator("code")(_controleer_code)


class Rij(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str
    label: str

    _code = field_validator("code")(_controleer_code)


class Vraag(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    onderdeel: str
    type: VraagType
    tekst: str
    fase: bool = False
    opties: tuple[Optie, ...] = ()
    rijen: tuple[Rij, ...] = ()

    _id = field_validator("id")(_controleer_code)

    @model_validator(mode="after")
    def _samenhang(self) -> Vraag:
        if self.type != "open" and not self.opties:
            raise ValueError(f"vraag {self.id} ({self.type}) heeft geen opties")
        if self.type == "matrix" and not self.rijen:
            raise ValueError(f"matrixvraag {self.id} heeft geen rijen")
        if self.type != "matrix" and self.rijen:
            raise ValueError(f"vraag {self.id} heeft rijen maar is geen matrixvraag")
        for soort, codes in (("optie", [o.code for o in self.opties]), ("rij", [r.code for r in self.rijen])):
            dubbel = sorted({c for c in codes if codes.count(c) > 1})
            if dubbel:
                raise ValueError(f"vraag {self.id}: {soort}code {dubbel[0]} komt dubbel voor")
        if self.fase:
            zonder = [o.code for o in self.opties if o.rang is None]
            if zonder:
                raise ValueError(f"fasevraag {self.id}: optie {zonder[0]} heeft geen rang")
        if any(o.exclusief for o in self.opties) and self.type != "meer":
            raise ValueError(f"vraag {self.id}: 'exclusief' kan alleen bij type meer")
        return self

    @property
    def rij_codes(self) -> tuple[str, ...]:
        # Vragen zonder rijen hebben één 'rij' met lege code; zo is elk cijfer (vraag, rij, optie).
        return tuple(r.code for r in self.rijen) or ("",)

    def optie(self, code: str) -> Optie:
        return next(o for o in self.opties if o.code == code)

    def rij_label(self, code: str) -> str:
        return next((r.label for r in self.rijen if r.code == code), "")

    @property
    def max_rang(self) -> int:
        return max(o.rang or 0 for o in self.opties)


class Codeboek(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    jaar: int
    onderdelen: dict[str, str]
    vragen: tuple[Vraag, ...]

    @model_validator(mode="after")
    def _samenhang(self) -> Codeboek:
        ids = [v.id for v in self.vragen]
        dubbel = sorted({i for i in ids if ids.count(i) > 1})
        if dubbel:
            raise ValueError(f"vraag-id {dubbel[0]} komt dubbel voor")
        for v in self.vragen:
            if v.onderdeel not in self.onderdelen:
                raise ValueError(f"vraag {v.id}: onderdeel '{v.onderdeel}' staat niet onder onderdelen")
        return self

    @cached_property
    def per_id(self) -> dict[str, Vraag]:
        return {v.id: v for v in self.vragen}

    @property
    def gesloten_vragen(self) -> list[Vraag]:
        return [v for v in self.vragen if v.type != "open"]

    @property
    def open_vragen(self) -> list[Vraag]:
        return [v for v in self.vragen if v.type == "open"]

    def kolommen(self) -> dict[str, tuple[Vraag, str]]:
        """Exportkolom -> (vraag, rij- of optiecode; leeg bij enkel en open)."""
        kolommen: dict[str, tuple[Vraag, str]] = {}
        for v in self.vragen:
            if v.type in ("enkel", "open"):
                kolommen[v.id] = (v, "")
            elif v.type == "meer":
                for o in v.opties:
                    kolommen[f"{v.id}__{o.code}"] = (v, o.code)
            else:
                for r in v.rijen:
                    kolommen[f"{v.id}__{r.code}"] = (v, r.code)
        return kolommen

    def vergelijkbare_rijen(self, ander: Codeboek) -> set[tuple[str, str]]:
        """(vraag, rij) die in beide jaren bestaan met dezelfde id, type en opties (trend)."""
        paren: set[tuple[str, str]] = set()
        for v in self.gesloten_vragen:
            w = ander.per_id.get(v.id)
            if w is None or w.type != v.type:
                continue
            if [o.code for o in v.opties] != [o.code for o in w.opties]:
                continue
            for rij in v.rij_codes:
                if rij in w.rij_codes:
                    paren.add((v.id, rij))
        return paren


def lees_codeboek(pad: Path) -> Codeboek:
    return lees_model(Codeboek, Path(pad))
