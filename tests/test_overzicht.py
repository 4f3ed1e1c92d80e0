"""De overzichtsrapportage: cijfers, respons, Excel en tekst tegen met de hand berekende waarden."""

from __future__ import annotations

import copy
import re

import pandas as pd
import pytest
from bouwers import CODEBOEK, antwoord, gemeente, maak_run
from pypdf import PdfReader

from eenzaamheid.cli import main
from eenzaamheid.inlezen.codeboek import VASTE_EXPORTKOLOMMEN
from eenzaamheid.inlezen.params import lees_params

GEMEENTEN_2020 = [gemeente(f"GM000{i}", "PV20", 10_000 + i) for i in range(1, 8)] + [
    gemeente(f"GM001{i}", "PV21", 60_000 + i) for i in range(1, 5)
]
GEMEENTEN_2019 = [gemeente("GM0098", "PV20", 8_000), gemeente("GM0099", "PV20", 3_000)] + [
    g for g in GEMEENTEN_2020 if g["gemeente_code"] != "GM0001"
]

# 2019: vraag 'oud' bestaat alleen dan, 'partners' nog niet; de matrix had een andere tweede rij.
CODEBOEK_2019 = copy.deepcopy(CODEBOEK)
CODEBOEK_2019["vragen"] = [v for v in CODEBOEK_2019["vragen"] if v["id"] != "partners"]
CODEBOEK_2019["vragen"].append(
    {
        "id": "oud",
        "onderdeel": "netwerk",
        "type": "enkel",
        "tekst": "Oude vraag?",
        "opties": [{"code": "ja", "label": "Ja"}, {"code": "nee", "label": "Nee"}],
    }
)
next(v for v in CODEBOEK_2019["vragen"] if v["id"] == "tools")["rijen"][1] = {
    "code": "oude_toolkit",
    "label": "Oude toolkit",
}
KOLOMMEN_2019 = [
    *VASTE_EXPORTKOLOMMEN,
    "signaalpunt",
    "coalitie",
    "tools__adviseurs",
    "tools__oude_toolkit",
    "toelichting",
    "oud",
]


def v19(rid, code, signaal, ingediend="2019-12-10T10:00:00", **kw):
    return antwoord(rid, code, ingediend=ingediend, signaalpunt=signaal, oud="ja", tools__adviseurs="gebruikt", **kw)


def meer(*gekozen):
    return {f"partners__{o}": "1" if o in gekozen else "0" for o in ("zorg", "sport", "geen")}


ANTWOORDEN_2019 = [
    v19("V1", "GM0098", "nee"),
    v19("V2", "GM0099", "ja"),
    v19("V3", "GM0002", "nee"),
    v19("V4", "GM0003", "ja"),
    v19("V5", "GM0004", "ja"),
    v19("V6", "GM0005", "nee"),
    v19("V7", "GM0011", "ja"),
    v19("V8", "GM0006", "ja", ingediend=""),
]
ANTWOORDEN_2020 = [
    antwoord("N1", "GM0001", signaalpunt="ja", overige_gemeenten="GM0007", **meer("zorg"), tools__adviseurs="gebruikt"),
    antwoord("N2b", "GM0002", ingediend="2020-10-20T10:00:00", signaalpunt="ja", **meer()),  # later, eerder in bestand
    antwoord("N3", "GM0003", signaalpunt="nee", **meer("sport")),
    antwoord("N2a", "GM0002", ingediend="2020-10-05T10:00:00", signaalpunt="nee", **meer("zorg")),
    antwoord("N4", "GM0004", signaalpunt="ja", **meer("zorg", "sport")),
    antwoord("N5", "GM0005", signaalpunt=""),  # item-non-respons
    antwoord("N6", "GM0006", signaalpunt="nee", **meer("zorg")),
    antwoord("N11", "GM0011", signaalpunt="ja"),
    antwoord("N12", "GM0012", signaalpunt="ja"),
    antwoord("N13", "GM0013", signaalpunt="nee"),
    antwoord("N14", "GM0014", signaalpunt="ja", ingediend=""),
]


