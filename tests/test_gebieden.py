"""RIVM-buurtcijfers en CBS-grenzen: de echte bestanden uit ../shared en de demobestanden."""

from __future__ import annotations

import pandas as pd
import pytest

from eenzaamheid.fouten import InvoerFout
from eenzaamheid.inlezen.gebieden import zoek_kolommen
from eenzaamheid.inlezen.params import Params
from eenzaamheid.valideren.gebieden import lees_gezondheid, lees_grenzen
from eenzaamheid.valideren.invoer import Boekhouding, Validatie


def _boek(tmp_path):
    params = Params.model_validate(
        {
            "jaar": 2020,
            "bronnen": {2020: {"antwoorden": "a", "codeboek": "b", "uitnodigingen": "c", "gemeenten": "d"}},
            "herindelingen": "h",
            "uitvoer": "u",
        },
        context={"map": tmp_path},
    )
    return params, Boekhouding(Validatie(params=params, jaren={}, herindelingen=pd.DataFrame()))


def test_kolommen_op_stam_ook_hernoemd():
    kolommen = ["ID", "Eenzaam_27", "SterkEenzaam_28", "HoogRisicoAngststoornisOfDepressie_20", "Eenzaamheid_9"]
    gevonden = zoek_kolommen(kolommen, {})
    assert gevonden["eenzaam"] == "Eenzaam_27"
    assert gevonden["ernstig_eenzaam"] == "SterkEenzaam_28"
    assert gevonden["angst_depressie"] == "HoogRisicoAngststoornisOfDepressie_20"
    assert zoek_kolommen(kolommen, {"eenzaam": "Eenzaamheid"})["eenzaam"] == "Eenzaamheid_9"


@pytest.mark.parametrize("bestand", ["50090NED_2020_65plus.csv", "50090NED_2020_65plus.xlsx"])
def test_echte_rivm_tabel(echt, tmp_path, bestand):
    params, boek = _boek(tmp_path)
    lang = lees_gezondheid(echt / "rivm_50090NED" / bestand, bestand, params, boek)
    telling = boek.v.tellingen[0]
    assert telling.gelezen == 17_341 and telling.quarantaine == 0
    punt = lang[(lang["marge"] == "waarde") & (lang["indicator"] == "eenzaam")]
    assert punt.set_index("regio_code").loc["GM0363", "waarde"] == pytest.approx(54.5)
    assert punt.set_index("regio_code").loc["GM0363", "leeftijd"] == "65+"
    ernstig = lang[(lang["indicator"] == "ernstig_eenzaam")].set_index("regio_code")
    assert ernstig.loc["GM0363", "waarde"] == pytest.approx(13.9)
    # Onderdrukt ('.') blijft ontbrekend, nooit 0: 1.683 buurten in de 65+-tabel van 2020.
    buurten = punt[punt["soort"] == "Buurt"]
    assert buurten["waarde"].isna().sum() == 1_683
    assert (buurten["waarde"] == 0).sum() == 0
    assert any("psychische_klachten" in m for m in boek.v.meldingen)


def test_rivm_zonder_eenzaamheid_is_structurele_fout(tmp_path):
    params, boek = _boek(tmp_path)
    pad = tmp_path / "r.csv"
    pad.write_text("ID;WijkenEnBuurten;SoortRegio_2;Leeftijd;Roker_11\n1;GM0001;Gemeente;80200;20\n")
    with pytest.raises(InvoerFout, match="kolom Eenzaam_\\*: geen kolom voor eenzaamheid"):
        lees_gezondheid(pad, "r.csv", params, boek)


def test_rivm_kapotte_waarde_in_quarantaine(tmp_path):
    params, boek = _boek(tmp_path)
    pad = tmp_path / "r.csv"
    pad.write_text(
        "ID;WijkenEnBuurten;SoortRegio_2;Leeftijd;Marges;Eenzaam_27\n"
        "1;BU00010001;Buurt     ;80200;MW00000;    40.1\n"
        "2;BU00010002;Buurt;80200;MW00000;       .\n"
        "3;BU00010003;Buurt;80200;MW00000;veel\n"
        "4;XX01;Buurt;80200;MW00000;3\n"
    )
    lang = lees_gezondheid(pad, "r.csv", params, boek)
    assert list(lang["regio_code"]) == ["BU00010001", "BU00010002"]
    assert lang["waarde"].iloc[0] == pytest.approx(40.1) and pd.isna(lang["waarde"].iloc[1])
    assert [(q.regel, q.gemeente_code) for q in boek.v.quarantaine] == [(4, "BU00010003"), (5, "XX01")]
    assert "kolom Eenzaam_27: 'veel'" in boek.v.quarantaine[0].reden


