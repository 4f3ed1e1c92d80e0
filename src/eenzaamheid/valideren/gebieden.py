"""RIVM-buurtcijfers en CBS-grenzen controleren: elke rij geteld of met reden in quarantaine.

Het lezen zelf (kolommen op stam, Excel, kaartformaten) staat in `inlezen.gebieden`; hier het
coördinatenstelsel, de editie (welke indicatoren, welke leeftijdscodes) en de boekhouding.
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
    """Lang formaat: regio_code, soort, gemeente_code, gemeente_naam, periode, leeftijd, marge, indicator,
    waarde (float of NaN). Een indicator die in geen enkele rij een waarde heeft, is in deze editie of
    periode niet gemeten en valt weg (met een melding): zo zegt geen tekst er iets over."""
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
    for kolom in ("Perioden", "Gemeentenaam_1"):
        if kolom not in df.columns:
            df[kolom] = ""
    leeftijden = {**LEEFTIJD, **params.gezondheid_leeftijden}
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
        in_verzameling(
            "Leeftijd",
            list(leeftijden),
            lambda w: f"Leeftijd '{w[:30]}' is onbekend (andere codes: zet ze onder gezondheid_leeftijden)",
        ),
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
    niet_gemeten = [k for k, kolom in kolommen.items() if len(geteld) and (geteld[kolom] == "").all()]
    if niet_gemeten:
        boek.v.meldingen.append(
            f"{bestand}: {', '.join(kolommen[k] for k in niet_gemeten)} is in geen enkele rij ingevuld "
            "(niet gemeten in deze periode): geen kaart of tekst daarover"
        )
        kolommen = {k: v for k, v in kolommen.items() if k not in niet_gemeten}
    lang = geteld.rename(
        columns={"WijkenEnBuurten": "regio_code", "SoortRegio_2": "soort", "Gemeentenaam_1": "gemeente_naam"}
    )
    lang = lang.melt(
        id_vars=["regio_code", "soort", "gemeente_naam", "Perioden", "Leeftijd", "Marges"],
        value_vars=list(kolommen.values()),
        var_name="kolom",
        value_name="tekst",
    )
    lang["indicator"] = lang["kolom"].map({v: k for k, v in kolommen.items()})
    lang["leeftijd"] = lang["Leeftijd"].map(leeftijden)
    lang["marge"] = lang["Marges"].map(MARGE)
    lang["periode"] = lang["Perioden"]
    lang["waarde"] = pd.to_numeric(lang["tekst"].str.replace(",", ".").replace({".": None, "": None}), errors="coerce")
    lang["gemeente_code"] = lang["regio_code"].map(gemeente_van)
    return (
        lang[GEZONDHEID_KOLOMMEN].sort_values(["regio_code", "leeftijd", "marge", "indicator"]).reset_index(drop=True)
    )


GEZONDHEID_KOLOMMEN = [
    "regio_code",
    "soort",
    "gemeente_code",
    "gemeente_naam",
    "periode",
    "leeftijd",
    "marge",
    "indicator",
    "waarde",
]


def lees_gezondheid_bestanden(paden: list[Path], namen: dict, params: Params, boek: Boekhouding) -> pd.DataFrame:
    """Eén of meer bestanden (bijvoorbeeld één per leeftijdsgroep) als één lange tabel.

    Staat hetzelfde cijfer (regio, leeftijd, marge, indicator) in twee bestanden, dan is dat een
    structurele fout: welk van de twee geldt, is niet te zeggen.
    """
    delen = [lees_gezondheid(p, namen[p], params, boek) for p in paden]
    lang = pd.concat(delen, ignore_index=True) if len(delen) > 1 else delen[0]
    sleutel = ["regio_code", "leeftijd", "marge", "indicator"]
    dubbel = lang[lang.duplicated(sleutel, keep=False)]
    if len(paden) > 1 and len(dubbel):
        eerste = dubbel.iloc[0]
        raise InvoerFout(
            ", ".join(namen[p] for p in paden),
            f"{len(dubbel) // 2} cijfers staan in meer dan één bestand, bijvoorbeeld {eerste['regio_code']} "
            f"{eerste['leeftijd']} {eerste['indicator']}; geef elk bestand één leeftijdsgroep",
        )
    perioden = sorted(set(lang["periode"]) - {""})
    if len(perioden) > 1:
        raise InvoerFout(
            ", ".join(namen[p] for p in paden),
            f"meer dan één periode ({', '.join(perioden)}); de kaart toont er één: geef alleen die periode mee",
            kolom="Perioden",
        )
    if len(paden) > 1:
        lang = lang.sort_values(sleutel).reset_index(drop=True)
    return lang


# Rijksdriehoekstelsel (RD New, EPSG:28992): Nederland ligt binnen x 0..300 km, y 300..625 km.
RD_GRENZEN = (-7_000, 289_000, 300_000, 629_000)
WGS84_NEDERLAND = (2.5, 7.5, 50.5, 54.0)


def _soort_coordinaten(grenzen) -> str:
    minx, miny, maxx, maxy = grenzen
    if -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90:
        return "graden"
    x0, x1, y0, y1 = RD_GRENZEN
    if x0 <= minx <= maxx <= x1 and y0 <= miny <= maxy <= y1:
        return "rd"
    return "onbekend"


def bepaal_crs(gdf, bestand: str, boek: Boekhouding | None = None):
    """Het CRS uit het bestand, gecontroleerd tegen de coördinaten; zonder CRS afgeleid uit de coördinaten.

    GDAL leest elke GeoJSON als WGS84; een bestand met RD-getallen (honderdduizenden meters) en
    zo'n opgave zou anders een kaart ergens buiten de aarde geven.
    """
    soort = _soort_coordinaten(gdf.total_bounds)
    if gdf.crs is None:
        if soort == "graden":
            gdf = gdf.set_crs(4326)
        elif soort == "rd":
            gdf = gdf.set_crs(28992)
        else:
            raise InvoerFout(
                bestand,
                "het bestand noemt geen coördinatenstelsel en de coördinaten zijn geen "
                "lengte/breedte in graden (WGS84) en geen RD New (EPSG:28992)",
            )
        if boek is not None:
            boek.v.meldingen.append(
                f"{bestand}: geen coördinatenstelsel in het bestand; uit de coördinaten afgeleid: "
                + ("WGS84 (EPSG:4326)" if soort == "graden" else "RD New (EPSG:28992)")
            )
        return gdf
    if gdf.crs.is_geographic and soort != "graden":
        raise InvoerFout(
            bestand,
            f"het bestand zegt {gdf.crs.name} (lengte/breedte in graden), maar de coördinaten "
            f"({_grenzen_tekst(gdf.total_bounds)}) zijn meters"
            + (", vermoedelijk RD New (EPSG:28992)" if soort == "rd" else "")
            + ". Zet het juiste coördinatenstelsel in het bestand (GeoJSON: lengte/breedte in WGS84)",
        )
    if gdf.crs.is_projected and soort == "graden":
        raise InvoerFout(
            bestand,
            f"het bestand zegt {gdf.crs.name} (meters), maar de coördinaten ({_grenzen_tekst(gdf.total_bounds)}) "
            "zijn lengte/breedte in graden. Zet het juiste coördinatenstelsel in het bestand",
        )
    return gdf


def _grenzen_tekst(grenzen) -> str:
    minx, miny, maxx, maxy = grenzen
    return f"x {minx:.6g} tot {maxx:.6g}, y {miny:.6g} tot {maxy:.6g}"


def lees_grenzen(pad: Path, bestand: str, niveau: str, boek: Boekhouding):
    """GeoDataFrame in WGS84 met code, naam, gemeente_code, geometry. niveau: 'buurt' of 'gemeente'.

    GeoPackage (laag `buurten` of `gemeenten`, `water` = `JA` weg), GeoJSON of TopoJSON, met de
    eigenschapsnamen van CBS/PDOK (`statcode`), van de wijk- en buurtkaart (`buurtcode`,
    `GM_CODE`) of andere uitgevers (`code`). Ongeldige vlakken worden met make_valid hersteld en gemeld.
    """
    import geopandas as gpd
    from shapely import make_valid

    pad = Path(pad)
    gdf = lees_kaart(pad, bestand, niveau)
    gdf = bepaal_crs(gdf, bestand, boek).to_crs(4326)
    voorkeur = ("buurtcode", "statcode", "BU_CODE", "code") if niveau == "buurt" else CODE_EIGENSCHAPPEN
    code_kolom = next((k for k in voorkeur if k in gdf.columns), None)
    if code_kolom is None:
        raise InvoerFout(bestand, "geen kolom met de gebiedscode gevonden", kolom=" of ".join(CODE_EIGENSCHAPPEN))
    naam_voorkeur = ("buurtnaam", "statnaam", "BU_NAAM", "naam") if niveau == "buurt" else NAAM_EIGENSCHAPPEN
    naam_kolom = next((k for k in naam_voorkeur if k in gdf.columns), None)
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
        for regel in gdf.index[gdf["water"].astype(str).str.strip().str.upper() == "JA"]:
            redenen.setdefault(regel, []).append("wateroppervlak (water = JA), hoort niet op de kaart")
    geteld = boek.sluit(tabel, redenen)
    uit = gdf.loc[geteld.index]
    ongeldig = ~uit.geometry.is_valid
    if ongeldig.any():
        codes = list(geteld.loc[ongeldig[ongeldig].index, "code"])
        boek.v.meldingen.append(
            f"{bestand}: {len(codes)} ongeldige vlakken (bijvoorbeeld zelfdoorsnijdende randen) hersteld met "
            f"make_valid: {', '.join(codes[:25])}{' …' if len(codes) > 25 else ''}"
        )
    namen = (
        uit[naam_kolom].where(uit[naam_kolom].notna(), "").astype(str).str.strip()
        if naam_kolom
        else pd.Series("", index=uit.index)
    )
    codes = geteld["code"]
    if niveau == "buurt" and "gemeentecode" in uit.columns:
        gemeenten = uit["gemeentecode"].astype(str).str.strip()
    else:
        gemeenten = codes.str.slice(2, 6).radd("GM") if niveau == "buurt" else codes
    # CBS-kerncijfers gebruiken negatieve codes (-99999997 = geheim, -99999999 = onbekend): ontbrekend, nooit een getal.
    inwoners = (
        pd.to_numeric(uit["aantal_inwoners"], errors="coerce").where(lambda w: w >= 0)
        if "aantal_inwoners" in uit.columns
        else pd.Series(float("nan"), index=uit.index)
    )
    return gpd.GeoDataFrame(
        {
            "code": codes.values,
            "naam": namen.values,
            "gemeente_code": gemeenten.values,
            "inwoners": inwoners.astype(float).values,
            "geometry": [make_valid(g) if not g.is_valid else g for g in uit.geometry],
        },
        crs=4326,
    )
