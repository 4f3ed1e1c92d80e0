"""De buurtkaart: inhoud en zinnen op zelfgebouwde cijfers, en op de echte RIVM-tabel en CBS-kaart."""

from __future__ import annotations

import re
import struct
import zlib

import numpy as np
import pandas as pd
import pytest
import yaml

from conftest import ECHT
from eenzaamheid.rapporteren.kaart import Maat, kaartfiguur, schrijf_buurten, svg
from eenzaamheid.veilig import typst_tekst
from eenzaamheid.verwerken.gebieden import Gebieden, buurtvlakken, gebiedscijfers, kaartklassen
from eenzaamheid.verwerken.kaart import TEKSTEN, kaart_inhoud

LAGEN = [("eenzaam", "65+"), ("ernstig_eenzaam", "65+"), ("eenzaam", "18+"), ("ernstig_eenzaam", "18+")]


# -- zelfgebouwde cijfers ----------------------------------------------------------------------
def _lang(gebieden: dict[str, dict], indicatoren: list[str]) -> pd.DataFrame:
    """gebieden: code -> {(indicator, leeftijd): (waarde, onder, boven) of None (onderdrukt)}."""
    rijen = []
    for code, cijfers in gebieden.items():
        soort = "Land" if code.startswith("NL") else "Gemeente" if code.startswith("GM") else "Buurt"
        for indicator in indicatoren:
            for leeftijd in ("65+", "18+"):
                w = cijfers.get((indicator, leeftijd), cijfers.get(indicator))
                for i, marge in enumerate(("waarde", "ondergrens", "bovengrens")):
                    rijen.append(
                        {
                            "regio_code": code,
                            "soort": soort,
                            "gemeente_code": "" if soort == "Land" else "GM" + code[2:6],
                            "gemeente_naam": "",
                            "periode": "2022JJ00",
                            "leeftijd": leeftijd,
                            "marge": marge,
                            "indicator": indicator,
                            "waarde": np.nan if w is None or w[i] is None else w[i],
                        }
                    )
    return pd.DataFrame(rijen)


def _gebieden(lang: pd.DataFrame, vlakken: list[str] | None = None) -> Gebieden:
    from shapely import box, to_wkb

    cijfers = gebiedscijfers(lang)
    buurten = sorted(set(cijfers.loc[cijfers["niveau"] == "buurt", "gebied_code"])) if vlakken is None else vlakken
    rijen = []
    for i, code in enumerate(buurten):
        vlak = box(100_000 + i * 1000, 400_000, 100_900 + i * 1000, 400_900)
        rijen.append(
            {
                "code": code,
                "naam": f"Buurt {code[-2:]}",
                "gemeente_code": "GM" + code[2:6],
                "pad": f"M{100_000 + i * 1000} -400900l900 0 0 900 -900 0z",
                "minx": vlak.bounds[0],
                "miny": vlak.bounds[1],
                "maxx": vlak.bounds[2],
                "maxy": vlak.bounds[3],
                "geometry": to_wkb(vlak),
            }
        )
    vlakken_df = pd.DataFrame(rijen, columns=["code", "naam", "gemeente_code", "pad", "minx", "miny", "maxx", "maxy"])
    return Gebieden(cijfers, vlakken_df, kaartklassen(cijfers, LAGEN, 5), LAGEN)


ALLE = ["eenzaam", "ernstig_eenzaam", "angst_depressie", "psychische_klachten", "langdurige_aandoening"]
GEMEENTE = {"eenzaam": (40.0, 38.0, 42.0), "ernstig_eenzaam": (10.0, 9.0, 11.0), "angst_depressie": (5.0, 4.0, 6.0)}
GEMEENTE |= {"psychische_klachten": (12.0, 11.0, 13.0), "langdurige_aandoening": (60.0, 58.0, 62.0)}
LAND = {k: (w + 1, o + 1, b + 1) for k, (w, o, b) in GEMEENTE.items()}


