"""Benchmark van de buurtkaart: wat lezen, verwerken en tekenen kosten. Drukt af; faalt niet op een tijd.

1. Lezen van de landelijke bestanden (RIVM-tabel en buurtkaart), één keer per run: de echte bestanden
   uit ../shared/data/real (50090NED, beide leeftijden, CSV en xlsx; buurtkaart 2019) als die er zijn.
2. Verwerken (gebiedscijfers, klassegrenzen, vereenvoudigde SVG-paden), ook één keer per run.
3. Per factsheet: inhoud en zinnen (`kaart_inhoud`) en HTML + Typst van de kaart (`kaartfiguur`),
   voor alle gemeenten van de echte tabel en apart voor Amsterdam (479 buurten, de grootste);
   en wat Typst extra kost om de kaart in de PDF te zetten.
4. Op de demogegevens (ook zonder de echte bestanden): `Factsheet.kaart()` in een warme kernel per
   factsheet, en de opmaak (pandoc + Typst) van een uitgevoerd notebook met en zonder de kaartcel.

    .venv/bin/python benchmarks/kaart.py [--alleen-demo]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_gebieden import _boek  # noqa: E402

from conftest import ECHT  # noqa: E402
from eenzaamheid.inlezen.gebieden import lees_gezondheid_bestanden, lees_grenzen  # noqa: E402
from eenzaamheid.rapporteren.kaart import kaartfiguur  # noqa: E402
from eenzaamheid.verwerken.gebieden import Gebieden, buurtvlakken, gebiedscijfers, kaartklassen  # noqa: E402
from eenzaamheid.verwerken.kaart import kaart_inhoud, laad_kaartteksten  # noqa: E402


def klok(functie):
    begin = time.perf_counter()
    uit = functie()
    return uit, time.perf_counter() - begin


def typst_tijd(typst_bron: str) -> float:
    import typst

    with tempfile.TemporaryDirectory() as map_:
        pad = Path(map_) / "d.typ"
        pad.write_text(typst_bron, encoding="utf-8")
        typst.compile(str(pad))  # eerste keer: lettertypen laden
        tijden = []
        for _ in range(3):
            begin = time.perf_counter()
            typst.compile(str(pad))
            tijden.append(time.perf_counter() - begin)
    return min(tijden)


def demo() -> None:
    import copy

    import nbformat

    from eenzaamheid.cli import main as cli
    from eenzaamheid.config import FACTSHEET_NOTEBOOK, PARAMS
    from eenzaamheid.rapporteren.factsheet import Factsheet, benchmark
    from eenzaamheid.rapporteren.render import render_documenten
    from eenzaamheid.rapporteren.uitvoeren import WarmeKernel, parametriseer
    from eenzaamheid.rapporteren.weergave import bundel

    params = PARAMS / "demo.yml"
    cli(["validate", "--params", str(params)])
    bench = benchmark(params)
    codes = list(bench.deelnemers.index)
    Factsheet(bench, codes[0]).kaart()  # eerste keer: tabellen en regels laden, één keer per kernel
    tijden = []
    for code in codes:
        factsheet = Factsheet(bench, code)
        begin = time.perf_counter()
        [bundel(blok) for blok in factsheet.kaart()]
        tijden.append(time.perf_counter() - begin)
    print(
        f"demo: kaart() met HTML/Typst per factsheet {statistics.median(tijden) * 1000:.0f} ms (mediaan), "
        f"hoogste {max(tijden) * 1000:.0f} ms, {len(codes)} gemeenten"
    )
    kernel = WarmeKernel(
        f"from eenzaamheid.rapporteren.factsheet import benchmark\nbenchmark({str(params)!r}).landelijk"
    )
    sjabloon = nbformat.read(FACTSHEET_NOTEBOOK, as_version=4)
    verschil = []
    try:
        for code in codes[:8]:
            met = kernel.voer_uit(parametriseer(sjabloon, {"params_bestand": str(params), "gemeente_code": code}))
            zonder = copy.deepcopy(met)
            for cel in zonder.cells:
                if "factsheet.kaart()" in cel.source:
                    cel.outputs = []
            snelste = []
            with tempfile.TemporaryDirectory() as map_:
                for nb in (met, zonder):
                    duur = []
                    for _ in range(3):
                        begin = time.perf_counter()
                        render_documenten(nb, Path(map_) / "f.html", Path(map_) / "f.pdf", "t", "v", 2020)
                        duur.append(time.perf_counter() - begin)
                    snelste.append(min(duur))
            verschil.append(snelste[0] - snelste[1])
    finally:
        kernel.stop()
    print(
        f"demo: opmaak HTML+PDF met kaart min zonder: {statistics.median(verschil) * 1000:.0f} ms (mediaan, 8 gemeenten)"
    )


if __name__ == "__main__":
    if "--alleen-demo" in sys.argv:
        demo()
        raise SystemExit(0)
    if not ECHT.is_dir():
        raise SystemExit(f"echte bestanden niet gevonden in {ECHT} (zet EENZAAMHEID_ECHT)")
    import geopandas  # noqa: F401  (import apart gemeten: in een run is het al geladen)
    import great_expectations  # noqa: F401

    params, boek = _boek(Path(tempfile.mkdtemp()))
    for soort in ("csv", "xlsx"):
        paden = [ECHT / "rivm_50090NED" / f"50090NED_2020_{g}.{soort}" for g in ("18plus", "65plus")]
        lang, t = klok(lambda paden=paden: lees_gezondheid_bestanden(paden, {p: p.name for p in paden}, params, boek))
        print(f"RIVM 50090NED, 18+ en 65+ ({soort}, 2 x 17.341 rijen): {t:.1f} s")
    kaartpad = ECHT / "boundaries" / "buurt_2019_pdok_gegeneraliseerd.topojson"
    grenzen, t = klok(lambda: lees_grenzen(kaartpad, "buurten", "buurt", boek))
    print(f"buurtkaart 2019 (TopoJSON, 13.594 buurten): {t:.1f} s")
    cijfers, t1 = klok(lambda: gebiedscijfers(lang))
    lagen = params.kaart.lagen
    klassen, t2 = klok(lambda: kaartklassen(cijfers, lagen, params.kaart.klassen))
    vlakken, t3 = klok(lambda: buurtvlakken(grenzen, params.kaart.vereenvoudiging_m))
    print(f"verwerken: gebiedscijfers {t1:.1f} s, klassen {t2:.1f} s, vlakken en SVG-paden {t3:.1f} s")
    with tempfile.TemporaryDirectory() as map_:
        for naam, df in (("c", cijfers), ("v", vlakken), ("k", klassen)):
            df.to_parquet(Path(map_) / f"{naam}.parquet")
        gebieden, t = klok(
            lambda: Gebieden(*(pd.read_parquet(Path(map_) / f"{n}.parquet") for n in ("c", "v", "k")), lagen)
        )
    print(f"laden in een kernel (Parquet): {t:.2f} s")
    laad_kaartteksten()
    codes = sorted(cijfers.loc[cijfers["niveau"] == "gemeente", "gebied_code"].unique())
    tijden = {}
    for code in codes:
        begin = time.perf_counter()
        figuur = kaartfiguur(kaart_inhoud(gebieden, code, code))
        tijden[code] = time.perf_counter() - begin
    waarden = sorted(tijden.values())
    print(
        f"per factsheet, inhoud + zinnen + HTML/Typst van de kaart, {len(codes)} gemeenten: "
        f"mediaan {statistics.median(waarden) * 1000:.0f} ms, 90% {waarden[int(0.9 * len(waarden))] * 1000:.0f} ms, "
        f"hoogste {waarden[-1] * 1000:.0f} ms; Amsterdam {tijden['GM0363'] * 1000:.0f} ms"
    )
    amsterdam = kaartfiguur(kaart_inhoud(gebieden, "GM0363", "Amsterdam"))
    print(f"Amsterdam in de HTML: {len(amsterdam.html.encode()) / 1000:.0f} kB (kaart, keuze, tabellen)")
    sjabloon = (Path(__file__).resolve().parents[1] / "src/eenzaamheid/templates/document.typ.j2").read_text()
    tabel = sjabloon[sjabloon.index("#let tabel(") : sjabloon.index("#let grafiek(")]
    kaal = '#set page(paper: "a4")\n#let primair = blue\n' + tabel + "\n= Kaart\n"
    for code, naam in (("GM0363", "Amsterdam"), ("GM0088", "Schiermonnikoog")):
        figuur = kaartfiguur(kaart_inhoud(gebieden, code, naam))
        extra = typst_tijd(kaal + figuur.typst) - typst_tijd(kaal)
        print(f"Typst: de kaart van {naam} kost in de PDF {extra * 1000:.0f} ms extra")
    demo()
    print(f"(cores: {os.cpu_count()}, machine gedeeld: cijfers schommelen)")