@pytest.mark.parametrize(
    "bestand,aantal",
    [
        ("gemeente_2021.topojson", 352),
        ("gemeente_2020_wijkbuurtkaart_v2_simplified.geojson", 355),
        ("gemeente_2022_pdok_gegeneraliseerd.geojson", 345),
    ],
)
def test_echte_gemeentegrenzen(echt, tmp_path, bestand, aantal):
    _, boek = _boek(tmp_path)
    gdf = lees_grenzen(echt / "boundaries" / bestand, bestand, "gemeente", boek)
    assert len(gdf) == aantal and gdf.crs.to_epsg() == 4326
    assert gdf.geometry.is_valid.all()
    assert "GM0363" in set(gdf["code"])
    assert gdf.set_index("code").loc["GM0363", "naam"] == "Amsterdam"


# Oppervlakken in graden zijn hier juist bedoeld: de tegels zijn in WGS84 gemaakt (en geprojecteerd
# lopen rechte randen net anders), dus de waarschuwing daarover geldt niet.
@pytest.mark.filterwarnings("ignore:Geometry is in a geographic CRS")
def test_demo_buurten_betegelen_hun_gemeente(tmp_path):
    from eenzaamheid.config import DATA_RAW

    _, boek = _boek(tmp_path)
    buurten = lees_grenzen(DATA_RAW / "cbs" / "buurten.geojson", "b", "buurt", boek)
    gemeenten = lees_grenzen(DATA_RAW / "cbs" / "gemeenten.geojson", "g", "gemeente", boek).set_index("code")
    assert buurten.geometry.is_valid.all()
    buurten["gemeente"] = "GM" + buurten["code"].str[2:6]
    for code, groep in buurten.groupby("gemeente"):
        vlak = gemeenten.loc[code, "geometry"]
        unie = groep.geometry.union_all()
        # Coördinaten staan afgerond op 5 decimalen (~1 m): daarbinnen dekken de buurten de gemeente
        # precies, zonder overlap.
        assert unie.symmetric_difference(vlak).area < 1e-3 * vlak.area, code
        assert groep.geometry.area.sum() == pytest.approx(vlak.area, rel=1e-3)


# -- alle vormen waarin de bestanden komen -------------------------------------------------------
@pytest.fixture(scope="module")
def echte_tabellen():
    from conftest import ECHT

    if not ECHT.is_dir():
        pytest.skip(f"echte CBS/RIVM-bestanden niet gevonden in {ECHT}")
    return ECHT / "rivm_50090NED"


@pytest.mark.parametrize("groep,leeftijd,onderdrukt", [("18plus", "18+", 742), ("65plus", "65+", 1_683)])
def test_echte_csv_en_xlsx_zelfde_tabel_met_alle_gemeenten_en_buurten(
    echte_tabellen, tmp_path, groep, leeftijd, onderdrukt
):
    params, boek = _boek(tmp_path)
    csv = lees_gezondheid(echte_tabellen / f"50090NED_2020_{groep}.csv", "c", params, boek)
    xlsx = lees_gezondheid(echte_tabellen / f"50090NED_2020_{groep}.xlsx", "x", params, boek)
    pd.testing.assert_frame_equal(csv, xlsx)
    soorten = csv.drop_duplicates("regio_code")["soort"].value_counts().to_dict()
    assert soorten == {"Land": 1, "Gemeente": 355, "Wijk": 3_177, "Buurt": 13_808}
    assert set(csv["leeftijd"]) == {leeftijd} and set(csv["periode"]) == {"2020JJ00"}
    assert set(csv["marge"]) == {"waarde"}  # deze exports hebben geen intervalrijen
    eenzaam = csv[(csv["indicator"] == "eenzaam") & (csv["soort"] == "Buurt")]
    assert eenzaam["waarde"].isna().sum() == onderdrukt
    # 'Lopen of fietsen naar school of werk' is in 2020 niet gemeten: niet in de tabel (geen indicator hier),
    # en psychische klachten heeft deze editie niet.
    assert "psychische_klachten" not in set(csv["indicator"])
    assert csv.set_index(["regio_code", "indicator"]).loc[("GM0363", "eenzaam"), "gemeente_naam"] == "Amsterdam"