def _buurt(eenzaam, angst=(5.0, 4.0, 6.0), psychisch=(12.0, 11.0, 13.0), langdurig=(60.0, 58.0, 62.0)):
    if eenzaam is None:  # zoals RIVM: een onderdrukte buurt heeft in elke indicator een punt
        return dict.fromkeys(ALLE)
    return {
        "eenzaam": eenzaam,
        "ernstig_eenzaam": (10.0, 9.0, 11.0),
        "angst_depressie": angst,
        "psychische_klachten": psychisch,
        "langdurige_aandoening": langdurig,
    }


GEWOON = (41.0, 37.0, 45.0)  # interval om het gemeentecijfer heen
HOOG = (52.0, 47.0, 57.0)  # heel het interval boven 40

GEVALLEN = {
    # naam: (gebieden, indicatoren, verwachte regels)
    "opvallend_met_angst": (
        {
            "BU00010001": _buurt(HOOG, angst=(7.0, 6.0, 8.0)),
            "BU00010002": _buurt(GEWOON),
            "BU00010003": _buurt(GEWOON),
        },
        ALLE,
        {"kaart_gemeente", "kaart_opvallende_buurten", "kaart_angst_depressie"},
    ),
    "opvallend_alles_hoger": (
        {
            "BU00010001": _buurt(HOOG, angst=(7.0, 6.0, 8.0), psychisch=(15.0, 14, 16), langdurig=(70.0, 65, 75)),
            "BU00010002": _buurt(HOOG),
            "BU00010003": _buurt(GEWOON),
        },
        ALLE,
        {
            "kaart_gemeente",
            "kaart_opvallende_buurten",
            "kaart_angst_depressie",
            "kaart_psychische_klachten",
            "kaart_langdurige_aandoening",
        },
    ),
    "opvallend_zonder_gezondheid_hoger": (
        {"BU00010001": _buurt(HOOG), "BU00010002": _buurt(GEWOON), "BU00010003": _buurt(GEWOON)},
        ALLE,
        {"kaart_gemeente", "kaart_opvallende_buurten", "kaart_gezondheid_niet_hoger"},
    ),
    # 50090NED heeft geen psychische klachten: daarover dan geen woord, ook niet als 'niet hoger'.
    "editie_zonder_psychische_klachten": (
        {
            "BU00010001": _buurt(HOOG, psychisch=(15.0, 14, 16)),
            "BU00010002": _buurt(GEWOON),
            "BU00010003": _buurt(GEWOON),
        },
        ["eenzaam", "ernstig_eenzaam", "angst_depressie", "langdurige_aandoening"],
        {"kaart_gemeente", "kaart_opvallende_buurten", "kaart_gezondheid_niet_hoger"},
    ),
    "geen_opvallende": (
        {"BU00010001": _buurt(GEWOON), "BU00010002": _buurt(GEWOON), "BU00010003": _buurt(GEWOON)},
        ALLE,
        {"kaart_gemeente", "kaart_geen_opvallende_buurt"},
    ),
    "te_weinig_buurten": (
        {"BU00010001": _buurt(HOOG), "BU00010002": _buurt(None), "BU00010003": _buurt(None)},
        ALLE,
        {"kaart_gemeente", "kaart_te_weinig_buurten"},
    ),
}


def _inhoud(geval: str, code: str = "GM0001"):
    buurten, indicatoren, _ = GEVALLEN[geval]
    gebieden = {"NL01": LAND, "GM0001": GEMEENTE, **buurten}
    return kaart_inhoud(_gebieden(_lang(gebieden, indicatoren)), code, "Testdorp")


@pytest.mark.parametrize("geval", sorted(GEVALLEN))
def test_regels_vuren_op_gebouwde_cijfers(geval):
    inhoud = _inhoud(geval)
    assert {z.regel for z in inhoud.zinnen} == GEVALLEN[geval][2]


