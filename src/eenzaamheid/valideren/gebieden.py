"""RIVM-buurtcijfers en CBS-grenzen controleren: elke rij geteld of met reden in quarantaine.

Het lezen zelf (kolommen op stam, Excel, kaartformaten) staat in `inlezen.gebieden`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..fouten import InvoerFout
from ..inlezen.gebieden import (
    CODE_EIGENSCHAPPEN,
    INDICATOREN,
    LEEFTIJD,
    MARGE,
    NAAM_EIGENSCHAPPEN,
    REGIOCODE,
    gemeente_van,
    lees_excel,
    lees_kaart,
    zoek_kolommen,
)
from ..inlezen.params import Params
from ..inlezen.tabellen import Tabel, lees_tabel
from .boekhouding import Boekhouding
from .expectations import controleer, in_verzameling, regex


def lees_gezondheid(pad: Path, bestand: str, params: Params, boek: Boekhouding) -> pd.DataFrame:
    """Lang formaat: regio_code, soort, gemeente_code, leeftijd, marge, indicator, waarde (float of NaN)."""
    pad = Path(pad)
    tabel = (
        lees_excel(pad, bestand)
        if pad.suffix.lower() in (".xlsx", ".xls")
        else lees_tabel(pad, bestand, ["ID", "WijkenEnBuurten", "SoortRegio_2", "Leeftijd"])
    )
    df = tabel.df
    for kolom in ("WijkenEnBuurten", "SoortRegio_2", "Leeftijd"):
        if kolom not in df.columns:
            raise InvoerFout(bestand, "verplichte kolom ontbreekt", kolom=kolom)
    if "Marges" not in df.columns:  # een export met alleen puntwaarden
        df["Marges"] = "MW00000"
    kolommen = zoek_kolommen(list(df.columns), params.gezondheid_kolommen)
    if "eenzaam" not in kolommen:
        raise InvoerFout(
            bestand,
            "geen kolom voor eenzaamheid gevonden (stam 'Eenzaam_<nummer>'); "
            "zet de stam onder gezondheid_kolommen in de parameters",
            kolom="Eenzaam_*",
        )
    ontbreekt = sorted(set(INDICATOREN) - set(kolommen))
    if ontbreekt:
        boek.v.meldingen.append(f"{bestand}: deze editie heeft geen kolom voor {', '.join(ontbreekt)}")
    controles = [
        regex("WijkenEnBuurten", REGIOCODE, lambda w: f"WijkenEnBuurten '{w[:30]}' is geen CBS-regiocode"),
        in_verzameling(
            "SoortRegio_2", ["Land", "Gemeente", "Wijk", "Buurt"], lambda w: f"SoortRegio_2 '{w[:30]}' is onbekend"
        ),
        in_verzameling("Leeftijd", list(LEEFTIJD), lambda w: f"Leeftijd '{w[:30]}' is onbekend"),
        in_verzameling("Marges", list(MARGE), lambda w: f"Marges '{w[:30]}' is onbekend"),
    ]
    controles += [
        regex(
            kolom,
            r"^(\.|-?\d+([.,]\d+)?)?$",
            lambda w, k=kolom: f"kolom {k}: '{w[:30]}' is geen percentage, '.' of leeg",
        )
        for kolom in kolommen.values()
    ]
    redenen = controleer(df, controles)
    geteld = boek.sluit(tabel, redenen, {r: c for r, c in df["WijkenEnBuurten"].items()})
    lang = geteld.rename(columns={"WijkenEnBuurten": "regio_code", "SoortRegio_2": "soort"})
    lang = lang.melt(
        id_vars=["regio_code", "soort", "Leeftijd", "Marges"],
        value_vars=list(kolommen.values()),
        var_name="kolom",
        value_name="tekst",
    )
    lang["indicator"] = lang["kolom"].map({v: k for k, v in kolommen.items()})
    lang["leeftijd"] = lang["Leeftijd"].map(LEEFTIJD)
    lang["marge"] = lang["Marges"].map(MARGE)
    lang["waarde"] = pd.to_numeric(lang["tekst"].str.replace(",", ".").replace({".": None, "": None}), errors="coerce")
    lang["gemeente_code"] = lang["regio_code"].map(gemeente_van)
    return (
        lang[["regio_code", "soort", "gemeente_code", "leeftijd", "marge", "indicator", "waarde"]]
        .sort_values(["regio_code", "leeftijd", "marge", "indicator"])
        .reset_index(drop=True)
    )


def lees_grenzen(pad: Path, bestand: str, niveau: str, boek: Boekhouding):
    """GeoDataFrame in WGS84 met code, naam, geometry. niveau: 'buurt' of 'gemeente'."""
    import geopandas as gpd
    from shapely import make_valid

    gdf = lees_kaart(pad, bestand, niveau)
    pad = Path(pad)
    code_kolom = next((k for k in CODE_EIGENSCHAPPEN if k in gdf.columns), None)
    if code_kolom is None:
        raise InvoerFout(bestand, "geen kolom met de gebiedscode gevonden", kolom=" of ".join(CODE_EIGENSCHAPPEN))
    naam_kolom = next((k for k in NAAM_EIGENSCHAPPEN if k in gdf.columns), None)
    tabel = Tabel(
        bestand=bestand,
        pad=pad,
        gelezen=len(gdf),
        df=pd.DataFrame({"code": gdf[code_kolom].astype(str).str.strip()}, index=gdf.index),
    )
    patroon = r"^BU\d{8}$" if niveau == "buurt" else r"^GM\d{4}$"
    redenen: dict[int, list[str]] = {}
    for regel, code in tabel.df["code"].items():
        if not re.fullmatch(patroon, code):
            redenen[regel] = [f"object {regel}: {code_kolom} '{code[:30]}' is geen {niveau}code"]
        elif gdf.geometry[regel] is None or gdf.geometry[regel].is_empty:
            redenen[regel] = [f"object {regel}: geen geometrie"]
    if "water" in gdf.columns:
        for regel in gdf.index[gdf["water"].astype(str).str.upper() == "JA"]:
            redenen.setdefault(regel, []).append("wateroppervlak (water = JA), hoort niet op de kaart")
    geteld = boek.sluit(tabel, redenen)
    uit = gdf.loc[geteld.index]
    ongeldig = int((~uit.geometry.is_valid).sum())
    if ongeldig:
        boek.v.meldingen.append(f"{bestand}: {ongeldig} ongeldige geometrieën hersteld met make_valid")
    return gpd.GeoDataFrame(
        {
            "code": geteld["code"].values,
            "naam": uit[naam_kolom].astype(str).values if naam_kolom else "",
            "geometry": [make_valid(g) for g in uit.geometry],
        },
        crs=4326,
    )