def test_echte_tabel_als_lijst_per_leeftijd_en_koppeling_met_kaart_2019(echte_tabellen, echt, tmp_path):
    """De kaart van 2019 op de tabel van 2020: precies de verschillen die SOURCES.md noemt, per gemeente."""
    from eenzaamheid.valideren.gebieden import lees_gezondheid_bestanden
    from eenzaamheid.valideren.koppeling import meld_koppeling

    params, boek = _boek(tmp_path)
    paden = [echte_tabellen / "50090NED_2020_18plus.csv", echte_tabellen / "50090NED_2020_65plus.csv"]
    lang = lees_gezondheid_bestanden(paden, {p: p.name for p in paden}, params, boek)
    assert set(lang["leeftijd"]) == {"18+", "65+"}
    punt = lang[(lang["indicator"] == "eenzaam") & (lang["regio_code"] == "GM0363")].set_index("leeftijd")
    assert punt.loc["65+", "waarde"] == pytest.approx(54.5)
    boek.v.gezondheid = lang
    boek.v.buurtgrenzen = lees_grenzen(
        echt / "boundaries" / "buurt_2019_pdok_gegeneraliseerd.topojson", "buurten_2019.topojson", "buurt", boek
    )
    tabel = meld_koppeling(boek.v, "buurten_2019.topojson").set_index("gemeente_code")
    verwacht = {  # SOURCES.md, sectie 2d: buurten uit de tabel zonder vlak / buurten van de gemeente in de tabel
        "GM0995": (133, 136),
        "GM1734": (77, 88),
        "GM0687": (72, 72),
        "GM1525": (47, 51),
        "GM1859": (42, 72),
        "GM0743": (28, 28),
        "GM0177": (22, 38),
        "GM0014": (15, 150),
        "GM1728": (10, 25),
        "GM0441": (4, 77),
        "GM0828": (2, 106),
        "GM0753": (2, 19),
    }
    een = {"GM0321": "Houten", "GM0080": "Leeuwarden", "GM0034": "Almere", "GM0777": "Etten-Leur"}
    mis = tabel[(tabel["buurten_zonder_vlak"] > 0) | (tabel["vlakken_zonder_cijfers"] > 0)]
    assert set(mis.index) == set(verwacht) | set(een)
    for code, (zonder, totaal) in verwacht.items():
        assert (tabel.loc[code, "buurten_zonder_vlak"], tabel.loc[code, "buurten_in_tabel"]) == (zonder, totaal), code
    for code, naam in een.items():
        assert tabel.loc[code, "buurten_zonder_vlak"] == 1 and tabel.loc[code, "gemeente_naam"] == naam
    assert tabel["buurten_zonder_vlak"].sum() == 458 and tabel["vlakken_zonder_cijfers"].sum() == 244
    assert tabel["buurten_in_tabel"].sum() == 13_808
    for code, aantal in {"GM0363": 479, "GM0599": 92, "GM0344": 111, "GM0518": 114, "GM0088": 2, "GM1900": 155}.items():
        assert tuple(tabel.loc[code, ["buurten_in_tabel", "buurten_zonder_vlak", "vlakken_zonder_cijfers"]]) == (
            aantal,
            0,
            0,
        ), code
    # In het validatierapport: één melding per gemeente, met de codes.
    lelystad = [m for m in boek.v.meldingen if ", GM0995 Lelystad:" in m]
    assert len(lelystad) == 1 and "133 van de 136 buurten" in lelystad[0]
    assert any("21 ongeldige vlakken" in m and "BU00590207" in m for m in boek.v.meldingen)
    assert any("geen coördinatenstelsel in het bestand" in m and "WGS84" in m for m in boek.v.meldingen)


def _rivm_csv(pad, kop: list[str], rijen: list[list[str]]):
    pad.write_text("\n".join(";".join(r) for r in [kop] + rijen) + "\n", encoding="utf-8")
    return pad


