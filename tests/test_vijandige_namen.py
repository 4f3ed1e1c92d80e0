"""Namen met HTML, Markdown, Typst en formules gaan door een hele run (valideren, factsheets,
overzicht); geen uitvoer bevat daarna ruwe opmaak of een werkende formule."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from eenzaamheid.cli import main
from eenzaamheid.config import DATA_RAW
from eenzaamheid.demo import JAAR, _params
from eenzaamheid.veilig import FORMULE_BEGIN

VIJANDIG = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "Back\\slash\\",
    '=HYPERLINK("http://kwaad.example","klik")',
    "@SUM(1+1)",
    "#set page(fill: red) $x$",
    "<img src=x onerror=alert(2)>",
    "-2+3 *vet* _schuin_",
]
PROVINCIE = "=1+1 <b>Provincie</b>"
RESPONDENT = '=HYPERLINK("http://kwaad.example")'


def _maak_vijandig(raw):
    for jaar in ("2019", "2020"):
        pad = raw / jaar / f"gemeenten_{jaar}.csv"
        df = pd.read_csv(pad, sep=";", dtype=str, keep_default_na=False)
        df["gemeente_naam"] = [f"{VIJANDIG[i % len(VIJANDIG)]} {i}" for i in range(len(df))]
        df.loc[df["provincie_code"] == df["provincie_code"].iloc[0], "provincie_naam"] = PROVINCIE
        df.to_csv(pad, sep=";", index=False, quoting=csv.QUOTE_MINIMAL)
        export = raw / jaar / f"vragenlijst_{jaar}.csv"
        tekst = export.read_text(encoding="utf-8-sig")
        scheiding = ";" if tekst.split("\n")[0].count(";") else ","
        rijen = list(csv.reader(io.StringIO(tekst), delimiter=scheiding))
        for i, rij in enumerate(rijen[1:]):
            rij[0] = f"{RESPONDENT}{jaar}-{i}" if i % 3 == 0 else rij[0]
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=scheiding, lineterminator="\n").writerows(rijen)
        export.write_text(buffer.getvalue(), encoding="utf-8")
    for soort in ("gemeenten", "buurten"):
        pad = raw / "cbs" / f"{soort}.geojson"
        gegevens = json.loads(pad.read_text(encoding="utf-8"))
        for i, kenmerk in enumerate(gegevens["features"]):
            kenmerk["properties"]["statnaam"] = f"{VIJANDIG[i % len(VIJANDIG)]} {i}"
        pad.write_text(json.dumps(gegevens, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    basis = tmp_path_factory.mktemp("vijandig")
    raw = basis / "data" / "raw"
    shutil.copytree(DATA_RAW, raw)
    _maak_vijandig(raw)
    params = basis / "params" / "demo.yml"
    params.parent.mkdir()
    params.write_text(_params(raw, params.parent), encoding="utf-8")
    assert main(["validate", "--params", str(params)]) == 0
    uit = basis / "reports" / str(JAAR)
    codes = sorted(
        pd.read_parquet(basis / "data" / "processed" / str(JAAR) / f"deelnemers_{JAAR}.parquet")["gemeente_code"]
    )
    namen = pd.read_csv(raw / str(JAAR) / f"gemeenten_{JAAR}.csv", sep=";", dtype=str).set_index("gemeente_code")
    # Van elke soort vijandige naam één factsheet, plus een gemeente in de vijandige provincie.
    gekozen = {}
    for code in codes:
        gekozen.setdefault(namen.at[code, "gemeente_naam"].rsplit(" ", 1)[0], code)
    kies = sorted(set(gekozen.values()) | {next(c for c in codes if namen.at[c, "provincie_naam"] == PROVINCIE)})
    assert main(["factsheets", "--params", str(params), "--werkers", "1", "--gemeente", *kies]) == 0
    assert main(["overview", "--params", str(params)]) == 0
    return uit, kies


def test_geen_ruwe_opmaak_in_html(run):
    uit, kies = run
    bestanden = list(uit.rglob("*.html"))
    assert len(bestanden) == len(kies) + 2  # factsheets, overzicht, validatie
    for pad in bestanden:
        tekst = pad.read_text(encoding="utf-8")
        assert "<script>alert" not in tekst and "<img src=x" not in tekst and "<b>Provincie" not in tekst, pad
        assert not re.search(r"(href|src)\s*=\s*[\"']?\s*javascript:", tekst, flags=re.IGNORECASE), pad
        # Een naam kan het script van een grafiek niet afsluiten: elke </script> hoort bij een <script>.
        assert tekst.count("<script") == tekst.count("</script>"), pad
    factsheet = (uit / "factsheets" / kies[0] / "factsheet.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in factsheet or "[x](javascript:alert(1))" in factsheet


def test_namen_staan_letterlijk_in_de_pdf(run):
    uit, kies = run
    gezien = ""
    for code in kies:
        pdf = PdfReader(uit / "factsheets" / code / "factsheet.pdf")
        tekst = "\n".join(p.extract_text() for p in pdf.pages)
        gezien += tekst
        for pagina in pdf.pages:
            for annotatie in pagina.get("/Annots") or []:
                actie = annotatie.get_object().get("/A") or {}
                assert "javascript" not in str(actie.get("/URI", "")).lower()
    # Typst heeft de tekens niet als opmaak gelezen: ze staan er als tekst.
    for stuk in ("#set page(fill: red) $x$", "[x](javascript:alert(1))", "Back\\slash\\", "@SUM(1+1)", "*vet*"):
        assert stuk in gezien.replace("\n", " ")


def _cellen_csv(pad):
    with pad.open(encoding="utf-8", newline="") as f:
        for rij in csv.reader(f):
            yield from rij


def _is_getal(tekst: str) -> bool:
    return re.fullmatch(r"[-+]?\d+([.,]\d+)?([eE][-+]?\d+)?", tekst) is not None


def test_geen_werkende_formule_in_csv_of_excel(run):
    uit, _ = run
    bestanden = list(uit.rglob("*.csv"))
    assert {p.name for p in bestanden} >= {"quarantaine.csv", "rijen.csv", "cijfers.csv", "overzicht_cijfers.csv"}
    gevonden_id = False
    for pad in bestanden:
        for waarde in _cellen_csv(pad):
            gevonden_id |= "HYPERLINK" in waarde
            assert not (waarde.startswith(FORMULE_BEGIN) and not _is_getal(waarde)), (pad, waarde)
    assert gevonden_id, "de vijandige respondent-id's staan in quarantaine.csv (onschadelijk gemaakt)"
    boek = openpyxl.load_workbook(uit / "overzicht" / "overzicht_cijfers.xlsx")
    for blad in boek.worksheets:
        for rij in blad.iter_rows():
            for cel in rij:
                assert cel.data_type != "f", (blad.title, cel.coordinate, cel.value)
                if isinstance(cel.value, str):
                    assert not cel.value.startswith(FORMULE_BEGIN), (blad.title, cel.coordinate, cel.value)
