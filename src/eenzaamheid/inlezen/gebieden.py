"""RIVM-buurtcijfers (tabel 50120NED en voorgangers) en CBS-grenzen lezen; controleren doet `valideren.gebieden`.

Kolommen worden op stam gezocht (`Eenzaam_27`, `Eenzaam_28`, ...), nooit op plek: het nummer
verschilt per editie en sommige stammen zijn hernoemd. Onderdrukte waarden (`.`) en niet gemeten
waarden (leeg) blijven ontbrekend, nooit 0.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..fouten import InvoerFout
from .tabellen import Tabel

# indicator (naam in dit project) -> stammen die de RIVM-tabellen ervoor gebruiken
INDICATOREN: dict[str, tuple[str, ...]] = {
    "eenzaam": ("Eenzaam",),
    "ernstig_eenzaam": ("ErnstigZeerErnstigEenzaam", "SterkEenzaam"),
    "emotioneel_eenzaam": ("EmotioneelEenzaam",),
    "sociaal_eenzaam": ("SociaalEenzaam",),
    "angst_depressie": ("HoogRisicoOpAngstOfDepressie", "HoogRisicoAngststoornisOfDepressie"),
    "psychische_klachten": ("PsychischeKlachten",),
    "langdurige_aandoening": ("EenOfMeerLangdurigeAandoeningen",),
    "beperkt_gezondheid": ("BeperktVanwegeGezondheid",),
}
LEEFTIJD = {"80200": "65+", "20300": "18+", "65 jaar of ouder": "65+", "18 jaar of ouder": "18+"}
MARGE = {"MW00000": "waarde", "MOG0095": "ondergrens", "MBG0095": "bovengrens"}
REGIOCODE = r"^(NL\d{2}|GM\d{4}|WK\d{6}|BU\d{8})$"


def lees_excel(pad: Path, bestand: str) -> Tabel:
    try:
        # calamine (Rust) leest een landelijke RIVM-tabel ~10x sneller dan openpyxl.
        df = pd.read_excel(pad, dtype=str, keep_default_na=False, engine="calamine")
    except Exception as fout:  # openpyxl geeft uiteenlopende fouttypen voor kapotte bestanden
        raise InvoerFout(bestand, f"Excel-bestand niet te lezen: {fout}") from None
    df = df.map(lambda w: str(w).strip())
    df.index = pd.Index(range(2, len(df) + 2), name="regel")  # regel 1 is de kopregel
    return Tabel(bestand=bestand, pad=pad, df=df, gelezen=len(df))


def zoek_kolommen(kolommen: list[str], eigen: dict[str, str]) -> dict[str, str]:
    """indicator -> kolomnaam, op stam; `eigen` (uit de parameters) gaat voor."""
    gevonden: dict[str, str] = {}
    for indicator, stammen in INDICATOREN.items():
        stammen = (eigen[indicator],) if indicator in eigen else stammen
        for stam in stammen:
            treffers = [k for k in kolommen if re.fullmatch(rf"{re.escape(stam)}_\d+", k) or k == stam]
            if treffers:
                gevonden[indicator] = treffers[0]
                break
    return gevonden


def gemeente_van(code: str) -> str:
    if code.startswith(("WK", "BU")):
        return "GM" + code[2:6]
    return code if code.startswith("GM") else ""


CODE_EIGENSCHAPPEN = ("statcode", "buurtcode", "gemeentecode", "GM_CODE", "BU_CODE", "code")
NAAM_EIGENSCHAPPEN = ("statnaam", "buurtnaam", "gemeentenaam", "GM_NAAM", "BU_NAAM", "naam")


def lees_kaart(pad: Path, bestand: str, niveau: str):
    """De kaart als GeoDataFrame zoals in het bestand, genummerd per object vanaf 1. niveau: 'buurt' of 'gemeente'."""
    import geopandas as gpd
    import pyogrio

    pad = Path(pad)
    if not pad.is_file():
        raise InvoerFout(bestand, "bestand ontbreekt")
    laag = None
    if pad.suffix.lower() == ".gpkg":
        lagen = [laag_info[0] for laag_info in pyogrio.list_layers(pad)]
        laag = {"buurt": "buurten", "gemeente": "gemeenten"}[niveau]
        if laag not in lagen:
            raise InvoerFout(bestand, f"laag '{laag}' ontbreekt (wel: {', '.join(lagen)})")
    try:
        gdf = gpd.read_file(pad, layer=laag)
    except Exception as fout:  # pyogrio/GDAL geven per formaat andere fouttypen
        raise InvoerFout(bestand, f"kaart niet te lezen: {fout}") from None
    if len(gdf) == 0:
        raise InvoerFout(bestand, "de kaart heeft geen vlakken")
    # Het coördinatenstelsel blijft zoals het bestand het opgeeft: `valideren.gebieden.bepaal_crs` controleert het.
    gdf = gdf.reset_index(drop=True)
    gdf.index = pd.Index(range(1, len(gdf) + 1), name="regel")  # volgnummer van het object
    return gdf
