"""RIVM-buurtcijfers (tabel 50120NED en voorgangers) en CBS-grenzen lezen.

Kolommen worden op stam gezocht (`Eenzaam_27`, `Eenzaam_28`, ...), nooit op plek: het nummer
verschilt per editie en sommige stammen zijn hernoemd. Onderdrukte waarden (`.`) en niet gemeten
waarden (leeg) blijven ontbrekend, nooit 0.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..fouten import InvoerFout
from .tabellen import Tabel, lees_tabel

if TYPE_CHECKING:
    from ..inlezen.params import Params
    from ..valideren.invoer import Boekhouding

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


def _lees_excel(pad: Path, bestand: str) -> Tabel:
    try:
        df = pd.read_excel(pad, dtype=str, keep_default_na=False)
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


def lees_gezondheid(pad: Path, bestand: str, params: Params, boek: Boekhouding) -> pd.DataFrame:
    """Lang formaat: regio_code, soort, gemeente_code, leeftijd, marge, indicator, waarde (float of NaN)."""
    from ..valideren.expectations import controleer, in_verzameling, regex

    pad = Path(pad)
    tabel = (
        _lees_excel(pad, bestand)
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
    lang["gemeente_code"] = lang["regio_code"].map(_gemeente_van)
    return (
        lang[["regio_code", "soort", "gemeente_code", "leeftijd", "marge", "indicator", "waarde"]]
        .sort_values(["regio_code", "leeftijd", "marge", "indicator"])
        .reset_index(drop=True)
    )


def _gemeente_van(code: str) -> str:
    if code.startswith(("WK", "BU")):
        return "GM" + code[2:6]
    return code if code.startswith("GM") else ""


CODE_EIGENSCHAPPEN = ("statcode", "buurtcode", "gemeentecode", "GM_CODE", "BU_CODE", "code")
NAAM_EIGENSCHAPPEN = ("statnaam", "buurtnaam", "gemeentenaam", "GM_NAAM", "BU_NAAM", "naam")


def lees_grenzen(pad: Path, bestand: str, niveau: str, boek: Boekhouding):
    """GeoDataFrame in WGS84 met code, naam, geometry. niveau: 'buurt' of 'gemeente'."""
    import geopandas as gpd
    import pyogrio
    from shapely import make_valid

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
    if gdf.crs is None:  # TopoJSON zonder CRS: de landelijke kaarten zijn in WGS84
        gdf = gdf.set_crs(4326)
    gdf = gdf.to_crs(4326)
    code_kolom = next((k for k in CODE_EIGENSCHAPPEN if k in gdf.columns), None)
    if code_kolom is None:
        raise InvoerFout(bestand, "geen kolom met de gebiedscode gevonden", kolom=" of ".join(CODE_EIGENSCHAPPEN))
    naam_kolom = next((k for k in NAAM_EIGENSCHAPPEN if k in gdf.columns), None)
    gdf = gdf.reset_index(drop=True)
    gdf.index = pd.Index(range(1, len(gdf) + 1), name="regel")  # volgnummer van het object
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