def test_rivm_50120_met_intervallen_en_hernoemde_stam(tmp_path):
    params, boek = _boek(tmp_path)
    kop = ["ID", "WijkenEnBuurten", "Gemeentenaam_1", "SoortRegio_2", "Leeftijd", "Marges", "Perioden"]
    kop += ["Eenzaam_27", "SterkEenzaam_28", "HoogRisicoAngststoornisOfDepressie_22", "PsychischeKlachten_23"]
    rijen = [
        [
            "1",
            "GM0001    ",
            "Test  ",
            "Gemeente  ",
            "80200",
            "MW00000",
            "2022JJ00",
            "  44.1",
            "  10.0",
            "  5.5",
            "   9",
        ],
        [
            "2",
            "GM0001    ",
            "Test  ",
            "Gemeente  ",
            "80200",
            "MOG0095",
            "2022JJ00",
            "  40.0",
            "   8.0",
            "  4.5",
            "   8",
        ],
        [
            "3",
            "GM0001    ",
            "Test  ",
            "Gemeente  ",
            "80200",
            "MBG0095",
            "2022JJ00",
            "  48.0",
            "  12.0",
            "  6.5",
            "  10",
        ],
        ["4", "BU00010001", "Test  ", "Buurt     ", "80200", "MW00000", "2022JJ00", "       .", "       .", ".", "."],
    ]
    lang = lees_gezondheid(_rivm_csv(tmp_path / "r.csv", kop, rijen), "r.csv", params, boek)
    gm = lang[lang["regio_code"] == "GM0001"].set_index(["indicator", "marge"])["waarde"]
    assert gm[("eenzaam", "ondergrens")] == 40.0 and gm[("ernstig_eenzaam", "bovengrens")] == 12.0
    assert gm[("angst_depressie", "waarde")] == 5.5 and gm[("psychische_klachten", "waarde")] == 9.0
    assert lang[lang["regio_code"] == "BU00010001"]["waarde"].isna().all()
    assert set(lang["gemeente_naam"]) == {"Test"}


def test_rivm_andere_leeftijdscodes_zonder_marges_en_niet_gemeten_kolom(tmp_path):
    params, boek = _boek(tmp_path)
    params = params.model_copy(update={"gezondheid_leeftijden": {"53105": "65+"}})
    kop = [
        "ID",
        "WijkenEnBuurten",
        "SoortRegio_2",
        "Leeftijd",
        "Perioden",
        "Eenzaam_25",
        "EenOfMeerLangdurigeAandoeningen_3",
    ]
    rijen = [
        ["1", "GM0001", "Gemeente", "53105", "2024JJ00", "50.5", ""],
        ["2", "BU00010001", "Buurt", "53105", "2024JJ00", "", ""],
    ]
    lang = lees_gezondheid(_rivm_csv(tmp_path / "r.csv", kop, rijen), "r.csv", params, boek)
    assert set(lang["leeftijd"]) == {"65+"} and set(lang["marge"]) == {"waarde"}
    # Een kolom zonder één waarde is niet gemeten: weg, met een melding; een lege cel elders is onderdrukt.
    assert set(lang["indicator"]) == {"eenzaam"}
    assert any("EenOfMeerLangdurigeAandoeningen_3 is in geen enkele rij ingevuld" in m for m in boek.v.meldingen)
    assert (
        lang.set_index("regio_code").loc["BU00010001", "waarde"]
        != lang.set_index("regio_code").loc["BU00010001", "waarde"]
    )


def test_rivm_zelfde_cijfer_in_twee_bestanden_is_fout(tmp_path):
    from eenzaamheid.valideren.gebieden import lees_gezondheid_bestanden

    params, boek = _boek(tmp_path)
    kop = ["ID", "WijkenEnBuurten", "SoortRegio_2", "Leeftijd", "Eenzaam_27"]
    a = _rivm_csv(tmp_path / "a.csv", kop, [["1", "GM0001", "Gemeente", "80200", "40"]])
    b = _rivm_csv(tmp_path / "b.csv", kop, [["1", "GM0001", "Gemeente", "80200", "41"]])
    with pytest.raises(InvoerFout, match="in meer dan één bestand, bijvoorbeeld GM0001 65\\+ eenzaam"):
        lees_gezondheid_bestanden([a, b], {a: "a.csv", b: "b.csv"}, params, boek)