@pytest.fixture(scope="module")
def uitvoer(tmp_path_factory):
    map_ = tmp_path_factory.mktemp("overzicht")
    pad = maak_run(
        map_,
        {
            2019: {
                "gemeenten": GEMEENTEN_2019,
                "antwoorden": ANTWOORDEN_2019,
                "codeboek": CODEBOEK_2019,
                "kolommen": KOLOMMEN_2019,
                "scheiding": ",",
            },
            2020: {"gemeenten": GEMEENTEN_2020, "antwoorden": ANTWOORDEN_2020},
        },
        herindelingen=[
            {"datum": "2020-01-01", "oude_code": "GM0098", "nieuwe_code": "GM0001"},
            {"datum": "2020-01-01", "oude_code": "GM0099", "nieuwe_code": "GM0001"},
        ],
    )
    assert main(["overview", "--params", str(pad)]) == 0
    return lees_params(pad).uitvoer / "overzicht"


def _cijfers(uitvoer):
    return pd.read_csv(
        uitvoer / "overzicht_cijfers.csv",
        dtype={"rij": str},
        keep_default_na=False,
        na_values={"aantal": [""], "n": [""], "percentage": [""]},
    )


def _rij(df, jaar, groep, vraag, optie, rij=""):
    r = df[(df.jaar == jaar) & (df.groep == groep) & (df.vraag == vraag) & (df.rij == rij) & (df.optie == optie)]
    assert len(r) == 1, (jaar, groep, vraag, rij, optie)
    return r.iloc[0]


def test_totaal_per_jaar(uitvoer):
    df = _cijfers(uitvoer)
    assert list(df.columns) == ["jaar", "groep", "vraag", "rij", "optie", "aantal", "n", "percentage"]
    # 2020: 9 getelde gemeenten; GM0005 sloeg de vraag over; GM0002 telt met de latere inzending (ja).
    r = _rij(df, 2020, "totaal", "signaalpunt", "ja")
    assert (r.aantal, r.n, r.percentage) == (5, 8, pytest.approx(62.5))
    # 2019: 7 ingediend (de half opgeslagen rij telt niet), beide voorgangers van GM0001 tellen hier mee.
    r = _rij(df, 2019, "totaal", "signaalpunt", "ja")
    assert (r.aantal, r.n) == (4, 7)


def test_panel_na_herindeling(uitvoer):
    df = _cijfers(uitvoer)
    # Panel: GM0001 (via de grootste voorganger GM0098, 'nee'), GM0002-0005 en GM0011.
    r = _rij(df, 2019, "panel", "signaalpunt", "ja")
    assert (r.aantal, r.n) == (3, 6)
    # 2020: 4 van 5 ja. Het panel van dit jaar overlapt met de groepen van de factsheets en gaat door dezelfde
    # openbaarmaking: n - 1 = 4 andere gemeenten is te weinig, dus verborgen, zonder n.
    r = _rij(df, 2020, "panel", "signaalpunt", "ja")
    assert pd.isna(r.aantal) and pd.isna(r.n)


def test_meerkeuze_niets_aangekruist_telt_in_n(uitvoer):
    df = _cijfers(uitvoer)
    zorg, sport, geen = (_rij(df, 2020, "totaal", "partners", o) for o in ("zorg", "sport", "geen"))
    assert (zorg.aantal, sport.aantal, geen.aantal, zorg.n) == (3, 2, 0, 5)  # n telt GM0002 (niets aangekruist)


def test_vragen_van_een_jaar_en_matrixrijen(uitvoer):
    df = _cijfers(uitvoer)
    assert set(df[df.vraag == "oud"]["jaar"]) == {2019}
    assert set(df[df.vraag == "partners"]["jaar"]) == {2020}
    panel = df[df.groep == "panel"]
    assert set(panel["vraag"]) == {"signaalpunt", "coalitie", "tools"}
    assert set(panel[panel.vraag == "tools"]["rij"]) == {"adviseurs"}
    # Te weinig antwoorden: niet gepubliceerd.
    r = _rij(df, 2020, "totaal", "tools", "gebruikt", rij="toolkit")
    assert r.n == 0 and pd.isna(r.aantal) and pd.isna(r.percentage)


def test_respons(uitvoer):
    respons = pd.read_csv(uitvoer / "respons.csv").set_index("jaar")
    assert list(respons.reset_index().columns) == [
        "jaar",
        "uitgenodigd",
        "ingevuld",
        "responspercentage",
        "vertegenwoordigde_gemeenten",
        "panel",
        "nieuw",
    ]
    nu = respons.loc[2020]
    assert (nu.uitgenodigd, nu.ingevuld, nu.vertegenwoordigde_gemeenten, nu.panel, nu.nieuw) == (11, 9, 10, 6, 3)
    assert nu.responspercentage == pytest.approx(100 * 9 / 11)
    assert (respons.loc[2019, "uitgenodigd"], respons.loc[2019, "ingevuld"]) == (12, 7)
    assert pd.isna(respons.loc[2019, "nieuw"])


