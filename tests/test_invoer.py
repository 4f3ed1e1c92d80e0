"""Lezen en valideren: goede en kapotte bestanden, elke melding noemt bestand, regel of kolom."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from bouwers import CODEBOEK, KOLOMMEN, antwoord, gemeente, maak_run, schrijf_csv

from eenzaamheid.cli import main
from eenzaamheid.fouten import InvoerFout
from eenzaamheid.inlezen.codeboek import lees_codeboek
from eenzaamheid.inlezen.params import lees_params
from eenzaamheid.inlezen.tabellen import lees_tabel
from eenzaamheid.valideren.invoer import valideer

GEMEENTEN = [
    gemeente("GM0001", "PV20", 10_000),
    gemeente("GM0002", "PV20", 30_000),
    gemeente("GM0003", "PV21", 120_000),
]


def _valideer(tmp_path, antwoorden, gemeenten=GEMEENTEN, **kw):
    params = lees_params(maak_run(tmp_path, {2020: {"gemeenten": gemeenten, "antwoorden": antwoorden, **kw}}))
    return valideer(params, met_kaarten=False)


def _redenen(validatie):
    return {(q.regel, q.respondent_id): q.reden for q in validatie.quarantaine}


def test_goede_export_telt_alles(tmp_path):
    v = _valideer(
        tmp_path,
        [
            antwoord("R1", "GM0001", signaalpunt="ja", coalitie="actief", partners__zorg="1"),
            antwoord("R2", "GM0002", signaalpunt="nee"),
        ],
    )
    assert v.quarantaine == []
    assert list(v.jaren[2020].antwoorden["gemeente_code"]) == ["GM0001", "GM0002"]
    telling = {t.bestand: t for t in v.tellingen}["2020/antwoorden.csv"]
    assert (telling.gelezen, telling.geteld, telling.quarantaine) == (2, 2, 0)


def test_lastige_rijen_gaan_met_reden_in_quarantaine(tmp_path):
    rijen = [
        antwoord("R1", "GM0001", ingediend=""),  # regel 2: half opgeslagen
        antwoord("R2", "GM0002", ingediend="2020-10-20T10:00:00", signaalpunt="ja"),  # regel 3: latere inzending
        antwoord("R3", "GM0002", ingediend="2020-10-05T10:00:00", signaalpunt="nee"),  # regel 4: vervangen
        antwoord("R4", "GM0003", signaalpunt="misschien"),  # regel 5: code onbekend
        antwoord("R5", "GM0003", partners__zorg="1", partners__geen="1"),  # regel 6: exclusief
        antwoord("R6", "GM0099"),  # regel 7: onbekende gemeente
        antwoord("R7", "GM0001", overige_gemeenten="GM0077"),  # regel 8: onbekende overige
        antwoord("R8", "GM0003", partners__sport="ja"),  # regel 9: geen 1/0
    ]
    v = _valideer(tmp_path, rijen)
    redenen = _redenen(v)
    assert redenen == {
        (2, "R1"): "niet ingediend (tussentijds opgeslagen)",
        (4, "R3"): "vervangen door een latere inzending voor GM0002 (regel 3, respondent R2)",
        (5, "R4"): "kolom signaalpunt: antwoordcode 'misschien' staat niet in het codeboek 2020",
        (6, "R5"): "vraag partners: 'Geen' is aangekruist samen met een andere optie",
        (7, "R6"): "gemeente_code GM0099 staat niet in de gemeententabel 2020, ook niet via een herindeling",
        (8, "R7"): "overige_gemeenten: GM0077 staat niet in de gemeententabel 2020",
        (9, "R8"): "kolom partners__sport: waarde 'ja' is geen 1, 0 of leeg",
    }
    assert list(v.jaren[2020].antwoorden["respondent_id"]) == ["R2"]
    telling = {t.bestand: t for t in v.tellingen}["2020/antwoorden.csv"]
    assert telling.gelezen == telling.geteld + telling.quarantaine == 8


def test_herinzending_eerder_in_bestand_wint_op_tijdstip(tmp_path):
    v = _valideer(
        tmp_path,
        [
            antwoord("NIEUW", "GM0001", ingediend="2020-11-01T08:00:00"),
            antwoord("OUD", "GM0001", ingediend="2020-10-01T08:00:00"),
        ],
    )
    assert list(v.jaren[2020].antwoorden["respondent_id"]) == ["NIEUW"]
    assert [q.respondent_id for q in v.quarantaine] == ["OUD"]


def test_oude_code_via_herindeling(tmp_path):
    params = lees_params(
        maak_run(
            tmp_path,
            {2020: {"gemeenten": GEMEENTEN, "antwoorden": [antwoord("R1", "GM0500")]}},
            herindelingen=[{"datum": "2020-01-01", "oude_code": "GM0500", "nieuwe_code": "GM0003"}],
        )
    )
    v = valideer(params, met_kaarten=False)
    assert list(v.jaren[2020].antwoorden["gemeente_code"]) == ["GM0003"]
    assert list(v.jaren[2020].antwoorden["gemeente_code_export"]) == ["GM0500"]
    assert any("GM0500" in m and "GM0003" in m for m in v.meldingen)


def test_persoonsgegevens_en_vrije_tekst_worden_niet_bewaard(tmp_path):
    v = _valideer(tmp_path, [antwoord("R1", "GM0001")])
    df = v.jaren[2020].antwoorden
    assert not {"contactpersoon", "email", "toelichting"} & set(df.columns)
    assert "Geheim" not in df.to_csv() and "GEHEIM" not in df.to_csv()


def test_rij_met_verkeerd_aantal_velden(tmp_path):
    pad = tmp_path / "t.csv"
    pad.write_text("a;b\n1;2\n3;4;5\n\n6;7\n", encoding="utf-8")
    tabel = lees_tabel(pad, "t.csv", ["a", "b"])
    assert tabel.gelezen == 3 and len(tabel.df) == 2
    assert list(tabel.df.index) == [2, 5]
    assert tabel.quarantaine[0].regel == 3 and "3 velden" in tabel.quarantaine[0].reden


def test_regelnummers_kloppen_met_regeleinde_in_een_veld(tmp_path):
    pad = tmp_path / "t.csv"
    pad.write_text('a;b\n1;"twee\nregels"\n3;x\n', encoding="utf-8")
    assert list(lees_tabel(pad, "t.csv", ["a", "b"]).df.index) == [2, 4]


@pytest.mark.parametrize(
    "scheiding,bom,codering", [(";", True, "utf-8"), (",", False, "utf-8"), (";", False, "cp1252")]
)
def test_scheidingstekens_en_coderingen(tmp_path, scheiding, bom, codering):
    pad = schrijf_csv(
        tmp_path / "g.csv",
        ["gemeente_code", "gemeente_naam"],
        [{"gemeente_code": "GM0001", "gemeente_naam": "Súdwest-Fryslân"}],
        scheiding,
        bom,
        codering,
    )
    tabel = lees_tabel(pad, "g.csv", ["gemeente_code", "gemeente_naam"])
    assert tabel.df.loc[2, "gemeente_naam"] == "Súdwest-Fryslân"
    assert bool(tabel.meldingen) == (codering == "cp1252")


def test_structurele_fouten_noemen_bestand_en_kolom(tmp_path):
    pad = tmp_path / "g.csv"
    with pytest.raises(InvoerFout, match="bestand g.csv: bestand ontbreekt"):
        lees_tabel(pad, "g.csv", ["gemeente_code"])
    pad.write_text("gemeente_code|naam\nGM0001|x\n", encoding="utf-8")
    with pytest.raises(
        InvoerFout, match=r"bestand g.csv, regel 1, kolom gemeente_code: scheidingsteken niet te bepalen"
    ):
        lees_tabel(pad, "g.csv", ["gemeente_code"])
    pad.write_text("gemeente_code;naam\nGM0001;x\n", encoding="utf-8")
    with pytest.raises(InvoerFout, match=r"regel 1, kolom inwoners: verplichte kolom ontbreekt"):
        lees_tabel(pad, "g.csv", ["gemeente_code", "inwoners"])
    pad.write_bytes(b"gemeente_code\n\x81\x8d\x8f\x90\x9d\n")
    with pytest.raises(InvoerFout, match="codering niet te bepalen"):
        lees_tabel(pad, "g.csv", ["gemeente_code"])


def test_export_mist_kolom_uit_codeboek(tmp_path):
    kolommen = [k for k in KOLOMMEN if k != "tools__toolkit"]
    with pytest.raises(InvoerFout, match=r"antwoorden.csv, regel 1, kolom tools__toolkit: verplichte kolom ontbreekt"):
        _valideer(tmp_path, [antwoord("R1", "GM0001")], kolommen=kolommen)


@pytest.mark.parametrize(
    "wijziging,melding",
    [
        (lambda b: b["vragen"].append(dict(b["vragen"][0])), "vraag-id signaalpunt komt dubbel voor"),
        (lambda b: b["vragen"][0].update(onderdeel="onbekend"), "onderdeel 'onbekend' staat niet onder onderdelen"),
        (lambda b: b["vragen"][1]["opties"][0].pop("rang"), "fasevraag coalitie: optie geen heeft geen rang"),
        (lambda b: b["vragen"][0].update(type="schaal"), "kolom vragen\\[0\\].type"),
        (lambda b: b["vragen"][0]["opties"][0].update(code="Ja!"), "code 'Ja!' mag alleen kleine letters"),
    ],
)
def test_kapot_codeboek(tmp_path, wijziging, melding):
    boek = yaml.safe_load(yaml.safe_dump(CODEBOEK))
    boek["jaar"] = 2020
    wijziging(boek)
    pad = tmp_path / "codeboek.yml"
    pad.write_text(yaml.safe_dump(boek), encoding="utf-8")
    with pytest.raises(InvoerFout, match=melding) as fout:
        lees_codeboek(pad)
    assert str(pad) in str(fout.value)


def test_params_relatieve_paden_en_fouten(tmp_path):
    pad = maak_run(tmp_path, {2020: {"gemeenten": GEMEENTEN, "antwoorden": []}})
    params = lees_params(pad)
    assert params.bronnen[2020].antwoorden == (tmp_path / "2020" / "antwoorden.csv").resolve()
    assert params.grootteklasse(19_999) == "tot 20.000 inwoners"
    assert params.grootteklasse(20_000) == "20.000 tot 50.000 inwoners"
    data = yaml.safe_load(pad.read_text())
    data["vorig_jaar"] = 2019
    pad.write_text(yaml.safe_dump(data))
    with pytest.raises(InvoerFout, match="bronnen mist vorig_jaar 2019"):
        lees_params(pad)
    data.pop("vorig_jaar")
    data["grootteklassen"] = [{"naam": "klein", "vanaf": 0, "tot": 10}, {"naam": "groot", "vanaf": 20}]
    pad.write_text(yaml.safe_dump(data))
    with pytest.raises(InvoerFout, match="sluiten niet op elkaar aan"):
        lees_params(pad)


def test_cli_geeft_een_regel_en_code_2_bij_structurele_fout(tmp_path, capsys):
    pad = maak_run(tmp_path, {2020: {"gemeenten": GEMEENTEN, "antwoorden": [antwoord("R1", "GM0001")]}})
    (tmp_path / "2020" / "gemeenten.csv").unlink()
    assert main(["validate", "--params", str(pad)]) == 2
    fout = capsys.readouterr().err
    assert "gemeenten.csv: bestand ontbreekt" in fout and "Traceback" not in fout


def test_cli_schrijft_rijen_en_quarantaine(tmp_path):
    pad = maak_run(
        tmp_path,
        {
            2020: {
                "gemeenten": GEMEENTEN,
                "antwoorden": [antwoord("R1", "GM0001"), antwoord("R2", "GM0002", ingediend="")],
            }
        },
    )
    assert main(["validate", "--params", str(pad)]) == 0
    rijen = pd.read_csv(tmp_path / "uitvoer" / "validatie" / "rijen.csv")
    assert list(rijen.columns) == ["bestand", "gelezen", "geteld", "quarantaine"]
    assert (rijen["gelezen"] == rijen["geteld"] + rijen["quarantaine"]).all()
    q = pd.read_csv(tmp_path / "uitvoer" / "validatie" / "quarantaine.csv", dtype=str)
    assert list(q.columns) == ["bestand", "regel", "respondent_id", "gemeente_code", "reden"]
    assert q.to_dict("records") == [
        {
            "bestand": "2020/antwoorden.csv",
            "regel": "3",
            "respondent_id": "R2",
            "gemeente_code": "GM0002",
            "reden": "niet ingediend (tussentijds opgeslagen)",
        }
    ]
    for bestand in (tmp_path / "uitvoer").rglob("*"):
        if bestand.is_file():
            tekst = bestand.read_bytes()
            assert b"Geheim" not in tekst and b"example.nl" not in tekst and b"GEHEIM" not in tekst, bestand


def _params_fout(tmp_path, wijzig) -> str:
    pad = maak_run(tmp_path, {2020: {"gemeenten": GEMEENTEN, "antwoorden": [antwoord("R1", "GM0001")]}})
    data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    wijzig(data)
    pad.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(InvoerFout) as fout:
        lees_params(pad)
    return str(fout.value)


def test_params_tikfout_in_sleutel_noemt_de_sleutel_en_een_suggestie(tmp_path):
    def tikfout(data):
        data["bronnen"][2020]["antwoordn"] = data["bronnen"][2020].pop("antwoorden")

    fout = _params_fout(tmp_path, tikfout)
    assert "kolom bronnen[2020].antwoordn: onbekende sleutel 'antwoordn'; bedoelt u 'antwoorden'?" in fout
    assert "regel " in fout and "Extra inputs" not in fout


@pytest.mark.parametrize(
    "wijzig,verwacht",
    [
        (
            lambda d: d.update(onderdrukking_minimum="vijf"),
            "onderdrukking_minimum: verwacht een geheel getal, gevonden 'vijf'",
        ),
        (lambda d: d.update(onderdrukking_minimum=0), "onderdrukking_minimum: moet minstens 5 zijn, gevonden 0"),
        (lambda d: d.update(fictief="misschien"), "fictief: verwacht true of false, gevonden 'misschien'"),
        (lambda d: d.pop("uitvoer"), "kolom uitvoer: verplichte sleutel ontbreekt"),
        (lambda d: d.update(grootteklassen={"a": 1}), "grootteklassen: verwacht een lijst"),
        (
            lambda d: d.update(onderdruking_minimum=3),
            "onbekende sleutel 'onderdruking_minimum'; bedoelt u 'onderdrukking_minimum'?",
        ),
    ],
)
def test_params_fouten_in_het_nederlands(tmp_path, wijzig, verwacht):
    fout = _params_fout(tmp_path, wijzig)
    assert verwacht in fout
    for engels in ("Input should", "Field required", "Extra inputs", "valid integer"):
        assert engels not in fout


def test_gx_uitkomst_uit_de_tussenopslag_gelijk_aan_gx_zelf(tmp_path, monkeypatch):
    """Per waarde bewaarde GX-oordelen geven dezelfde afkeur als GX op dezelfde rijen,
    ook voor een nieuwe tabel die alleen bekende waarden heeft; een nieuwe waarde gaat wel langs GX."""
    import random

    from eenzaamheid.valideren import expectations as ex

    rng = random.Random(7)
    codes = ["GM0001", "GM0002", "gm3", "", "GM12345", "GM0100"]
    antwoorden = ["ja", "nee", "", "misschien", "JA"]

    def tabel(n):
        df = pd.DataFrame(
            {
                "gemeente_code": [rng.choice(codes) for _ in range(n)],
                "antwoord": [rng.choice(antwoorden) for _ in range(n)],
            }
        )
        df.index = pd.Index(range(2, n + 2), name="regel")
        return df

    def controles():
        return [
            ex.regex("gemeente_code", ex.GM_CODE, lambda w: f"code {w}"),
            ex.in_verzameling("antwoord", ["ja", "nee", ""], lambda w: f"antwoord {w}"),
        ]

    eerste, tweede = tabel(60), tabel(45)
    ex.zet_opslag(None)
    verwacht = [dict(ex.controleer(df, controles())) for df in (eerste, tweede)]
    assert verwacht[0] and verwacht[1]  # er valt echt iets af

    ex.zet_opslag(tmp_path / "opslag")
    try:
        assert dict(ex.controleer(eerste, controles())) == verwacht[0]  # GX, en de oordelen bewaard
        gx_aanroepen = []
        monkeypatch.setattr(ex, "_met_gx", lambda *a: gx_aanroepen.append(a) or [])
        assert dict(ex.controleer(tweede, controles())) == verwacht[1]  # alleen bekende waarden: zonder GX
        assert dict(ex.controleer(eerste, controles())) == verwacht[0]  # dezelfde tabel: uit de tussenopslag
        assert not gx_aanroepen
        nieuw = tweede.copy()
        nieuw.loc[nieuw.index[0], "antwoord"] = "onbekend"
        ex.controleer(nieuw, controles())
        assert len(gx_aanroepen) == 1  # een waarde die GX nog niet zag
    finally:
        ex.zet_opslag(None)
