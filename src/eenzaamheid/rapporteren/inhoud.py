"""De inhoud van één factsheet als gewone gegevens, vóór elke opmaak.

`Factsheet.inhoud` (factsheet.py) rekent dit uit; `opmaak_factsheet.py` maakt er HTML (de
monitor) en Typst (de PDF) van zonder zelf iets te kiezen of te berekenen. Alle getallen komen
uit `Benchmark.cijfers`, dezelfde tabel als `cijfers.csv`.

Aansluitpunten voor onderdelen die elders gebouwd worden:
- `kaart`: de buurtkaart (deel 1). Zolang die er niet is `None`; de opmaak toont dan een neutrale
  melding. Een kaartmodule levert een object met ten minste `tekst` (en eventueel `svg`, `bron`);
  heeft het een methode `blokken()`, dan toont de factsheet die blokken.
- `tips`: lijst `Tip` (deel 3); leeg = melding dat de tips nog volgen.
- `fasen`: per pijler en actielijn een `FaseOnderdeel`; standaard berekend uit de fasevragen
  (`Factsheet.fasen_per_onderdeel`), te vervangen door een eigen fasemodule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GROEPEN = ("landelijk", "provincie", "grootteklasse")
KLEINE_GROEP = 20  # onder dit aantal gemeenten alleen aantallen, geen percentages


@dataclass(frozen=True)
class Kop:
    gemeente_code: str
    gemeente_naam: str
    jaar: int
    vorig_jaar: int | None
    provincie: str
    inwoners: int
    grootteklasse: str
    namens: tuple[str, ...]  # de andere gemeenten waarvoor samen is ingevuld
    fictief: bool
    aantal_deelnemers: int
    ingevuld_op: str  # datum van de getelde inzending, jjjj-mm-dd
    stand: str  # datum van de laatste getelde inzending van alle gemeenten
    versie: str  # versie van het pakket dat de factsheet maakte
    vorig_jaar_deelgenomen: bool = False


@dataclass(frozen=True)
class Zin:
    tekst: str
    regel: str  # id van de regel in rules/factsheet_teksten.yml die deze zin koos


@dataclass(frozen=True)
class Groep:
    sleutel: str  # landelijk | provincie | grootteklasse
    naam: str  # 'Landelijk', 'Provincie Fryslân', 'Grootteklasse tot 20.000 inwoners'
    aantal_gemeenten: int


@dataclass(frozen=True)
class GroepFase:
    """Hoe de gemeenten van een groep ervoor staan bij één onderdeel."""

    meest: str | None  # meest voorkomende fase; None = niet getoond
    aantal_meest: int
    n: int  # gemeenten in de groep met een fase voor dit onderdeel
    zelfde_of_verder: int  # zoveel gemeenten van de groep staan even ver of verder dan de eigen gemeente
    onderdrukt: str = ""  # reden als niet getoond


@dataclass(frozen=True)
class FaseOnderdeel:
    onderdeel: str
    titel: str
    fase: str | None  # None = geen fasevraag beantwoord
    vragen: tuple[str, ...]  # korte namen van de fasevragen
    groepen: dict[str, GroepFase] = field(default_factory=dict)
    zinnen: tuple[str, ...] = ()  # wat de fase betekent en hoe zij veranderde (rules/fasen.yml)


@dataclass(frozen=True)
class Vergelijking:
    vraag_id: str
    korte_naam: str
    onderdeel: str
    antwoord: str
    fase: str
    oordeel: str  # verder | vergelijkbaar | minder ver
    lager: int  # landelijk: zoveel gemeenten gaven een lagere fase op
    hoger: int
    n: int

    @property
    def sterkte(self) -> float:
        return (self.lager if self.oordeel == "verder" else self.hoger) / self.n if self.n else 0.0


@dataclass(frozen=True)
class Cel:
    aantal: int | None
    n: int
    percentage: float | None
    onderdrukt: bool


@dataclass(frozen=True)
class Optieverdeling:
    code: str
    label: str
    eigen: bool
    vorig_jaar: bool | None  # None = geen vergelijking (niet meegedaan of anders gesteld)
    groepen: dict[str, Cel]


@dataclass(frozen=True)
class Verdeling:
    """De verdeling van één vraag (of matrixrij) in elke groep, met het eigen antwoord."""

    rij: str
    rij_label: str
    beantwoord: bool
    vergelijkbaar: bool
    opties: tuple[Optieverdeling, ...]
    n: dict[str, int]
    onderdrukte_groepen: dict[str, str]  # groep -> zin waarom die groep hier ontbreekt


@dataclass(frozen=True)
class Vraaginhoud:
    id: str
    tekst: str
    korte_naam: str
    type: str
    onderdeel: str
    fase: bool
    verdelingen: tuple[Verdeling, ...]
    noten: tuple[str, ...]


@dataclass(frozen=True)
class Tip:
    """Zelfde veldnamen als `verwerken.tips.Tip` van de tipsmodule, zodat die tips zo passen."""

    tekst: str
    reden: str
    adres: str = ""  # verwijzing naar materiaal
    materiaal: str = ""  # naam van het materiaal: de linktekst


@dataclass(frozen=True)
class FactsheetInhoud:
    kop: Kop
    kernboodschap: tuple[Zin, ...]
    groepen: tuple[Groep, ...]
    fasen: tuple[FaseOnderdeel, ...]
    fase_uitleg: tuple[tuple[str, str], ...]  # (naam, uitleg) per fase
    vooruit: tuple[Vergelijking, ...]  # sterkste 'verder', sterkste eerst
    achter: tuple[Vergelijking, ...]  # sterkste 'minder ver'
    onderdelen: tuple[tuple[str, str], ...]  # (sleutel, titel)
    vragen: tuple[Vraaginhoud, ...]
    noten: tuple[str, ...]  # ontbrekende cijfers en andere kanttekeningen bij de hele factsheet
    onderdrukking_minimum: int
    ontbrekende_groepen: tuple[str, ...] = ()  # groepen die bij geen enkele vraag getoond worden (zie `noten`)
    kaart: object | None = None
    tips: tuple[Tip, ...] = ()