def test_elke_regel_vuurt_en_vuurt_niet():
    ids = {r["id"] for r in yaml.safe_load(TEKSTEN.read_text(encoding="utf-8"))["teksten"]}
    verwacht = [g[2] for g in GEVALLEN.values()] + [{"kaart_geen_cijfers"}]
    for regel in ids:
        assert any(regel in v for v in verwacht), f"{regel} vuurt in geen enkel geval"
        assert any(regel not in v for v in verwacht), f"{regel} vuurt in elk geval"


def test_onbekende_gemeente_eigen_tekst_geen_kaart_geen_buurten_csv(tmp_path):
    inhoud = _inhoud("geen_opvallende", code="GM0999")
    assert [z.regel for z in inhoud.zinnen] == ["kaart_geen_cijfers"]
    assert "GM0999" in inhoud.zinnen[0].tekst
    assert kaartfiguur(inhoud) is None
    schrijf_buurten(tmp_path / "buurten.csv", inhoud)
    assert not (tmp_path / "buurten.csv").exists()
    assert inhoud.bevindingen["heeft_cijfers"] is False and inhoud.bevindingen["opvallende_buurten"] == 0


def test_tekst_noemt_buurt_en_gemeentecijfer():
    inhoud = _inhoud("opvallend_met_angst")
    zinnen = {z.regel: z.tekst for z in inhoud.zinnen}
    assert (
        zinnen["kaart_gemeente"] == "In Testdorp is naar schatting 40,0% van de 65-plussers eenzaam (Nederland: 41,0%)."
    )
    assert "Eén buurt ligt duidelijk boven het gemeentecijfer" in zinnen["kaart_opvallende_buurten"]
    assert "Buurt 01 (52,0%)" in zinnen["kaart_opvallende_buurten"]
    assert zinnen["kaart_angst_depressie"].endswith("in Buurt 01.")
    assert inhoud.bevindingen == {
        "heeft_cijfers": True,
        "opvallende_buurten": 1,
        "buurten_met_cijfers": 3,
        "gemeente_cijfer": 40.0,
        "boven_land": False,
    }


def test_onderdrukt_cijfer_nooit_als_getal(tmp_path):
    # BU00010002 en -03 onderdrukt: geen getal in titel, tabel, tekst of CSV; wel 'geen gegevens'.
    inhoud = _inhoud("te_weinig_buurten")
    figuur = kaartfiguur(inhoud)
    for code in ("BU00010002", "BU00010003"):
        titel = re.search(rf"<title[^>]*>(Buurt \d+ \({code}\)[^<]*)</title>", figuur.html).group(1)
        zonder_code = titel.replace(code, "").replace("Buurt 02", "").replace("Buurt 03", "")
        assert not re.search(r"\d,\d", zonder_code) and titel.count("geen gegevens") == 4, titel
        rij = re.search(rf"<tr><td>[^<]*</td><td>{code}</td>(.*?)</tr>", figuur.html).group(1)
        assert not re.search(r"\d", rij.replace("18+", "").replace("65+", "")), rij
    for zin in inhoud.zinnen:
        assert "Buurt 02" not in zin.tekst and "Buurt 03" not in zin.tekst
    schrijf_buurten(tmp_path / "buurten.csv", inhoud)
    csv = pd.read_csv(tmp_path / "buurten.csv", dtype=str, keep_default_na=False)
    onderdrukt = csv[csv["gebied_code"].isin(["BU00010002", "BU00010003"])]
    assert len(onderdrukt) == 2 * 2 * 5 and (onderdrukt["onderdrukt"] == "1").all()
    assert (onderdrukt[["waarde", "ondergrens", "bovengrens"]] == "").all().all()


