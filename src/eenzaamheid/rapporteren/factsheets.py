"""Alle factsheets van een run maken: parallel, met één warme kernel per werker.

Per gemeente: `factsheets/<code>/factsheet.html`, `factsheet.pdf` en `cijfers.csv`: alleen wat
de gemeente krijgt. Het uitgevoerde notebook staat in de werkmap van de run
(`<verwerkt>/notebooks/factsheet_<code>.ipynb`), zonder absoluut pad.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

import nbformat

from ..config import FACTSHEET_NOTEBOOK, MAP_FACTSHEETS
from ..inlezen.params import Params, lees_params
from .factsheet import benchmark, typografie
from .render import render_documenten, voettekst
from .uitvoeren import Resultaat, WarmeKernel, papermill_vers, parametriseer, voor_kernel, werkmap

OPWARMEN = """
from eenzaamheid.rapporteren.factsheet import Factsheet, benchmark
from eenzaamheid.rapporteren import weergave
benchmark({params!r}).landelijk
"""


def factsheet_map(params: Params, code: str) -> Path:
    return params.uitvoer / MAP_FACTSHEETS / code


def notebook_pad(params: Params, code: str) -> Path:
    return werkmap(params) / f"factsheet_{code}.ipynb"


BIJLAGEN = {
    "cijfers.csv": "Alle cijfers van deze factsheet",
    "buurten.csv": "Cijfers van de buurtkaart",
    "tips.csv": "De tips met hun reden",
}


def schrijf_cijfers(params_bestand: Path, code: str) -> Path:
    bench = benchmark(params_bestand)
    pad = factsheet_map(bench.params, code) / "cijfers.csv"
    pad.parent.mkdir(parents=True, exist_ok=True)
    bench.cijfers(code).to_csv(pad, index=False, lineterminator="\n")
    return pad


def render_factsheet(params_bestand: Path, code: str, nb: nbformat.NotebookNode) -> None:
    bench = benchmark(params_bestand)
    params = bench.params
    naam = typografie(bench.deelnemers.loc[code, "gemeente_naam"])
    titel = f"Factsheet {naam} – Benchmark Eén tegen eenzaamheid {params.jaar}"
    voet = voettekst(params.jaar, params.fictief, f"Factsheet {naam}")
    map_ = factsheet_map(params, code)
    # Eerst de CSV's: ze gaan als bijlage in de PDF en moeten gelijk zijn aan de bestanden ernaast.
    schrijf_cijfers(params_bestand, code)
    bijlagen = tuple((map_ / naam, tekst) for naam, tekst in BIJLAGEN.items() if (map_ / naam).exists())
    render_documenten(nb, map_ / "factsheet.html", map_ / "factsheet.pdf", titel, voet, params.jaar, bijlagen)


@lru_cache(maxsize=1)
def _sjabloon() -> nbformat.NotebookNode:
    return nbformat.read(FACTSHEET_NOTEBOOK, as_version=4)


def _werker(params_bestand: str, codes: list[str]) -> list[Resultaat]:
    kernel = WarmeKernel(OPWARMEN.format(params=params_bestand))
    params = lees_params(Path(params_bestand))
    resultaten = []
    try:
        for code in codes:
            begin = time.perf_counter()
            try:
                nb = parametriseer(_sjabloon(), {"params_bestand": voor_kernel(params_bestand), "gemeente_code": code})
                nb = kernel.voer_uit(nb)
                pad = notebook_pad(params, code)
                pad.parent.mkdir(parents=True, exist_ok=True)
                nbformat.write(nb, pad)
                render_factsheet(Path(params_bestand), code, nb)
                resultaten.append(Resultaat(code, time.perf_counter() - begin))
            except Exception as fout:  # één mislukte gemeente mag de rest van de run niet stoppen
                resultaten.append(
                    Resultaat(code, time.perf_counter() - begin, f"{code}: {type(fout).__name__}: {fout}")
                )
    finally:
        kernel.stop()
    return resultaten


def maak_factsheets(params_bestand: Path, codes: list[str], werkers: int | None = None) -> list[Resultaat]:
    params_bestand = Path(params_bestand).resolve()
    werkers = max(1, min(werkers or os.cpu_count() or 1, len(codes)))
    delen = [codes[i::werkers] for i in range(werkers)]
    if werkers == 1:
        return _werker(str(params_bestand), codes)
    # 'spawn': een schoon proces per werker, zonder geërfde ZMQ- of threadtoestand.
    with ProcessPoolExecutor(werkers, mp_context=multiprocessing.get_context("spawn")) as pool:
        uitkomsten = pool.map(_werker, [str(params_bestand)] * werkers, delen)
        return sorted((r for deel in uitkomsten for r in deel), key=lambda r: r.gemeente_code)


def maak_factsheet_papermill(params_bestand: Path, code: str) -> Resultaat:
    """Eén factsheet op de gewone manier (verse kernel via papermill), voor debuggen en de benchmark."""
    params_bestand = Path(params_bestand).resolve()
    params = lees_params(params_bestand)
    begin = time.perf_counter()
    pad = notebook_pad(params, code)
    pad.parent.mkdir(parents=True, exist_ok=True)
    nb = papermill_vers(FACTSHEET_NOTEBOOK, {"params_bestand": voor_kernel(params_bestand), "gemeente_code": code}, pad)
    render_factsheet(params_bestand, code, nb)
    return Resultaat(code, time.perf_counter() - begin)


def stap_factsheets(
    params: Params, verslag, gemeenten: list[str] | None, werkers: int | None, params_bestand: Path | None = None
) -> list[Resultaat]:
    params_bestand = params_bestand or params.bestand
    bench = benchmark(params_bestand)
    alle = list(bench.deelnemers.index)
    codes = gemeenten or alle
    onbekend = [c for c in codes if c not in alle]
    for code in onbekend:
        verslag.fouten.append(f"{code}: geen getelde gemeente in {params.jaar}; geen factsheet")
    codes = [c for c in codes if c in alle]
    begin = time.perf_counter()
    resultaten = maak_factsheets(params_bestand, codes, werkers) if codes else []
    verslag.fouten.extend(r.fout for r in resultaten if r.fout)
    gelukt = sum(1 for r in resultaten if not r.fout)
    verslag.meld(
        f"Factsheets: {gelukt} van {len(codes)} gemaakt in {time.perf_counter() - begin:.1f} s "
        f"in {params.uitvoer / MAP_FACTSHEETS}"
    )
    return resultaten