def test_excel_zelfde_cijfers(uitvoer):
    csv = _cijfers(uitvoer)
    xls = pd.read_excel(uitvoer / "overzicht_cijfers.xlsx", sheet_name="Cijfers", dtype={"Rijcode": str})
    assert len(xls) == len(csv)
    assert list(xls["Aantal gemeenten"].fillna(-1)) == list(csv["aantal"].fillna(-1))
    assert list(xls["Percentage van n"].fillna(-1)) == pytest.approx(list(csv["percentage"].fillna(-1)))
    assert "Signaalpunt?" in set(xls["Vraag"])
    respons = pd.read_excel(uitvoer / "overzicht_cijfers.xlsx", sheet_name="Respons")
    assert list(respons["Ingevulde vragenlijsten"]) == [7, 9]


def _tekst(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_rapport_toont_dezelfde_cijfers(uitvoer):
    html = (uitvoer / "overzichtsrapportage.html").read_text(encoding="utf-8")
    tekst = _tekst(html)
    assert "Van de 11 aangeschreven contactpersonen hebben er 9 de vragenlijst ingevuld: een respons van 82%." in tekst
    assert "samen vertegenwoordigen zij 10 gemeenten" in tekst
    assert "6 gemeenten deden in beide jaren mee (het panel); 3 gemeenten deden in 2020 mee en in 2019 niet." in tekst
    # Tabel signaalpunt: 2019, 2020, 2019 panel, 2020 panel.
    assert re.search(r"Ja 4 \(57%\) 5 \(63%\) 3 \(50%\) –", tekst)
    assert "Deze vraag is nieuw in 2020" in tekst  # partners
    assert "Alleen in 2019 gesteld" in tekst  # oud
    assert "tellen op tot meer dan 100%" in tekst
    pdf = " ".join(p.extract_text() for p in PdfReader(uitvoer / "overzichtsrapportage.pdf").pages)
    assert re.search(r"Ja\s+4 \(57%\)\s+5 \(63%\)\s+3 \(50%\)\s+–", pdf)
    assert "Fictieve gegevens" in pdf


def test_niets_persoonlijks_en_geen_enkele_gemeente(uitvoer):
    for bestand in uitvoer.rglob("*"):
        inhoud = bestand.read_bytes()
        for verboden in (b"Piet Geheim", b"piet.geheim", b"GEHEIME TOELICHTING"):
            assert verboden not in inhoud, (bestand, verboden)
    html = (uitvoer / "overzichtsrapportage.html").read_text(encoding="utf-8")
    # Geen gemeentenaam of -code in de rapportage (de kaart ontbreekt hier: geen grenzen opgegeven).
    assert not re.search(r"GM00\d\d|Gemeente GM", html)


def test_landelijke_kaart_met_echte_grenzen(uitvoer, echt, tmp_path):
    """De kaart van deelnemende gemeenten op de echte PDOK-kaart 2022 (345 gemeenten), als vaste SVG."""
    from test_gebieden import _boek

    from eenzaamheid.rapporteren.overzicht import Overzicht
    from eenzaamheid.valideren.gebieden import lees_grenzen
    from eenzaamheid.verwerken.opslag import lees_verwerkt
    from eenzaamheid.verwerken.overzicht import Overzichtscijfers

    verwerkt = lees_verwerkt(lees_params(uitvoer.parents[1] / "params.yml"))
    _, boek = _boek(tmp_path)
    verwerkt.gemeentegrenzen = lees_grenzen(
        echt / "boundaries" / "gemeente_2022_pdok_gegeneraliseerd.geojson", "gemeenten.geojson", "gemeente", boek
    )
    kaart = Overzicht(Overzichtscijfers(verwerkt)).grafiek_kaart()
    svg = re.search(r"<svg.*</svg>", kaart.html).group(0)
    assert svg.count("<path ") == 345
    assert "(345 gemeenten)" in kaart.html
    # De testgemeenten bestaan niet echt: alle 345 deden niet mee, in de legenda en in de tabel.
    assert "deed niet mee (345)" in svg and "vulde de vragenlijst in (0)" in svg
    cellen = re.findall(r"<td>([^<]*)</td><td>([^<]*)</td>", kaart.html)
    assert len(cellen) == 345 and {d for _, d in cellen} == {"deed niet mee"}
    assert {naam for naam, _ in cellen} >= {"Amsterdam", "Súdwest-Fryslân"}
    # Vereenvoudigd tot wat op 360 px te zien is: de kaart blijft licht genoeg voor HTML en PDF.
    assert len(svg) < 250_000
    assert "#grafiek-svg(" in kaart.typst


def _grafiek_uit_html(html: str, titel: str) -> str:
    figuur = next(f for f in re.findall(r'<figure class="grafiek">.*?</figure>', html) if f">{titel}<" in f)
    return figuur


def test_grafiek_staven_volgen_de_cijfers(uitvoer):
    """Elke staaf is zo lang als het percentage uit overzicht_cijfers.csv; een verborgen reeks staat er niet in."""
    df = _cijfers(uitvoer)
    html = (uitvoer / "overzichtsrapportage.html").read_text(encoding="utf-8")
    figuur = _grafiek_uit_html(html, "Signaalpunt voor eenzaamheid")
    assert 'role="img"' in figuur and "<title>" in figuur
    # Staven, niet de vakjes van de legenda (die staan bovenaan, op y = 0).
    lengtes = [
        float(w)
        for y, w in re.findall(r'<rect x="[\d.]+" y="([\d.]+)" width="([\d.]+)" height="13"', figuur)
        if float(y) > 0
    ]
    # Volgorde: per antwoord (ja, nee) de reeksen 2019, 2020, 2019 panel; 2020 panel is verborgen.
    verwacht = [
        _rij(df, jaar, groep, "signaalpunt", optie).percentage
        for optie in ("ja", "nee")
        for jaar, groep in ((2019, "totaal"), (2020, "totaal"), (2019, "panel"))
    ]
    assert lengtes == pytest.approx([p * (360 - 40) / 100 for p in verwacht], abs=0.01)
    assert "Niet getoond: 2020 panel (te weinig gemeenten)." in figuur
    assert ">2020 panel<" not in figuur
    assert ">63%<" in figuur  # 5 van 8


def test_grafiek_provincies_volgt_de_telling(uitvoer):
    html = (uitvoer / "overzichtsrapportage.html").read_text(encoding="utf-8")
    figuur = _grafiek_uit_html(html, "Aantal ingevulde vragenlijsten per provincie")
    staven = [
        (float(x), float(w), int(t))
        for x, y, w, t in re.findall(
            r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="13" fill="[^"]+"/><text [^>]+>(\d+)</text>',
            figuur,
        )
        if float(y) > 0  # niet de legenda
    ]
    # 2019: PV20 GM0098, GM0099, GM0002-GM0005 en PV21 GM0011; 2020: PV20 GM0001-GM0006, PV21 GM0011-GM0013.
    assert sorted(t for _, _, t in staven) == sorted([6, 1] + [6, 3])
    hoogste = max(t for _, _, t in staven)
    assert all(w == pytest.approx(t * (360 - 40 - x) / hoogste, abs=0.01) for x, w, t in staven)