def test_klassen_gelijk_voor_elke_gemeente_en_legenda_met_bereik():
    inhoud = _inhoud("opvallend_alles_hoger")
    laag = inhoud.lagen[0]
    # Kwantielen over de buurten van het land (hier drie): 41, 41, 52.
    assert laag.grenzen[0][0] == 41.0 and laag.grenzen[-1][1] == 52.0
    statisch = svg(inhoud, False, "k")
    assert "geen gegevens" in statisch and "41,0–" in statisch


# -- echte bestanden ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def echt_land(tmp_path_factory):
    if not ECHT.is_dir():
        pytest.skip(f"echte CBS/RIVM-bestanden niet gevonden in {ECHT}")
    from test_gebieden import _boek

    from eenzaamheid.valideren.gebieden import lees_gezondheid_bestanden, lees_grenzen

    params, boek = _boek(tmp_path_factory.mktemp("echt"))
    paden = [ECHT / "rivm_50090NED" / f"50090NED_2020_{g}.csv" for g in ("18plus", "65plus")]
    lang = lees_gezondheid_bestanden(paden, {p: p.name for p in paden}, params, boek)
    grenzen = lees_grenzen(
        ECHT / "boundaries" / "buurt_2019_pdok_gegeneraliseerd.topojson", "buurten_2019", "buurt", boek
    )
    cijfers = gebiedscijfers(lang)
    vlakken = buurtvlakken(grenzen, params.kaart.vereenvoudiging_m)
    return Gebieden(cijfers, vlakken, kaartklassen(cijfers, LAGEN, 5), LAGEN), grenzen


def _rasteren(svg_tekst: str, breedte: int) -> bytes:
    """De SVG als PNG van `breedte` px breed, 1 px per SVG-eenheid: Typst (dat de PDF-kaart ook tekent)
    zet hem op een pagina zonder rand en zonder achtergrond, bij 72 ppi is 1 pt 1 px."""
    import typst

    bron = (
        f"#set page(width: {breedte}pt, height: auto, margin: 0pt, fill: none)\n"
        f'#image(bytes({typst_tekst(svg_tekst)}), format: "svg", width: {breedte}pt)\n'
    )
    return typst.compile(bron.encode("utf-8"), format="png", ppi=72.0)


