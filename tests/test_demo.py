"""De demogegevens: opnieuw te maken, en het validatierapport klopt met een onafhankelijke telling."""

from __future__ import annotations

import csv
import filecmp
import re
from pathlib import Path

import pandas as pd
import pytest
from bouwers import draai_demo

from eenzaamheid.config import DATA_RAW
from eenzaamheid.demo import maak_demo


def test_generator_maakt_dezelfde_bestanden(tmp_path):
    for jaar in ("2019", "2020"):
        (tmp_path / jaar).mkdir()
        (tmp_path / jaar / f"vragenlijst_{jaar}.yml").write_bytes(
            (DATA_RAW / jaar / f"vragenlijst_{jaar}.yml").read_bytes()
        )
    maak_demo(tmp_path)
    for pad in DATA_RAW.rglob("*"):
        if pad.is_file():
            assert filecmp.cmp(pad, tmp_path / pad.relative_to(DATA_RAW), shallow=False), pad


def _lees(pad: Path) -> list[dict]:
    tekst = pad.read_text(encoding="utf-8-sig")
    scheiding = ";" if tekst.split("\n")[0].count(";") else ","
    return list(csv.DictReader(tekst.splitlines(keepends=True), delimiter=scheiding))


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    return draai_demo("validate", tmp_path_factory.mktemp("demo"))


def test_demo_telling_onafhankelijk_nagerekend(demo_run):
    """Tel met de csv-module: ingediend, bekende gemeente, geen fouten, laatste per gemeente."""
    rijen = pd.read_csv(demo_run / "validatie" / "rijen.csv").set_index("bestand")
    for jaar in (2019, 2020):
        export = _lees(DATA_RAW / str(jaar) / f"vragenlijst_{jaar}.csv")
        assert rijen.loc[f"{jaar}/vragenlijst_{jaar}.csv", "gelezen"] == len(export)
        bekend = {r["gemeente_code"] for r in _lees(DATA_RAW / str(jaar) / f"gemeenten_{jaar}.csv")}
        herindeling = {r["oude_code"]: r["nieuwe_code"] for r in _lees(DATA_RAW / "herindelingen.csv")}
        import yaml

        boek = yaml.safe_load((DATA_RAW / str(jaar) / f"vragenlijst_{jaar}.yml").read_text(encoding="utf-8"))
        geldig = {}
        for v in boek["vragen"]:
            if v["type"] == "enkel":
                geldig[v["id"]] = {o["code"] for o in v["opties"]} | {""}
            elif v["type"] == "matrix":
                for r in v["rijen"]:
                    geldig[f"{v['id']}__{r['code']}"] = {o["code"] for o in v["opties"]} | {""}
        exclusief = [
            (v["id"], o["code"], [p["code"] for p in v["opties"]])
            for v in boek["vragen"]
            if v["type"] == "meer"
            for o in v["opties"]
            if o.get("exclusief")
        ]
        laatste = {}
        for r in export:
            code = r["gemeente_code"] if r["gemeente_code"] in bekend else herindeling.get(r["gemeente_code"])
            if not r["ingediend_op"] or code not in bekend:
                continue
            if any(r[k] not in ok for k, ok in geldig.items()):
                continue
            if any(
                r[f"{v}__{o}"] == "1" and any(r[f"{v}__{p}"] == "1" for p in alle if p != o) for v, o, alle in exclusief
            ):
                continue
            if code not in laatste or r["ingediend_op"] > laatste[code]["ingediend_op"]:
                laatste[code] = r
        assert rijen.loc[f"{jaar}/vragenlijst_{jaar}.csv", "geteld"] == len(laatste)
        verwerkt = pd.read_parquet(demo_run / "verwerkt" / f"deelnemers_{jaar}.parquet")
        assert sorted(verwerkt["gemeente_code"]) == sorted(laatste)
    assert (rijen["gelezen"] == rijen["geteld"] + rijen["quarantaine"]).all()


def test_demo_bevat_alle_lastige_gevallen(demo_run):
    q = pd.read_csv(demo_run / "validatie" / "quarantaine.csv")
    redenen = " | ".join(q["reden"])
    for soort in (
        "niet ingediend",
        "vervangen door een latere inzending",
        "staat niet in het codeboek",
        "aangekruist samen met een andere optie",
        "staat niet in de gemeententabel",
    ):
        assert soort in redenen
    html = (demo_run / "validatie" / "validatie.html").read_text(encoding="utf-8")
    assert "Fictieve gegevens" in html
    for r in q.itertuples():
        assert r.respondent_id in html
    export = DATA_RAW / "2020" / "vragenlijst_2020.csv"
    namen = {r["contactpersoon"] for r in _lees(export)} | {r["email"] for r in _lees(export)}
    for pad in demo_run.rglob("*"):
        if pad.is_file() and pad.suffix in (".csv", ".html", ".json"):
            tekst = pad.read_text(encoding="utf-8")
            assert not any(n in tekst for n in namen), pad
            # Geen e-mailadres: een @ mag alleen in een CSS-regel (@font-face, @page, @media) staan.
            assert "@" not in re.sub(r"@(font-face|page|media)\b", "", tekst), pad


def test_demo_panel_kiest_grootste_voorganger(demo_run):
    import json

    panel = json.loads((demo_run / "verwerkt" / "panel.json").read_text())
    gemeenten = {r["gemeente_code"]: int(r["inwoners"]) for r in _lees(DATA_RAW / "2019" / "gemeenten_2019.csv")}
    herindeling = _lees(DATA_RAW / "herindelingen.csv")
    oud = sorted((r["oude_code"] for r in herindeling), key=lambda c: -gemeenten[c])
    assert panel["vorig_naar_huidig"][oud[0]] == herindeling[0]["nieuwe_code"]
    assert [n["code"] for n in panel["niet_gebruikt"]] == oud[1:]


def test_demo_opdracht_schrijft_een_volledige_demo_deterministisch(tmp_path):
    import filecmp

    import yaml

    from eenzaamheid.cli import main

    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    assert main(["demo", str(a), "--gemeenten", "30", "--seed", "7"]) == 0
    assert main(["demo", str(b), "--gemeenten", "30", "--seed", "7"]) == 0
    bestanden = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert bestanden == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert all((a / p).read_bytes() == (b / p).read_bytes() for p in bestanden)
    params = yaml.safe_load((a / "params" / "demo.yml").read_text(encoding="utf-8"))
    assert params["uitvoer"] == "../reports/2020" and params["verwerkt"] == "../data/processed/2020"
    main(["demo", str(c), "--gemeenten", "30", "--seed", "8"])  # een andere seed, andere antwoorden
    assert not filecmp.cmp(a / "data/raw/2020/vragenlijst_2020.csv", c / "data/raw/2020/vragenlijst_2020.csv")