def test_herkomst_hoort_bij_het_colofon(uitvoer):
    """In HTML en PDF is de herkomst het slot van het colofon, geen eigen hoofdstuk in de inhoudsopgave."""
    html = (uitvoer / "overzichtsrapportage.html").read_text(encoding="utf-8")
    assert re.search(r'<h3 class="unlisted" id="herkomst">Herkomst</h3>', html)
    assert html.index('id="colofon"') < html.index('id="herkomst"')
    inhoud = re.search(r'<nav class="inhoud".*?</nav>', html).group(0)
    assert "Colofon" in inhoud and "Herkomst" not in inhoud
    pdf = PdfReader(uitvoer / "overzichtsrapportage.pdf")
    titels = [o.title for o in pdf.outline if not isinstance(o, list)]
    assert titels[-1] == "Colofon" and "Herkomst" not in titels
    herkomst_pagina = next(i for i, p in enumerate(pdf.pages) if "Gemaakt uit deze bestanden" in p.extract_text())
    colofon_pagina = next(i for i, p in enumerate(pdf.pages) if "Onderdrukking." in p.extract_text())
    assert herkomst_pagina - colofon_pagina <= 1


def test_zelfde_invoer_zelfde_overzicht(uitvoer):
    voor = {p.name: p.read_bytes() for p in uitvoer.iterdir()}
    assert main(["overview", "--params", str(uitvoer.parents[1] / "params.yml")]) == 0
    assert {p.name: p.read_bytes() for p in uitvoer.iterdir()} == voor
