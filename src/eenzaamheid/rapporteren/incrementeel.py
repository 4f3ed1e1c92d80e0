"""Alleen opnieuw maken wat verandert: per rapport een sleutel uit alles waarvan het afhangt.

Een sleutel is een controlegetal (BLAKE2b) over:
- de **code**: elk bestand van het pakket, de notebooks, de sjablonen en de huisstijl, en de versies
  van Python en van de pakketten die rekenen of opmaken (pandoc, Typst, geopandas, ...);
- de **regels** in `rules/`, als geparste YAML (commentaar telt niet). Een zin die een factsheet
  invult (de regeltaal onthoudt welke: bestand, regel-id en veld, zie `regeltaal.INGEVULD`) telt
  alleen voor de factsheets die hem toonden; al het andere (voorwaarden, drempels, volgorde, zinnen
  die nog nooit zijn ingevuld) telt voor iedereen;
- de **nette tabellen** die de validatie schreef. Een tabel in `PER_GEMEENTE` leest een factsheet
  alleen voor de eigen gemeente: die rijen tellen alleen voor die gemeente, rijen zonder gemeente
  voor iedereen. Elke andere tabel telt voor iedereen; daarom maakt één gewijzigd antwoord (dat de
  landelijke cijfers verandert) elke factsheet opnieuw. Wat daaruit volgt (de beslissing over de
  openbaarmaking, de klassen van de kaart) is een vaste functie van die tabellen en de code, dus
  gedekt door dezelfde sleutel.

Waarom niet de berekende inhoud zelf hashen: die kost ± 0,2 s per gemeente (pandas), op een
landelijke run een halve minuut vóórdat bekend is of er iets te doen is. De sleutels hierboven
kosten samen minder dan een seconde en zijn nooit minder streng: wat een factsheet toont, is een
functie van precies die delen. `tests/test_incrementeel.py` vergelijkt daarom na elke wijziging de
bijgewerkte uitvoer byte voor byte met een verse run.

Wat gemaakt is staat per soort in `<uitvoer>/.bouw/<soort>.json`: per onderdeel de sleutel en de
gemaakte bestanden met hun grootte. Een onderdeel wordt overgeslagen als de sleutel gelijk is en
al zijn bestanden er nog zijn.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .. import config

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

# Rekenen en opmaken: een nieuwe versie kan andere bytes geven.
PAKKETTEN = (
    "eenzaamheid",
    "numpy",
    "pandas",
    "pyarrow",
    "pypandoc-binary",
    "typst",
    "jinja2",
    "nbformat",
    "papermill",
    "ipykernel",
    "geopandas",
    "shapely",
    "openpyxl",
    "font-source-sans-pro",
)
# Nette tabellen (bestandsnaam zonder .parquet) waarvan een factsheet alleen de rijen van de eigen
# gemeente leest. Een nieuwe tabel telt standaard voor alle factsheets: dat is nooit fout, hooguit traag.
PER_GEMEENTE = ("gebiedscijfers", "buurtvlakken")
TOESTAND = ".bouw"


def sleutel(*delen: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for deel in delen:
        data = deel if isinstance(deel, bytes) else str(deel).encode("utf-8")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def bestandsleutel(pad: Path) -> str:
    with open(pad, "rb") as f:
        return hashlib.file_digest(f, lambda: hashlib.blake2b(digest_size=16)).hexdigest()


def _onder(pad: Path, map_: Path) -> bool:
    return pad.resolve().is_relative_to(map_.resolve())


def codesleutel() -> str:
    """Code, notebooks, sjablonen, huisstijl en versies: verandert er één, dan alles opnieuw."""
    delen: list[str] = [sys.version]
    for pakket in PAKKETTEN:
        try:
            delen.append(f"{pakket}=={metadata.version(pakket)}")
        except metadata.PackageNotFoundError:
            delen.append(f"{pakket} ontbreekt")
    bestanden: set[Path] = {config.BRAND}
    for wortel in (config.PAKKET, config.NOTEBOOKS, config.TEMPLATES):
        for pad in wortel.rglob("*"):
            deel = pad.relative_to(wortel).parts
            if pad.is_file() and "__pycache__" not in deel and not any(d.startswith(".") for d in deel):
                bestanden.add(pad)
    for pad in sorted(bestanden):
        if not _onder(pad, config.REGELS):  # de regels tellen apart, zie Regels
            delen += [pad.name, bestandsleutel(pad)]
    return sleutel(*delen)


def invoersleutel(params_bestand: Path, invoer: list[Path]) -> str:
    """Het parameterbestand en elk invoerbestand dat het noemt (met de codesleutel: dan is de validatie gelijk)."""
    delen = [bestandsleutel(params_bestand)]
    for pad in invoer:
        delen += [str(pad), bestandsleutel(pad) if pad.is_file() else "ontbreekt"]
    return sleutel(*delen)


# -- regels ---------------------------------------------------------------------------------------
Veld = tuple[str, str, str]  # (bestand onder rules/, regel-id, veld)


def _zonder(data, weg: dict[str, set[str]]):
    """De YAML-inhoud zonder de velden die per factsheet tellen (waarde None)."""
    if isinstance(data, dict):
        velden = weg.get(data.get("id"), set()) if isinstance(data.get("id"), str) else set()
        return {str(k): None if k in velden else _zonder(v, weg) for k, v in data.items()}
    if isinstance(data, list):
        return [_zonder(v, weg) for v in data]
    return data


@dataclass
class Regels:
    """De bestanden in `rules/`, geparst, met per (bestand, regel-id, veld) de waarden."""

    map_: Path
    inhoud: dict[str, object] = field(default_factory=dict)
    velden: dict[Veld, list] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def lees(cls, map_: Path | None = None) -> Regels:
        regels = cls(Path(map_ or config.REGELS))
        for pad in sorted(regels.map_.rglob("*")):
            if not pad.is_file() or any(d.startswith(".") for d in pad.relative_to(regels.map_).parts):
                continue
            naam = pad.relative_to(regels.map_).as_posix()
            ruw = pad.read_bytes()
            try:
                data = yaml.load(ruw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            except yaml.YAMLError:
                data = bestandsleutel(pad)
            regels.inhoud[naam] = data
            regels._verzamel(naam, data)
        return regels

    def _verzamel(self, naam: str, data) -> None:
        if isinstance(data, dict):
            if isinstance(data.get("id"), str):
                for k, v in data.items():
                    self.velden[(naam, data["id"], str(k))].append(v)
            for v in data.values():
                self._verzamel(naam, v)
        elif isinstance(data, list):
            for v in data:
                self._verzamel(naam, v)

    def veld(self, bestand: str, regel_id: str, veld: str) -> Veld | None:
        """Een ingevuld veld zoals de regeltaal het meldt, als het in een van deze bestanden staat."""
        pad = Path(bestand)
        if not pad.is_absolute() or not _onder(pad, self.map_):
            return None
        v = (pad.resolve().relative_to(self.map_.resolve()).as_posix(), regel_id, veld)
        return v if v in self.velden else None

    def algemeen(self, per_factsheet: set[Veld]) -> str:
        """Alles van de regels dat voor elke factsheet telt: alles behalve de velden in `per_factsheet`."""
        delen = []
        for naam, data in sorted(self.inhoud.items()):
            weg: dict[str, set[str]] = defaultdict(set)
            for b, regel, veld in per_factsheet:
                if b == naam:
                    weg[regel].add(veld)
            delen += [naam, json.dumps(_zonder(data, weg), sort_keys=True, default=str, ensure_ascii=False)]
        return sleutel(*delen)

    def eigen(self, gebruikt: set[Veld]) -> str:
        """De velden die één factsheet invulde, met hun huidige waarden."""
        return sleutel(
            *(json.dumps([*v, self.velden.get(v)], default=str, ensure_ascii=False) for v in sorted(gebruikt))
        )


# -- nette tabellen -------------------------------------------------------------------------------
def _rijsleutels(df: pd.DataFrame) -> np.ndarray:
    """Per rij een getal per kolom (rijen × kolommen), ook voor kolommen die pandas niet direct hasht."""
    import numpy as np
    import pandas as pd

    kolommen = []
    for naam in df.columns:
        kolom = df[naam]
        try:
            kolommen.append(pd.util.hash_pandas_object(kolom, index=False).to_numpy())
        except TypeError:
            kolommen.append(pd.util.hash_pandas_object(kolom.astype(str), index=False).to_numpy())
    return np.column_stack(kolommen) if kolommen else np.zeros((len(df), 0), dtype="uint64")


def gegevenssleutels(paden: list[Path], codes: list[str]) -> tuple[str, dict[str, str]]:
    """(sleutel voor alle factsheets, sleutel per gemeente) uit de nette tabellen `paden`."""
    import pandas as pd

    algemeen: list[str] = []
    eigen: dict[str, list[str]] = {c: [] for c in codes}
    for pad in sorted(paden, key=lambda p: p.name):
        if pad.suffix == ".parquet" and pad.stem in PER_GEMEENTE:
            df = pd.read_parquet(pad)
            if "gemeente_code" in df.columns:
                rijen = _rijsleutels(df)
                algemeen.append(f"{pad.name}: {list(df.columns)} {list(map(str, df.dtypes))}")
                groepen = df.groupby(df["gemeente_code"].astype("string").fillna(""), sort=True).indices
                for code, rijnummers in groepen.items():
                    deel = sleutel(pad.name, rijen[rijnummers].tobytes())
                    eigen.get(code, algemeen).append(f"{code}: {deel}")
                continue
        algemeen += [pad.name, bestandsleutel(pad)]
    return sleutel(*algemeen), {c: sleutel(*d) for c, d in eigen.items()}


# -- wat er gemaakt is ----------------------------------------------------------------------------
def bestanden_van(paden: list[Path], basis: Path) -> dict[str, int]:
    """Gemaakte bestanden (ook in mappen) relatief aan `basis`, met hun grootte."""
    uit = {}
    for pad in paden:
        for p in [pad] if pad.is_file() else sorted(q for q in pad.rglob("*") if q.is_file()):
            uit[Path(os.path.relpath(p, basis)).as_posix()] = p.stat().st_size
    return uit


def er_nog(bestanden: dict[str, int], basis: Path) -> bool:
    for naam, grootte in bestanden.items():
        pad = basis / naam
        if not pad.is_file() or pad.stat().st_size != grootte:
            return False
    return bool(bestanden)


class Toestand:
    """Wat de vorige runs maakten (`<uitvoer>/.bouw/<soort>.json`): per onderdeel sleutel en bestanden."""

    def __init__(self, uitvoer: Path, soort: str):
        self.basis = Path(uitvoer)
        self.pad = self.basis / TOESTAND / f"{soort}.json"
        try:
            self.onderdelen: dict[str, dict] = json.loads(self.pad.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.onderdelen = {}

    def actueel(self, naam: str, sleutel_: str) -> bool:
        oud = self.onderdelen.get(naam)
        return oud is not None and oud.get("sleutel") == sleutel_ and er_nog(oud.get("bestanden", {}), self.basis)

    def gemaakt(self, naam: str, sleutel_: str, paden: list[Path], **extra) -> None:
        self.onderdelen[naam] = {"sleutel": sleutel_, "bestanden": bestanden_van(paden, self.basis), **extra}

    def vergeet(self, naam: str) -> None:
        self.onderdelen.pop(naam, None)

    def bewaar(self) -> None:
        self.pad.parent.mkdir(parents=True, exist_ok=True)
        tijdelijk = self.pad.with_suffix(f".{os.getpid()}.tmp")
        tijdelijk.write_text(
            json.dumps(self.onderdelen, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8"
        )
        tijdelijk.replace(self.pad)
