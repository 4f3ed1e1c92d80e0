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