def _png_pixels(png: bytes) -> np.ndarray:
    """Een PNG (8 bit RGBA, zoals Typst hem schrijft) als array; klein genoeg om zelf te ontcijferen."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, breedte, hoogte = 8, b"", 0, 0
    while pos < len(png):
        lengte, soort = struct.unpack(">I4s", png[pos : pos + 8])
        data = png[pos + 8 : pos + 8 + lengte]
        if soort == b"IHDR":
            breedte, hoogte, diepte, kleur = struct.unpack(">IIBB", data[:10])
            assert (diepte, kleur) == (8, 6)
        elif soort == b"IDAT":
            idat += data
        pos += 12 + lengte
    ruw = zlib.decompress(idat)
    stap = breedte * 4
    uit = np.zeros((hoogte, stap), dtype=np.uint8)
    vorige = np.zeros(stap, dtype=np.int32)
    for y in range(hoogte):
        filt, rij = ruw[y * (stap + 1)], np.frombuffer(ruw[y * (stap + 1) + 1 : (y + 1) * (stap + 1)], np.uint8)
        rij = rij.astype(np.int32)
        if filt == 1:
            for x in range(4, stap):
                rij[x] = (rij[x] + rij[x - 4]) & 255
        elif filt == 2:
            rij = (rij + vorige) & 255
        elif filt == 3:
            for x in range(stap):
                rij[x] = (rij[x] + ((rij[x - 4] if x >= 4 else 0) + vorige[x]) // 2) & 255
        elif filt == 4:
            for x in range(stap):
                a, b, c = (rij[x - 4] if x >= 4 else 0), vorige[x], (vorige[x - 4] if x >= 4 else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                rij[x] = (rij[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        uit[y] = rij
        vorige = rij
    return uit.reshape(hoogte, breedte, 4)


@pytest.mark.parametrize("code,naam", [("GM0363", "Amsterdam"), ("GM0448", "Texel")])
def test_echte_kaart_niet_binnenstebuiten(echt_land, code, naam):
    """Gerasterd: punten binnen buurten zijn gekleurd, punten buiten alle buurten wit, en het gekleurde
    deel van het kaartvlak is zo groot als de buurten samen (binnenstebuiten zou het omgekeerde geven)."""
    import shapely

    gebieden, _ = echt_land
    inhoud = kaart_inhoud(gebieden, code, naam)
    geometrie = shapely.from_wkb(gebieden.vlakken_van(code)["geometry"].to_numpy())
    unie = shapely.union_all(geometrie)
    minx, miny, maxx, maxy = inhoud.kader
    maat = Maat.van(inhoud.kader, 420)
    pixels = _png_pixels(_rasteren(svg(inhoud, False, "k"), 420))
    assert pixels.shape[1] == 420
    # Wit = achtergrond en de randen tussen buurten; ook het lichtgrijs van "geen gegevens" (#f0f0f0) telt als vlak.
    gekleurd = (pixels[..., 3] > 0) & (pixels[..., :3].min(axis=2) < 250)

    # Van RD-meters naar pixels, zoals de SVG het doet (viewBox met rand, 'xMidYMid meet').
    rand = 4 * maat.meter_per_px
    w, h = maxx - minx + 2 * rand, maxy - miny + 2 * rand
    schaal = min(maat.breedte / w, maat.hoogte / h)
    x0 = (420 - maat.breedte) / 2 + (maat.breedte - schaal * w) / 2
    y0 = (maat.hoogte - schaal * h) / 2

    def pixel(x: float, y: float) -> bool:
        return bool(gekleurd[int(y0 + (maxy + rand - y) * schaal), int(x0 + (x - minx + rand) * schaal)])

    binnen = [g.representative_point() for g in sorted(geometrie, key=lambda g: -g.area)[:20]]
    assert all(pixel(p.x, p.y) for p in binnen)
    rooster = [
        shapely.Point(x, y) for x in np.linspace(minx, maxx, 25)[1:-1] for y in np.linspace(miny, maxy, 25)[1:-1]
    ]
    buiten = [p for p in rooster if unie.distance(p) > 10 * maat.meter_per_px]
    assert len(buiten) > 20 and not any(pixel(p.x, p.y) for p in buiten)
    # Het kaartvlak zonder de rand; witte randen tussen buurten maken het gekleurde deel iets kleiner.
    vlak = gekleurd[
        int(y0 + rand * schaal) : int(y0 + (h - rand) * schaal), int(x0 + rand * schaal) : int(x0 + (w - rand) * schaal)
    ]
    verwacht = unie.area / ((maxx - minx) * (maxy - miny))
    assert vlak.mean() == pytest.approx(verwacht, abs=0.07)


def test_echte_kleine_gemeente_en_onbekende_gemeente(echt_land):
    gebieden, _ = echt_land
    schier = kaart_inhoud(gebieden, "GM0088", "Schiermonnikoog")
    assert [z.regel for z in schier.zinnen] == ["kaart_gemeente", "kaart_te_weinig_buurten"]
    assert len([b for b in schier.buurten if b.op_kaart]) == 2 and kaartfiguur(schier) is not None
    # Dijk en Waard (GM1980) bestaat sinds 2022: de tabel van 2020 kent de code niet.
    nieuw = kaart_inhoud(gebieden, "GM1980", "Dijk en Waard")
    assert [z.regel for z in nieuw.zinnen] == ["kaart_geen_cijfers"]
    # 50090NED heeft geen psychische klachten: geen zin over die indicator, in geen enkele gemeente.
    amsterdam = kaart_inhoud(gebieden, "GM0363", "Amsterdam")
    assert "psychische_klachten" not in gebieden.indicatoren
    assert not any("psychische" in z.tekst for z in amsterdam.zinnen)


def test_echte_amsterdam_kaart_klein_genoeg(echt_land):
    gebieden, _ = echt_land
    inhoud = kaart_inhoud(gebieden, "GM0363", "Amsterdam")
    figuur = kaartfiguur(inhoud)
    assert len([b for b in inhoud.buurten if b.op_kaart]) == 479
    assert figuur.html.count("<path ") == 479 and figuur.html.count("tabindex='0'") == 479
    assert len(figuur.html.encode()) < 300_000


def test_echte_buurten_csv_gelijk_aan_bron(echt_land, tmp_path):
    """buurten.csv tegen de bron, onafhankelijk gelezen zoals SOURCES.md het voorschrijft."""
    gebieden, _ = echt_land
    inhoud = kaart_inhoud(gebieden, "GM0363", "Amsterdam")
    schrijf_buurten(tmp_path / "buurten.csv", inhoud)
    csv = pd.read_csv(tmp_path / "buurten.csv", dtype=str, keep_default_na=False)
    assert list(csv.columns) == [
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
        "op_kaart",
    ]
    assert (csv["jaar"] == "2020").all() and (csv["gemeente_code"] == "GM0363").all()
    assert (csv[["ondergrens", "bovengrens"]] == "").all().all()  # deze exports hebben geen interval
    gecontroleerd = 0
    for bestand, leeftijd in (("18plus", "18+"), ("65plus", "65+")):
        bron = pd.read_csv(ECHT / "rivm_50090NED" / f"50090NED_2020_{bestand}.csv", sep=";", dtype=str)
        bron = bron.apply(lambda k: k.str.strip())
        bron = bron[
            (bron["WijkenEnBuurten"].str.startswith("BU0363")) | (bron["WijkenEnBuurten"].isin(["GM0363", "NL01"]))
        ]
        for kolom, stam in (("Eenzaam_28", "Eenzaam"), ("ErnstigZeerErnstigEenzaam_29", "ErnstigZeerErnstigEenzaam")):
            deel = csv[(csv["indicator"] == stam) & (csv["leeftijd"] == leeftijd)].set_index("gebied_code")
            assert sorted(deel.index) == sorted(bron["WijkenEnBuurten"])
            for code, waarde in zip(bron["WijkenEnBuurten"], bron[kolom]):
                rij = deel.loc[code]
                if waarde == ".":
                    assert rij["onderdrukt"] == "1" and rij["waarde"] == ""
                else:
                    assert rij["onderdrukt"] == "0" and float(rij["waarde"]) == float(waarde)
                gecontroleerd += 1
    assert gecontroleerd == 2 * 2 * (479 + 2)
    buurten = csv[csv["niveau"] == "buurt"]
    assert (buurten["op_kaart"] == "1").all()  # Amsterdam koppelt helemaal (SOURCES.md)


def test_legenda_in_de_monitor_is_tekst_buiten_de_geschaalde_kaart():
    """In een geschaalde SVG werd de legenda op een telefoon 5 px hoog: in de HTML staat zij als tekst."""
    from eenzaamheid.rapporteren.kaart import bereik, kaartfiguur

    inhoud = _inhoud("opvallend_alles_hoger")
    html = kaartfiguur(inhoud).html
    kaart = html[html.index("<svg") : html.rindex("</svg>")]
    assert "<text" not in kaart
    buiten = html.replace(kaart, "")
    for i, laag in enumerate(inhoud.lagen):
        assert f"class='lg lg-{i}'" in buiten
        for k in range(len(laag.grenzen)):
            assert bereik(laag, k) in buiten
    assert "geen gegevens" in buiten
    # Eén accolade te veel en de regel erna (de legenda van de eerste laag tonen) valt stil weg.
    stijl = html[html.index("<style>") : html.index("</style>")]
    assert stijl.count("{") == stijl.count("}")
