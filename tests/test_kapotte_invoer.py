"""Beschadigde invoer zoals die van een platform, uit Excel of met de hand komt: elke soort eindigt in
een Nederlandse melding (afsluitcode 2), een gemelde normalisatie of een rij in quarantaine met reden,
nooit in een traceback of een rij die nergens meetelt."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from bouwers import antwoord, gemeente, maak_run, schrijf_csv

from eenzaamheid.cli import main
from eenzaamheid.fouten import InvoerFout
from eenzaamheid.inlezen.params import lees_params
from eenzaamheid.valideren.invoer import valideer

GEMEENTEN = [
    gemeente("GM0001", "PV20", 10_000),
    gemeente("GM0002", "PV20", 30_000),
    gemeente("GM0003", "PV21", 120_000),
]
GEMEENTE_KOLOMMEN = ["gemeente_code", "gemeente_naam", "provincie_code", "provincie_naam", "inwoners"]


def _run(tmp_path, antwoorden, gemeenten=GEMEENTEN, herindelingen=None):
    return maak_run(tmp_path, {2020: {"gemeenten": gemeenten, "antwoorden": antwoorden}}, herindelingen)


def _valideer(pad):
    return valideer(lees_params(pad), met_kaarten=False)


def _telling(validatie, bestand):
    return next(t for t in validatie.tellingen if t.bestand == bestand)


def _cli_fout(pad, capsys) -> str:
    assert main(["validate", "--params", str(pad)]) == 2
    fout = capsys.readouterr().err
    assert "Traceback" not in fout
    return fout


def test_niet_gesloten_aanhalingsteken_slokt_geen_rijen_ongemerkt_op(tmp_path):
    pad = _run(tmp_path, [antwoord(f"R{i}", c) for i, c in enumerate(["GM0001", "GM0002", "GM0003", "GM0001"])])
    export = tmp_path / "2020" / "antwoorden.csv"
    regels = export.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    # Regel 3 (R1) krijgt een openingsaanhalingsteken in de vrije tekst dat nergens sluit.
    regels[2] = regels[2].replace("GEHEIME TOELICHTING", '"GEHEIME TOELICHTING')
    export.write_text("".join(regels), encoding="utf-8")
    # Buiten elke CSV-lezer om: elke rij begint met een respondent-id.
    fysiek = sum(1 for r in regels[1:] if re.match(r"R\d+;", r))

    assert main(["validate", "--params", str(pad)]) == 0
    rijen = pd.read_csv(tmp_path / "uitvoer" / "validatie" / "rijen.csv")
    rij = rijen.set_index("bestand").loc["2020/antwoorden.csv"]
    assert rij["gelezen"] == fysiek == 4
    assert rij["gelezen"] == rij["geteld"] + rij["quarantaine"]
    q = pd.read_csv(tmp_path / "uitvoer" / "validatie" / "quarantaine.csv", dtype=str)
    q = q[q["bestand"] == "2020/antwoorden.csv"]
    assert list(q["regel"]) == ["3", "4", "5"]
    assert "aanhalingsteken niet gesloten" in q["reden"].iloc[0]
    assert all("opgeslokt" in r for r in q["reden"].iloc[1:])
    assert list(q["respondent_id"]) == ["R1", "R2", "R3"]
    quarantaine = (tmp_path / "uitvoer" / "validatie" / "quarantaine.csv").read_text(encoding="utf-8")
    assert "GEHEIM" not in quarantaine and "example.nl" not in quarantaine


def test_te_lang_veld_gaat_in_quarantaine_zonder_traceback(tmp_path):
    pad = _run(tmp_path, [antwoord("R1", "GM0001"), antwoord("R2", "GM0002", toelichting="x" * 200_000)])
    v = _valideer(pad)
    telling = _telling(v, "2020/antwoorden.csv")
    assert (telling.gelezen, telling.geteld, telling.quarantaine) == (2, 1, 1)
    reden = next(q.reden for q in v.quarantaine if q.regel == 3)
    assert "kolom toelichting" in reden and "200000 tekens" in reden


def test_tijdstip_dat_niet_bestaat_gaat_in_quarantaine(tmp_path):
    pad = _run(tmp_path, [antwoord("R1", "GM0001"), antwoord("R2", "GM0002", ingediend="2020-02-30T10:00:00")])
    v = _valideer(pad)
    assert list(v.jaren[2020].antwoorden["respondent_id"]) == ["R1"]
    assert {q.regel: q.reden for q in v.quarantaine} == {
        3: "ingediend_op '2020-02-30T10:00:00' bestaat niet (geen echte datum of tijd)"
    }


def test_sep_regel_en_lege_kolommen_van_excel_worden_gelezen_en_gemeld(tmp_path):
    pad = _run(tmp_path, [antwoord("R1", "GM0001")])
    gemeenten = tmp_path / "2020" / "gemeenten.csv"
    regels = gemeenten.read_text(encoding="utf-8").splitlines()
    gemeenten.write_text("sep=;\n" + "".join(r + ";;\n" for r in regels), encoding="utf-8")
    v = _valideer(pad)
    assert list(v.jaren[2020].gemeenten["gemeente_code"]) == ["GM0001", "GM0002", "GM0003"]
    assert _telling(v, "2020/gemeenten.csv").quarantaine == 0
    assert any("sep=;" in m and "overgeslagen" in m for m in v.meldingen)
    assert any("2 lege kolom" in m for m in v.meldingen)


def test_utf16_van_excel_wordt_gelezen_en_gemeld(tmp_path):
    pad = _run(tmp_path, [antwoord("R1", "GM0001")])
    # Excel 'Unicode-tekst': UTF-16 met BOM en tabs.
    schrijf_csv(tmp_path / "2020" / "gemeenten.csv", GEMEENTE_KOLOMMEN, GEMEENTEN, "\t", codering="utf-16")
    v = _valideer(pad)
    assert list(v.jaren[2020].gemeenten["gemeente_code"]) == ["GM0001", "GM0002", "GM0003"]
    assert any("UTF-16" in m for m in v.meldingen)


def test_gemeentecode_in_kleine_letters_wordt_omgezet_en_gemeld(tmp_path):
    pad = _run(tmp_path, [antwoord("R1", "gm0001", overige_gemeenten="gm0002")])
    v = _valideer(pad)
    assert v.quarantaine == []
    ant = v.jaren[2020].antwoorden
    assert list(ant["gemeente_code"]) == ["GM0001"] and list(ant["overige_gemeenten"]) == ["GM0002"]
    assert any("kleine letters" in m and "gemeente_code" in m for m in v.meldingen)


def test_herindelingen_in_een_kring_geven_een_duidelijke_fout(tmp_path, capsys):
    pad = _run(
        tmp_path,
        [antwoord("R1", "GM0001")],
        herindelingen=[
            {"datum": "2019-01-01", "oude_code": "GM0001", "nieuwe_code": "GM0002"},
            {"datum": "2019-01-01", "oude_code": "GM0002", "nieuwe_code": "GM0001"},
        ],
    )
    fout = _cli_fout(pad, capsys)
    assert "herindelingen.csv, regel 2" in fout and "kring: GM0001 → GM0002 → GM0001" in fout


def test_herindeling_naar_onbekende_code_geeft_een_duidelijke_fout(tmp_path, capsys):
    pad = _run(
        tmp_path,
        [antwoord("R1", "GM0001")],
        herindelingen=[{"datum": "2019-01-01", "oude_code": "GM0009", "nieuwe_code": "GM0077"}],
    )
    fout = _cli_fout(pad, capsys)
    assert "herindelingen.csv, regel 2, kolom nieuwe_code: nieuwe_code GM0077 staat in geen enkele" in fout


def test_export_met_alleen_een_kopregel_geeft_een_duidelijke_fout(tmp_path, capsys):
    pad = _run(tmp_path, [])
    fout = _cli_fout(pad, capsys)
    assert "antwoorden.csv, regel 2: bevat alleen een kopregel en geen rijen" in fout


def test_export_waarin_niets_telt_geeft_een_duidelijke_fout(tmp_path):
    pad = _run(tmp_path, [antwoord("R1", "GM0001", ingediend="")])
    with pytest.raises(InvoerFout, match="geen enkele inzending telt: alle 1 rijen staan in quarantaine"):
        _valideer(pad)


@pytest.mark.parametrize("sleutel", ["gemeenten", "codeboek"])
def test_map_in_plaats_van_bestand_wordt_zo_genoemd(tmp_path, capsys, sleutel):
    pad = _run(tmp_path, [antwoord("R1", "GM0001")])
    tekst = pad.read_text(encoding="utf-8")
    doel = f"2020/{'gemeenten.csv' if sleutel == 'gemeenten' else 'codeboek.yml'}"
    (tmp_path / "een_map").mkdir()
    pad.write_text(tekst.replace(doel, "een_map"), encoding="utf-8")
    fout = _cli_fout(pad, capsys)
    assert "is een map, geen bestand" in fout and "ontbreekt" not in fout
