"""RIVM-buurtcijfers en buurtgrenzen klaarzetten voor de kaart: één keer per run, als Parquet.

De verwerkstap schrijft naar de map `verwerkt`:
- `gebiedscijfers.parquet`: per gebied (land, gemeente, buurt), indicator en leeftijd de waarde met
  (waar de bron ze heeft) de grenzen van het 95%-interval, en of het cijfer onderdrukt is;
- `buurtvlakken.parquet`: per buurt het vereenvoudigde vlak in RD New (EPSG:28992) als WKB en als
  kant-en-klaar SVG-pad in hele meters, met het omhullende kader;
- `kaartklassen.parquet`: de klassegrenzen per kaartlaag, over alle buurten van het land, zodat
  dezelfde kleur in elke factsheet van de run hetzelfde betekent.
Een warme kernel leest ze één keer (`laad_gebieden`); geen factsheet leest de landelijke bestanden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..inlezen.gebieden import INDICATOREN
from ..inlezen.params import Params

NIVEAU = {"Land": "land", "Gemeente": "gemeente", "Buurt": "buurt"}
# Het contract noemt een indicator bij zijn stam; een hernoemde stam onder de oudere naam.
STAM = {indicator: stammen[0] for indicator, stammen in INDICATOREN.items()}
CIJFER_KOLOMMEN = [
    "jaar",
    "gemeente_code",
    "gebied_code",
    "niveau",
    "indicator",
    "leeftijd",
    "waarde",
    "ondergrens",
    "bovengrens",
    "onderdrukt",
]
BESTANDEN = ("gebiedscijfers.parquet", "buurtvlakken.parquet", "kaartklassen.parquet")


def gebiedscijfers(lang: pd.DataFrame) -> pd.DataFrame:
    """Van de lange RIVM-tabel (één rij per marge) naar één rij per gebied, indicator en leeftijd."""
    df = lang[lang["soort"].isin(NIVEAU)]
    sleutel = ["regio_code", "soort", "gemeente_code", "gemeente_naam", "periode", "leeftijd", "indicator"]
    breed = df.set_index(sleutel + ["marge"])["waarde"].unstack("marge")
    for marge in ("waarde", "ondergrens", "bovengrens"):
        if marge not in breed.columns:
            breed[marge] = np.nan
    breed = breed.reset_index()
    uit = pd.DataFrame(
        {
            "jaar": breed["periode"].str.slice(0, 4),
            "gemeente_code": breed["gemeente_code"],
            "gemeente_naam": breed["gemeente_naam"],
            "gebied_code": breed["regio_code"],
            "niveau": breed["soort"].map(NIVEAU),
            "indicator": breed["indicator"],
            "stam": breed["indicator"].map(STAM),
            "leeftijd": breed["leeftijd"],
            "waarde": breed["waarde"].astype(float),
            "ondergrens": breed["ondergrens"].astype(float),
            "bovengrens": breed["bovengrens"].astype(float),
        }
    )
    uit["onderdrukt"] = uit["waarde"].isna().astype("int64")
    # Een onderdrukt cijfer heeft ook geen interval: niets ervan mag ergens als getal verschijnen.
    uit.loc[uit["onderdrukt"] == 1, ["ondergrens", "bovengrens"]] = np.nan
    # Volgorde van buurten.csv: land, gemeente, dan de buurten; binnen een gebied op stam en leeftijd.
    uit["_niveau"] = uit["niveau"].map({"land": 0, "gemeente": 1, "buurt": 2})
    uit = uit.sort_values(["gemeente_code", "_niveau", "gebied_code", "stam", "leeftijd"])
    return uit.drop(columns="_niveau").reset_index(drop=True)


def _alleen_vlakken(geometrie):
    """make_valid kan naast vlakken ook lijnen of punten opleveren; op een kaart tellen alleen vlakken."""
    from shapely import GeometryCollection, MultiPolygon, Polygon

    if isinstance(geometrie, Polygon | MultiPolygon):
        return geometrie
    if isinstance(geometrie, GeometryCollection):
        delen = [
            p
            for g in geometrie.geoms
            for p in (g.geoms if isinstance(g, MultiPolygon) else [g])
            if isinstance(p, Polygon) and not p.is_empty
        ]
        return MultiPolygon(delen) if delen else Polygon()
    return Polygon()


def svg_pad(geometrie) -> str:
    """Een (multi)polygoon als SVG-pad in hele meters, y omgedraaid (SVG telt naar beneden).

    Relatieve stappen ('l dx dy') maken het pad ongeveer half zo groot als absolute coördinaten.
    Het pad wordt met fill-rule evenodd getekend: gaten (enclaves) zijn dan gaten, welke kant de
    ringen ook op lopen (de echte CBS-bestanden hebben ringen met de klok mee).
    """
    from shapely import get_parts

    delen: list[str] = []
    for vlak in get_parts(geometrie):
        for ring in [vlak.exterior, *vlak.interiors]:
            xy = np.rint(np.asarray(ring.coords)[:, :2] * (1, -1)).astype(np.int64)
            stap = np.diff(xy, axis=0)
            stap = stap[(stap != 0).any(axis=1)]
            if len(stap) < 3:
                continue
            # De laatste stap keert terug naar het begin: 'z' doet dat al.
            stappen = " ".join(f"{dx} {dy}" for dx, dy in stap[:-1])
            delen.append(f"M{xy[0, 0]} {xy[0, 1]}l{stappen}z")
    return "".join(delen)


def buurtvlakken(grenzen, tolerantie_m: float) -> pd.DataFrame:
    """Vereenvoudigde buurtvlakken in RD New, per gemeente als dekking: buren houden dezelfde grens."""
    import shapely

    rd = grenzen.to_crs(28992)
    uit = []
    for code, groep in rd.groupby("gemeente_code", sort=True):
        vlakken = np.array([_alleen_vlakken(g) for g in groep.geometry], dtype=object)
        vereenvoudigd = vlakken
        if tolerantie_m > 0:
            try:
                vereenvoudigd = shapely.coverage_simplify(vlakken, tolerantie_m)
            except shapely.errors.GEOSException:  # geen nette dekking (overlap): per vlak
                vereenvoudigd = shapely.simplify(vlakken, tolerantie_m, preserve_topology=True)
            # Valt een vlak weg of wordt het ongeldig, dan het origineel: liever te groot dan een gat.
            slecht = shapely.is_empty(vereenvoudigd) | ~shapely.is_valid(vereenvoudigd)
            vereenvoudigd = np.where(slecht, vlakken, vereenvoudigd)
        vereenvoudigd = shapely.orient_polygons(vereenvoudigd)
        kader = shapely.bounds(vereenvoudigd)
        uit.append(
            pd.DataFrame(
                {
                    "code": groep["code"].values,
                    "naam": groep["naam"].values,
                    "gemeente_code": code,
                    "pad": [svg_pad(g) for g in vereenvoudigd],
                    "minx": kader[:, 0],
                    "miny": kader[:, 1],
                    "maxx": kader[:, 2],
                    "maxy": kader[:, 3],
                    "geometry": shapely.to_wkb(vereenvoudigd),
                }
            )
        )
    return pd.concat(uit, ignore_index=True).sort_values("code").reset_index(drop=True)


def kaartklassen(cijfers: pd.DataFrame, lagen: list[tuple[str, str]], aantal: int) -> pd.DataFrame:
    """Kwantielgrenzen (mapclassify) per kaartlaag over alle buurten met een cijfer, op 0,1 afgerond.

    Kwantielen: elke kleur komt landelijk even vaak voor, dus ook in een gemeente met weinig
    spreiding zijn verschillen te zien. Grenzen gelden voor de hele run.
    """
    import mapclassify

    rijen = []
    buurten = cijfers[(cijfers["niveau"] == "buurt") & (cijfers["onderdrukt"] == 0)]
    for indicator, leeftijd in lagen:
        waarden = buurten.loc[
            (buurten["indicator"] == indicator) & (buurten["leeftijd"] == leeftijd), "waarde"
        ].to_numpy()
        if len(waarden) == 0:
            continue
        k = min(aantal, len(np.unique(waarden)))
        grenzen = np.unique(np.round(mapclassify.Quantiles(waarden, k=k).bins, 1))
        grenzen[-1] = max(grenzen[-1], waarden.max())
        onder = [float(waarden.min())] + [float(g) for g in grenzen[:-1]]
        for i, (van, tot) in enumerate(zip(onder, grenzen)):
            rijen.append({"indicator": indicator, "leeftijd": leeftijd, "klasse": i, "van": van, "tot": float(tot)})
    return pd.DataFrame(rijen, columns=["indicator", "leeftijd", "klasse", "van", "tot"])


def schrijf_gebieden(validatie, map_: Path) -> list[Path]:
    """Schrijft de drie kaarttabellen; zonder RIVM-tabel of buurtkaart verdwijnen oude exemplaren."""
    map_ = Path(map_)
    map_.mkdir(parents=True, exist_ok=True)
    params: Params = validatie.params
    for naam in BESTANDEN:
        (map_ / naam).unlink(missing_ok=True)
    if validatie.gezondheid is None:
        return []
    cijfers = gebiedscijfers(validatie.gezondheid)
    cijfers.to_parquet(map_ / "gebiedscijfers.parquet", index=False)
    geschreven = [map_ / "gebiedscijfers.parquet"]
    kaartklassen(cijfers, params.kaart.lagen, params.kaart.klassen).to_parquet(
        map_ / "kaartklassen.parquet", index=False
    )
    geschreven.append(map_ / "kaartklassen.parquet")
    if validatie.buurtgrenzen is not None:
        buurtvlakken(validatie.buurtgrenzen, params.kaart.vereenvoudiging_m).to_parquet(
            map_ / "buurtvlakken.parquet", index=False
        )
        geschreven.append(map_ / "buurtvlakken.parquet")
    return geschreven


@dataclass
class Gebieden:
    """De kaarttabellen van één run, per gemeente opgezocht (in een warme kernel één keer geladen)."""

    cijfers: pd.DataFrame
    vlakken: pd.DataFrame
    klassen: pd.DataFrame
    lagen: list[tuple[str, str]]
    _cijfers_per_gemeente: dict = field(default_factory=dict, repr=False)
    _vlakken_per_gemeente: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # Tekstkolommen als gewone Python-objecten: pyarrow-strings zijn traag om per rij te lezen,
        # en een factsheet leest duizenden cijfers.
        for df in (self.cijfers, self.vlakken):
            for kolom in df.columns:
                if df[kolom].dtype != object and pd.api.types.is_string_dtype(df[kolom]):
                    df[kolom] = df[kolom].astype(object)
        self._cijfers_per_gemeente = dict(tuple(self.cijfers.groupby("gemeente_code", sort=False)))
        self._vlakken_per_gemeente = dict(tuple(self.vlakken.groupby("gemeente_code", sort=False)))
        self.land = self.cijfers[self.cijfers["niveau"] == "land"]
        jaren = sorted(set(self.cijfers["jaar"].unique()) - {""})
        self.jaar = jaren[0] if jaren else ""
        # De indicatoren die deze editie van de tabel heeft (en die gemeten zijn).
        self.indicatoren = frozenset(self.cijfers["indicator"].unique())

    @property
    def heeft_tabel(self) -> bool:
        return len(self.cijfers) > 0

    def van_gemeente(self, code: str) -> pd.DataFrame:
        return self._cijfers_per_gemeente.get(code, self.cijfers.iloc[0:0])

    def vlakken_van(self, code: str) -> pd.DataFrame:
        return self._vlakken_per_gemeente.get(code, self.vlakken.iloc[0:0])

    def grenzen(self, indicator: str, leeftijd: str) -> list[tuple[float, float]]:
        deel = self.klassen[(self.klassen["indicator"] == indicator) & (self.klassen["leeftijd"] == leeftijd)]
        return list(zip(deel["van"], deel["tot"]))


def _lees(map_: Path, naam: str, kolommen: list[str]) -> pd.DataFrame:
    pad = map_ / naam
    return pd.read_parquet(pad) if pad.is_file() else pd.DataFrame(columns=kolommen)


@lru_cache(maxsize=2)
def _laad(map_: str, stempel: tuple, lagen: tuple) -> Gebieden:
    map_ = Path(map_)
    return Gebieden(
        cijfers=_lees(map_, "gebiedscijfers.parquet", CIJFER_KOLOMMEN + ["gemeente_naam", "stam"]),
        vlakken=_lees(
            map_, "buurtvlakken.parquet", ["code", "naam", "gemeente_code", "pad", "minx", "miny", "maxx", "maxy"]
        ),
        klassen=_lees(map_, "kaartklassen.parquet", ["indicator", "leeftijd", "klasse", "van", "tot"]),
        lagen=list(lagen),
    )


def laad_gebieden(params: Params) -> Gebieden:
    map_ = params.verwerkt_map
    stempel = tuple((naam, (map_ / naam).stat().st_mtime_ns) for naam in BESTANDEN if (map_ / naam).is_file())
    return _laad(str(map_), stempel, tuple(params.kaart.lagen))
