"""Run-parameters (contract, sectie 7): één YAML-bestand per meetjaar, `--params FILE`.

Relatieve paden zijn relatief aan de map van het parameterbestand. Naast de sleutels van het
contract kent het project eigen sleutels: grootteklassen, de onderdrukkingsdrempel en of de
gegevens fictief zijn.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from .yamlbestand import lees_model


def _pad(waarde: str | None, info: ValidationInfo) -> Path | None:
    if waarde is None:
        return None
    return (info.context["map"] / str(waarde)).resolve()


class Bronnen(BaseModel):
    model_config = ConfigDict(extra="forbid")
    antwoorden: Path
    codeboek: Path
    uitnodigingen: Path
    gemeenten: Path

    @field_validator("*", mode="before")
    @classmethod
    def _relatief(cls, waarde, info: ValidationInfo):
        return _pad(waarde, info)


class Grootteklasse(BaseModel):
    model_config = ConfigDict(extra="forbid")
    naam: str
    vanaf: int = Field(ge=0, description="inwoners, inclusief")
    tot: int | None = Field(default=None, description="inwoners, exclusief; leeg = geen grens")


class Kaartinstellingen(BaseModel):
    """De buurtkaart van de factsheet: welke lagen (indicator x leeftijd), de eerste is de standaard."""

    model_config = ConfigDict(extra="forbid")
    lagen: list[tuple[str, str]] = Field(
        default_factory=lambda: [
            ("eenzaam", "65+"),
            ("ernstig_eenzaam", "65+"),
            ("eenzaam", "18+"),
            ("ernstig_eenzaam", "18+"),
        ],
        description="(indicator, leeftijd); indicator zoals in gezondheid_kolommen, leeftijd '18+' of '65+'",
    )
    klassen: int = Field(5, ge=3, le=7, description="aantal kleurklassen (kwantielen over alle buurten van de run)")
    vereenvoudiging_m: float = Field(
        12.0, ge=0, description="tolerantie in meter bij het vereenvoudigen van de buurtgrenzen"
    )

    @field_validator("lagen")
    @classmethod
    def _lagen(cls, lagen):
        from .gebieden import INDICATOREN

        if not lagen:
            raise ValueError("kaart.lagen is leeg")
        for indicator, leeftijd in lagen:
            if indicator not in INDICATOREN:
                raise ValueError(f"kaart.lagen: onbekende indicator '{indicator}' (bekend: {', '.join(INDICATOREN)})")
            if leeftijd not in ("18+", "65+"):
                raise ValueError(f"kaart.lagen: leeftijd '{leeftijd}' moet '18+' of '65+' zijn")
        return lagen


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")
    jaar: int
    vorig_jaar: int | None = None
    bronnen: dict[int, Bronnen]
    herindelingen: Path
    gezondheid: Path | list[Path] | None = Field(
        None, description="RIVM-tabel: één bestand, of een lijst als de tabel per leeftijdsgroep komt"
    )
    buurtgrenzen: Path | None = None
    gemeentegrenzen: Path | None = None
    uitvoer: Path
    verwerkt: Path | None = Field(None, description="map voor de nette tabellen; standaard <uitvoer>/verwerkt")
    # Eigen sleutels van dit project.
    fictief: bool = Field(False, description="gegevens zijn verzonnen; elke uitvoer zegt dat")
    onderdrukking_minimum: int = Field(
        5, ge=5, description="minimaal aantal andere gemeenten in een groep voor een groepscijfer (ten minste 5)"
    )
    onderdrukking_klein: int = Field(
        2, ge=1, description="een groepscel met 1 t/m dit aantal gemeenten, of op zo veel na allemaal, vervalt"
    )
    openbaarmaking_paren: bool = Field(
        True, description="de onderdrukking beschermt ook tegen twee gemeenten die hun factsheets samenleggen"
    )
    grootteklassen: list[Grootteklasse] = Field(
        default_factory=lambda: [
            Grootteklasse(naam="tot 20.000 inwoners", vanaf=0, tot=20_000),
            Grootteklasse(naam="20.000 tot 50.000 inwoners", vanaf=20_000, tot=50_000),
            Grootteklasse(naam="50.000 tot 100.000 inwoners", vanaf=50_000, tot=100_000),
            Grootteklasse(naam="100.000 inwoners of meer", vanaf=100_000),
        ]
    )
    tips_maximum: int = Field(5, ge=1, description="ten hoogste zoveel tips per factsheet")
    regels_tips: Path | None = Field(None, description="tipcatalogus; standaard rules/tips.yml")
    regels_fasen: Path | None = Field(None, description="fasen per onderdeel; standaard rules/fasen.yml")
    gezondheid_kolommen: dict[str, str] = Field(
        default_factory=dict, description="indicator -> stam van de RIVM-kolom, als die afwijkt van de standaard"
    )
    gezondheid_leeftijden: dict[str, str] = Field(
        default_factory=dict,
        description="code in de kolom Leeftijd -> '18+' of '65+', voor edities met andere codes dan 20300/80200",
    )
    kaart: Kaartinstellingen = Field(default_factory=lambda: Kaartinstellingen())

    @field_validator("gezondheid", mode="before")
    @classmethod
    def _relatief_of_lijst(cls, waarde, info: ValidationInfo):
        if isinstance(waarde, list):
            if not waarde:
                raise ValueError("gezondheid: een lege lijst; laat de sleutel weg als er geen RIVM-tabel is")
            return [_pad(w, info) for w in waarde]
        return _pad(waarde, info)

    @field_validator("gezondheid_leeftijden")
    @classmethod
    def _leeftijdsgroepen(cls, waarde: dict[str, str]):
        for code, groep in waarde.items():
            if groep not in ("18+", "65+"):
                raise ValueError(f"gezondheid_leeftijden: '{code}' moet naar '18+' of '65+' wijzen, niet '{groep}'")
        return waarde

    @property
    def gezondheid_bestanden(self) -> list[Path]:
        if self.gezondheid is None:
            return []
        return list(self.gezondheid) if isinstance(self.gezondheid, list) else [self.gezondheid]

    @field_validator(
        "herindelingen",
        "buurtgrenzen",
        "gemeentegrenzen",
        "uitvoer",
        "verwerkt",
        "regels_tips",
        "regels_fasen",
        mode="before",
    )
    @classmethod
    def _relatief(cls, waarde, info: ValidationInfo):
        return _pad(waarde, info)

    @model_validator(mode="after")
    def _samenhang(self) -> Params:
        if self.jaar not in self.bronnen:
            raise ValueError(f"bronnen mist het meetjaar {self.jaar}")
        if self.vorig_jaar is not None:
            if self.vorig_jaar not in self.bronnen:
                raise ValueError(f"bronnen mist vorig_jaar {self.vorig_jaar}")
            if self.vorig_jaar >= self.jaar:
                raise ValueError("vorig_jaar moet voor jaar liggen")
        klassen = sorted(self.grootteklassen, key=lambda k: k.vanaf)
        if not klassen or klassen[0].vanaf != 0:
            raise ValueError("de eerste grootteklasse moet bij 0 inwoners beginnen")
        for a, b in zip(klassen, klassen[1:]):
            if a.tot != b.vanaf:
                raise ValueError(f"grootteklassen '{a.naam}' en '{b.naam}' sluiten niet op elkaar aan")
        if klassen[-1].tot is not None:
            raise ValueError(f"de laatste grootteklasse '{klassen[-1].naam}' moet open zijn (geen 'tot')")
        self.grootteklassen = klassen
        return self

    _bestand: Path | None = PrivateAttr(None)

    @property
    def bestand(self) -> Path | None:
        """Het parameterbestand zelf (notebooks krijgen dit pad mee)."""
        return self._bestand

    @property
    def verwerkt_map(self) -> Path:
        return self.verwerkt or self.uitvoer / "verwerkt"

    @property
    def jaren(self) -> list[int]:
        return [j for j in (self.vorig_jaar, self.jaar) if j is not None]

    def grootteklasse(self, inwoners: int) -> str:
        for klasse in self.grootteklassen:
            if inwoners >= klasse.vanaf and (klasse.tot is None or inwoners < klasse.tot):
                return klasse.naam
        raise ValueError(f"geen grootteklasse voor {inwoners} inwoners")


def lees_params(pad: Path) -> Params:
    pad = Path(pad).resolve()
    params = lees_model(Params, pad, map=pad.parent)
    params._bestand = pad
    return params
