"""De inhoud van de buurtkaart van één factsheet: cijfers per buurt, klassen, opvallende buurten, zinnen.

Alles hier is inhoud, los van de weergave (`rapporteren/kaart.py` tekent de SVG). De zinnen kiest
`rules/kaart_teksten.yml`; elk getal in een zin komt uit dezelfde tabel die als `buurten.csv`
naast de factsheet staat. Een onderdrukt cijfer komt nergens als getal terug: het heeft geen
klasse, geen interval en telt niet mee bij opvallende buurten.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from .. import veilig
from ..config import REGELS
from ..inlezen.regeltaal import opsomming
from ..inlezen.yamlbestand import lees_model
from ..regels import Tekstregel, Zin, kies, ontleed_regels
from .gebieden import CIJFER_KOLOMMEN, Gebieden

TEKSTEN = REGELS / "kaart_teksten.yml"
INDICATOR_ZIN = {
    "eenzaam": "eenzaam",
    "ernstig_eenzaam": "ernstig of zeer ernstig eenzaam",
    "emotioneel_eenzaam": "emotioneel eenzaam",
    "sociaal_eenzaam": "sociaal eenzaam",
}
INDICATOR_LABEL = {
    "eenzaam": "Eenzaam",
    "ernstig_eenzaam": "Ernstig of zeer ernstig eenzaam",
    "emotioneel_eenzaam": "Emotioneel eenzaam",
    "sociaal_eenzaam": "Sociaal eenzaam",
    "angst_depressie": "Hoog risico op angst of depressie",
    "psychische_klachten": "Psychische klachten",
    "langdurige_aandoening": "Een of meer langdurige aandoeningen",
    "beperkt_gezondheid": "Beperkt vanwege gezondheid",
}
LEEFTIJDSGROEP = {"65+": "65-plussers", "18+": "volwassenen (18+)"}
# Gezondheidsindicatoren die de tekst bij opvallende buurten noemt, met hun omschrijving in een zin.
GEZONDHEID = {
    "angst_depressie": "risico op angst of depressie",
    "psychische_klachten": "psychische klachten",
    "langdurige_aandoening": "een of meer langdurige aandoeningen",
}


class Instellingen(BaseModel):
    model_config = ConfigDict(extra="forbid")
    minimum_buurten: int = Field(3, ge=1)
    marge_zonder_interval: float = Field(5.0, ge=0)
    maximaal_genoemd: int = Field(5, ge=1)


class Kaartteksten(BaseModel):
    model_config = ConfigDict(extra="forbid")
    instellingen: Instellingen = Field(default_factory=Instellingen)
    teksten: list[Tekstregel]

    def lijsten(self) -> dict[str, list[Tekstregel]]:
        return {"teksten": self.teksten}


GETALLEN = {
    "aantal_buurten",
    "aantal_met_cijfers",
    "minimum_buurten",
    "aantal_opvallend",
    "aantal_niet_genoemd",
    "gemeente_cijfer",
    "land_cijfer",
    "gezondheid_gemeten",
    "gezondheid_hoger",
    "heeft_cijfers",
    "heeft_interval",
}
WOORDEN = {
    "gemeente_naam",
    "gemeente_code",
    "jaar",
    "indicator_zin",
    "leeftijdsgroep",
    "gemeente_pct",
    "land_pct",
    "opvallend_lijst",
    "gezondheid_gemeten_lijst",
    "opvallend_criterium",
}
NAAMRUIMTEN = {f"{g}.{veld}" for g in GEZONDHEID for veld in ("gemeten", "hoger", "lijst", "omschrijving")}


@cache
def laad_kaartteksten(pad: Path = TEKSTEN) -> Kaartteksten:
    teksten = lees_model(Kaartteksten, pad)
    ontleed_regels(teksten, Path(pad))
    bekend = dict.fromkeys(GETALLEN | WOORDEN | NAAMRUIMTEN)
    for regel in teksten.teksten:
        regel.controleer(bekend)
    return teksten


def pct(waarde: float | None) -> str:
    """Een RIVM-percentage met één decimaal, zoals de bron het geeft: 54,5%."""
    return "" if waarde is None else f"{waarde:.1f}".replace(".", ",") + "%"


def _getal(waarde) -> float | None:
    return None if waarde is None or (isinstance(waarde, float) and math.isnan(waarde)) else float(waarde)


class Cijfer(NamedTuple):
    """Een NamedTuple, geen dataclass: een factsheet van een grote gemeente maakt er duizenden."""

    waarde: float | None  # None = onderdrukt of niet in de tabel
    ondergrens: float | None = None
    bovengrens: float | None = None

    @property
    def heeft_interval(self) -> bool:
        return self.ondergrens is not None and self.bovengrens is not None


GEEN = Cijfer(None)


@dataclass(frozen=True)
class Laag:
    indicator: str
    leeftijd: str
    grenzen: tuple[tuple[float, float], ...]  # (van, tot) per klasse, voor de hele run

    @property
    def label(self) -> str:
        return f"{INDICATOR_LABEL.get(self.indicator, self.indicator)}, {self.leeftijd}"

    def klasse(self, waarde: float | None) -> int | None:
        if waarde is None or not self.grenzen:
            return None
        for i, (_, tot) in enumerate(self.grenzen):
            if waarde <= tot:
                return i
        return len(self.grenzen) - 1


@dataclass
class Buurt:
    code: str
    naam: str  # leeg als de bron geen naam heeft
    pad: str  # SVG-pad in RD-meters; leeg = geen vlak op de kaart
    cijfers: dict[tuple[str, str], Cijfer]
    in_tabel: bool = True

    @property
    def op_kaart(self) -> bool:
        return bool(self.pad)

    @property
    def titel(self) -> str:
        return f"{self.naam} ({self.code})" if self.naam else self.code

    def cijfer(self, indicator: str, leeftijd: str) -> Cijfer:
        return self.cijfers.get((indicator, leeftijd), GEEN)


@dataclass
class KaartInhoud:
    gemeente_code: str
    gemeente_naam: str
    jaar: str  # de RIVM-periode
    heeft_cijfers: bool
    lagen: list[Laag]
    buurten: list[Buurt]
    gemeente: dict[tuple[str, str], Cijfer]
    land: dict[tuple[str, str], Cijfer]
    opvallend: list[str]  # buurtcodes, hoogste eerst
    zinnen: list[Zin]
    _rijen: pd.DataFrame = field(repr=False)
    _land: pd.DataFrame = field(repr=False)
    kader: tuple[float, float, float, float] | None = None  # minx, miny, maxx, maxy in RD-meters
    indicatoren: frozenset[str] = frozenset()

    @property
    def cijfers(self) -> pd.DataFrame:
        """De rijen van `buurten.csv`; pas berekend als iemand ze vraagt (de kaart zelf heeft ze niet nodig)."""
        return buurtcijfers(self._rijen, self._land, self.gemeente_code, {b.code for b in self.buurten if b.op_kaart})

    @property
    def bevindingen(self) -> dict:
        """Wat tips over de kaart mogen weten (naamruimte `kaart.*` in hun regels)."""
        laag = self.lagen[0]
        eigen = self.gemeente.get((laag.indicator, laag.leeftijd), GEEN).waarde
        land = self.land.get((laag.indicator, laag.leeftijd), GEEN).waarde
        return {
            "heeft_cijfers": self.heeft_cijfers,
            "opvallende_buurten": len(self.opvallend),
            "buurten_met_cijfers": sum(
                b.cijfer(laag.indicator, laag.leeftijd).waarde is not None for b in self.buurten
            ),
            "gemeente_cijfer": eigen,
            "boven_land": None if eigen is None or land is None else eigen > land,
        }


def _cijfers_per_gebied(
    rijen: pd.DataFrame, sleutels: set[tuple[str, str]]
) -> dict[str, dict[tuple[str, str], Cijfer]]:
    """Per gebied de cijfers van de gevraagde (indicator, leeftijd)."""
    uit: dict[str, dict[tuple[str, str], Cijfer]] = {}
    kolommen = [rijen[k].to_numpy() for k in ("gebied_code", "indicator", "leeftijd")]
    getallen = [rijen[k].to_numpy(dtype=float) for k in ("waarde", "ondergrens", "bovengrens")]
    for gebied, indicator, leeftijd, w, o, b in zip(*kolommen, *getallen):
        if (indicator, leeftijd) not in sleutels:
            continue
        # w != w: NaN (onderdrukt of geen interval) wordt None, zodat het nergens als getal verschijnt.
        uit.setdefault(gebied, {})[(indicator, leeftijd)] = Cijfer(
            None if w != w else float(w), None if o != o else float(o), None if b != b else float(b)
        )
    return uit


def _boven(buurt: Cijfer, gemeente: Cijfer, marge: float) -> bool:
    """Duidelijk boven het gemeentecijfer: het hele interval erboven, of zonder interval `marge` erboven."""
    if buurt.waarde is None or gemeente.waarde is None:
        return False
    if buurt.heeft_interval:
        return buurt.ondergrens > gemeente.waarde
    return buurt.waarde >= gemeente.waarde + marge


def kaart_inhoud(gebieden: Gebieden, code: str, naam: str, teksten: Kaartteksten | None = None) -> KaartInhoud:
    teksten = teksten or laad_kaartteksten()
    inst = teksten.instellingen
    lagen = [Laag(i, lft, tuple(gebieden.grenzen(i, lft))) for i, lft in gebieden.lagen]
    rijen = gebieden.van_gemeente(code)
    heeft_cijfers = len(rijen) > 0
    sleutels = set(gebieden.lagen) | {(i, gebieden.lagen[0][1]) for i in GEZONDHEID}
    per_gebied = _cijfers_per_gebied(rijen, sleutels)
    vlakken = gebieden.vlakken_van(code)
    paden = dict(zip(vlakken["code"], vlakken["pad"]))
    vlaknamen = dict(zip(vlakken["code"], vlakken["naam"]))
    buurtcodes = sorted(rijen.loc[rijen["niveau"] == "buurt", "gebied_code"].unique())
    buurten = [Buurt(c, vlaknamen.get(c, ""), paden.get(c, ""), per_gebied.get(c, {})) for c in buurtcodes]
    # Vlakken zonder cijfers staan op de kaart als 'geen gegevens', niet in buurten.csv.
    buurten += [
        Buurt(c, vlaknamen.get(c, ""), paden[c], {}, in_tabel=False) for c in sorted(set(paden) - set(buurtcodes))
    ]
    gemeente = per_gebied.get(code, {})
    land = next(iter(_cijfers_per_gebied(gebieden.land, sleutels).values()), {})

    kader = None
    if len(vlakken):
        kader = (
            float(vlakken["minx"].min()),
            float(vlakken["miny"].min()),
            float(vlakken["maxx"].max()),
            float(vlakken["maxy"].max()),
        )

    eerste = lagen[0]
    sleutel = (eerste.indicator, eerste.leeftijd)
    eigen = gemeente.get(sleutel, GEEN)
    met_cijfers = [b for b in buurten if b.in_tabel and b.cijfer(*sleutel).waarde is not None]
    heeft_interval = any(b.cijfer(*sleutel).heeft_interval for b in met_cijfers)
    opvallend: list[Buurt] = []
    if len(met_cijfers) >= inst.minimum_buurten:
        opvallend = sorted(
            (b for b in met_cijfers if _boven(b.cijfer(*sleutel), eigen, inst.marge_zonder_interval)),
            key=lambda b: (-b.cijfer(*sleutel).waarde, b.code),
        )
    genoemd = opvallend[: inst.maximaal_genoemd]

    gezondheid: dict[str, dict] = {}
    for indicator, omschrijving in GEZONDHEID.items():
        gemeten = indicator in gebieden.indicatoren
        ref = gemeente.get((indicator, eerste.leeftijd), GEEN)
        hoger = [
            b
            for b in genoemd
            if gemeten
            and ref.waarde is not None
            and (w := b.cijfer(indicator, eerste.leeftijd).waarde) is not None
            and w > ref.waarde
        ]
        gezondheid[indicator] = {
            "gemeten": gemeten and ref.waarde is not None,
            "hoger": len(hoger),
            # Buurtnamen komen uit de invoer: letterlijk in de Markdown van de zin (geen opmaak, citaat of link).
            "lijst": opsomming(veilig.markdown(b.naam or b.code) for b in hoger),
            "omschrijving": omschrijving,
        }
    gemeten_lijst = [
        ("het " if i == "angst_depressie" else "het aandeel met ") + GEZONDHEID[i]
        for i, g in gezondheid.items()
        if g["gemeten"]
    ]
    land_cijfer = land.get(sleutel, GEEN).waarde
    context = {
        "gemeente_naam": naam,
        "gemeente_code": code,
        "jaar": gebieden.jaar,
        "heeft_cijfers": heeft_cijfers,
        "heeft_interval": heeft_interval,
        "aantal_buurten": sum(b.in_tabel for b in buurten),
        "aantal_met_cijfers": len(met_cijfers),
        "minimum_buurten": inst.minimum_buurten,
        "aantal_opvallend": len(opvallend),
        "aantal_niet_genoemd": len(opvallend) - len(genoemd),
        "opvallend_lijst": opsomming(
            f"{veilig.markdown(b.naam or b.code)} ({pct(b.cijfer(*sleutel).waarde)})" for b in genoemd
        ),
        "opvallend_criterium": "het hele 95%-interval erboven"
        if heeft_interval
        else f"minstens {inst.marge_zonder_interval:g} procentpunt hoger".replace(".", ","),
        "gemeente_cijfer": eigen.waarde,
        "gemeente_pct": pct(eigen.waarde),
        "land_cijfer": land_cijfer,
        "land_pct": pct(land_cijfer),
        "indicator_zin": INDICATOR_ZIN.get(eerste.indicator, INDICATOR_LABEL.get(eerste.indicator, "")).lower(),
        "leeftijdsgroep": LEEFTIJDSGROEP[eerste.leeftijd],
        "gezondheid_gemeten": len(gemeten_lijst),
        "gezondheid_hoger": sum(1 for g in gezondheid.values() if g["gemeten"] and g["hoger"] > 0),
        "gezondheid_gemeten_lijst": opsomming(gemeten_lijst),
        **gezondheid,
    }
    zinnen = kies(teksten.teksten, context)
    return KaartInhoud(
        gemeente_code=code,
        gemeente_naam=naam,
        jaar=gebieden.jaar,
        heeft_cijfers=heeft_cijfers,
        lagen=lagen,
        buurten=buurten,
        gemeente=gemeente,
        land=land,
        opvallend=[b.code for b in opvallend],
        zinnen=zinnen,
        _rijen=rijen,
        _land=gebieden.land,
        kader=kader,
        indicatoren=frozenset(gebieden.indicatoren),
    )


BUURTEN_KOLOMMEN = CIJFER_KOLOMMEN + ["op_kaart"]


def buurtcijfers(rijen: pd.DataFrame, land: pd.DataFrame, code: str, op_kaart: set[str]) -> pd.DataFrame:
    """De rijen van `buurten.csv` (contract, sectie 8): elke indicator en leeftijd van land, gemeente
    en elke buurt van de gemeente in de tabel (de verwerkstap zette ze al in die volgorde); leeg als
    de tabel de gemeente niet kent."""
    if len(rijen) == 0:
        return pd.DataFrame(columns=BUURTEN_KOLOMMEN)
    df = pd.concat([land, rijen], ignore_index=True)
    df["gemeente_code"] = code
    df["indicator"] = df["stam"]
    df["op_kaart"] = ((df["niveau"] == "buurt") & df["gebied_code"].isin(op_kaart)).astype("int64")
    return df[BUURTEN_KOLOMMEN]