def test_params_gezondheid_als_lijst_en_kaartlagen_gecontroleerd(tmp_path):
    basis = {
        "jaar": 2020,
        "bronnen": {2020: {"antwoorden": "a", "codeboek": "b", "uitnodigingen": "c", "gemeenten": "d"}},
        "herindelingen": "h",
        "uitvoer": "u",
    }
    params = Params.model_validate({**basis, "gezondheid": ["r18.csv", "r65.xlsx"]}, context={"map": tmp_path})
    assert params.gezondheid_bestanden == [tmp_path / "r18.csv", tmp_path / "r65.xlsx"]
    with pytest.raises(ValueError, match="onbekende indicator 'eenzaamheid'"):
        Params.model_validate({**basis, "kaart": {"lagen": [["eenzaamheid", "65+"]]}}, context={"map": tmp_path})


def _geojson(pad, coordinaten, crs: int | None = None, eigenschappen=None):
    import json

    kenmerken = [
        {
            "type": "Feature",
            "properties": eigenschappen or {"statcode": "BU00010001", "statnaam": "Dorp"},
            "geometry": {"type": "Polygon", "coordinates": [coordinaten]},
        }
    ]
    inhoud = {"type": "FeatureCollection", "features": kenmerken}
    if crs:
        inhoud["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{crs}"}}
    pad.write_text(json.dumps(inhoud), encoding="utf-8")
    return pad


RD_VIERKANT = [[120000, 480000], [121000, 480000], [121000, 481000], [120000, 481000], [120000, 480000]]


def test_rd_getallen_in_wgs84_bestand_is_fout_in_het_nederlands(tmp_path):
    _, boek = _boek(tmp_path)
    pad = _geojson(tmp_path / "b.geojson", RD_VIERKANT)  # geen crs-lid: GeoJSON zegt dan WGS84
    with pytest.raises(InvoerFout, match="zijn meters, vermoedelijk RD New \\(EPSG:28992\\)"):
        lees_grenzen(pad, "b.geojson", "buurt", boek)


def test_rd_met_opgegeven_crs_en_zelfdoorsnijding_hersteld(tmp_path):
    _, boek = _boek(tmp_path)
    vlinder = [[120000, 480000], [121000, 481000], [121000, 480000], [120000, 481000], [120000, 480000]]
    gdf = lees_grenzen(_geojson(tmp_path / "b.geojson", vlinder, crs=28992), "b.geojson", "buurt", boek)
    assert gdf.crs.to_epsg() == 4326 and gdf.geometry.is_valid.all()
    minx, miny, maxx, maxy = gdf.total_bounds
    assert 4.8 < minx < maxx < 4.95 and 52.25 < miny < maxy < 52.35  # RD (120 km, 480 km): bij Amstelveen
    assert any("1 ongeldige vlakken" in m and "BU00010001" in m for m in boek.v.meldingen)
    assert gdf["naam"].tolist() == ["Dorp"] and gdf["gemeente_code"].tolist() == ["GM0001"]


def test_geopackage_buurtenlaag_zonder_water_met_namen(tmp_path):
    import geopandas as gpd
    from shapely import box

    pad = tmp_path / "wijkenbuurten_2022_v1.gpkg"
    buurten = gpd.GeoDataFrame(
        {
            "buurtcode": ["BU00010001", "BU00010002", "BU00010003"],
            "buurtnaam": ["Centrum", "Haven", "Meer"],
            "gemeentecode": ["GM0001"] * 3,
            "water": ["NEE", "NEE", "JA"],
            "aantal_inwoners": [1200, -99999997, 0],
        },
        geometry=[box(120000, 480000, 121000, 481000), box(121000, 480000, 122000, 481000), box(0, 0, 1, 1)],
        crs=28992,
    )
    buurten.to_file(pad, layer="buurten")
    buurten.dissolve("gemeentecode").reset_index().to_file(pad, layer="gemeenten")
    _, boek = _boek(tmp_path)
    gdf = lees_grenzen(pad, "wijkenbuurten.gpkg", "buurt", boek)
    assert gdf["code"].tolist() == ["BU00010001", "BU00010002"] and gdf["naam"].tolist() == ["Centrum", "Haven"]
    assert gdf.crs.to_epsg() == 4326
    assert gdf["inwoners"].iloc[0] == 1200 and pd.isna(gdf["inwoners"].iloc[1])  # -99999997 = geheim
    assert [q.reden for q in boek.v.quarantaine] == ["wateroppervlak (water = JA), hoort niet op de kaart"]
