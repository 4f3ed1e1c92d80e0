"""Alle factsheets van een run maken: parallel, met één warme kernel per werker.

Per gemeente: `factsheets/<code>/factsheet.html`, `factsheet.pdf`, `cijfers.csv`, `buurten.csv`,
`tips.csv` en `teksten.csv`: alleen wat de gemeente krijgt; per run `factsheets/tips_dekking.csv`.
Het uitgevoerde notebook staat in de werkmap van de run (`<verwerkt>/notebooks/factsheet_<code>.ipynb`),
zonder absoluut pad.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

import nbformat
import pandas as pd

from .. import herkomst, veilig
from ..config import FACTSHEET_NOTEBOOK, MAP_FACTSHEETS
from ..inlezen.params import Params
from ..regels import controleer_velden, laad_teksten
from ..verwerken.cijfers import Benchmark
from . import quarto, tipsdeel
from .factsheet import GETALLEN, TEKSTEN, WOORDEN, Factsheet, benchmark
from .kaart import schrijf_buurten
from .render import render_documenten, voettekst
from .tekstdelen import typografie_tekst
from .uitvoeren import Resultaat, WarmeKernel, bewaar_notebook, papermill_vers, parametriseer, voor_kernel, werkmap

OPWARMEN = """
from eenzaamheid.rapporteren.factsheet import Factsheet, benchmark
from eenzaamheid.rapporteren import weergave, kaart as _kaart
from eenzaamheid.verwerken.gebieden import laad_gebieden as _laad_gebieden
from eenzaamheid.verwerken.kaart import laad_kaartteksten as _laad_kaartteksten
benchmark({params!r}).landelijk
_laad_gebieden(benchmark({params!r}).params), _laad_kaartteksten()
"""


def factsheet_map(params: Params, code: str) -> Path:
    return params.uitvoer / MAP_FACTSHEETS / code


def notebook_pad(params: Params, code: str) -> Path:
    return werkmap(params) / f"factsheet_{code}.ipynb"


BIJLAGEN = ("cijfers.csv", "buurten.csv", "tips.csv")  # gaan als bijlage mee in de PDF


def schrijf_cijfers(bench: Benchmark, code: str) -> Path:
    """cijfers.csv, buurten.csv, tips.csv en teksten.csv: uit dezelfde inhoud als de factsheet zelf."""
    map_ = factsheet_map(bench.params, code)
    map_.mkdir(parents=True, exist_ok=True)
    factsheet = Factsheet(bench, code)
    veilig.schrijf_csv(factsheet.cijfers, map_ / "cijfers.csv")
    veilig.schrijf_csv(tipsdeel.tips_tabel(factsheet.tipsinhoud), map_ / "tips.csv")
    schrijf_buurten(map_ / "buurten.csv", factsheet.kaartinhoud)
    teksten = pd.DataFrame(factsheet.zinnen(), columns=tipsdeel.TEKSTEN_KOLOMMEN)
    veilig.schrijf_csv(teksten, map_ / "teksten.csv")
    return map_ / "cijfers.csv"


def schrijf_dekking(bench: Benchmark, codes: list[str], verslag) -> Path:
    """Per tip bij hoeveel gemeenten hij vuurde en getoond werd; tips die nooit vuurden in de samenvatting."""
    params = bench.params
    catalogus = tipsdeel.regels(bench).catalogus
    tips = [
        pd.read_csv(pad, dtype={"tip": str}, keep_default_na=False)
        for code in codes
        if (pad := factsheet_map(params, code) / "tips.csv").is_file()
    ]
    tabel, nooit = tipsdeel.dekking(catalogus, tips)
    pad = params.uitvoer / MAP_FACTSHEETS / "tips_dekking.csv"
    pad.parent.mkdir(parents=True, exist_ok=True)
    veilig.schrijf_csv(tabel, pad)
    zeldzaam = {t.id for t in catalogus.tips if t.zeldzaam}
    if nooit:
        lijst = ", ".join(f"{t} (zeldzaam)" if t in zeldzaam else t for t in nooit)
        verslag.meld(
            f"Tips: {len(nooit)} van de {len(tabel)} tips golden voor geen van de {len(tips)} gemeenten "
            f"van deze run: {lijst} (zie {pad})"
        )
    else:
        verslag.meld(f"Tips: alle {len(tabel)} tips golden voor minstens één van de {len(tips)} gemeenten ({pad})")
    return pad


def render_factsheet(bench: Benchmark, code: str, nb: nbformat.NotebookNode) -> None:
    params = bench.params
    naam = veilig.platte_tekst(typografie_tekst(bench.deelnemers.loc[code, "gemeente_naam"]))
    titel = f"Factsheet {naam} – Benchmark Eén tegen eenzaamheid {params.jaar}"
    voet = voettekst(params.jaar, params.fictief, f"Factsheet {naam}")
    map_ = factsheet_map(params, code)
    # Eerst de CSV's: ze gaan als bijlage in de PDF en moeten gelijk zijn aan de bestanden ernaast.
    schrijf_cijfers(bench, code)
    bijlagen = {naam: map_ / naam for naam in BIJLAGEN if (map_ / naam).exists()}
    render_documenten(
        nb,
        map_ / "factsheet.html",
        map_ / "factsheet.pdf",
        titel,
        voet,
        params.jaar,
        herkomst.colofon(herkomst.lees(params.uitvoer)),
        bijlagen=bijlagen,
    )


@lru_cache(maxsize=1)
def _sjabloon() -> nbformat.NotebookNode:
    return nbformat.read(FACTSHEET_NOTEBOOK, as_version=4)


def _werker(bench: Benchmark, codes: list[str]) -> list[Resultaat]:
    # De kernel is een eigen proces: die laadt de nette tabellen zelf, één keer, via het parameterbestand.
    params_bestand = str(bench.params.bestand)
    kernel = WarmeKernel(OPWARMEN.format(params=params_bestand))
    resultaten = []
    try:
        for code in codes:
            begin = time.perf_counter()
            try:
                nb = parametriseer(_sjabloon(), {"params_bestand": voor_kernel(params_bestand), "gemeente_code": code})
                nb = kernel.voer_uit(nb)
                pad = notebook_pad(bench.params, code)
                pad.parent.mkdir(parents=True, exist_ok=True)
                bewaar_notebook(nb, pad, bench.params.bestand)
                render_factsheet(bench, code, nb)
                resultaten.append(Resultaat(code, time.perf_counter() - begin))
            except Exception as fout:  # één mislukte gemeente mag de rest van de run niet stoppen
                resultaten.append(
                    Resultaat(code, time.perf_counter() - begin, f"{code}: {type(fout).__name__}: {fout}")
                )
    finally:
        kernel.stop()
    return resultaten


def maak_factsheets(bron: Benchmark | Path, codes: list[str], werkers: int | None = None) -> list[Resultaat]:
    """De factsheets van `codes`; `bron` is de benchmark van de run, of een parameterbestand (losse aanroep)."""
    bench = bron if isinstance(bron, Benchmark) else benchmark(bron)
    werkers = max(1, min(werkers or os.cpu_count() or 1, len(codes)))
    delen = [codes[i::werkers] for i in range(werkers)]
    if werkers == 1:
        return _werker(bench, codes)
    # 'spawn': een schoon proces per werker, zonder geërfde ZMQ- of threadtoestand; de benchmark gaat mee.
    with ProcessPoolExecutor(werkers, mp_context=multiprocessing.get_context("spawn")) as pool:
        uitkomsten = pool.map(_werker, [bench] * werkers, delen)
        return sorted((r for deel in uitkomsten for r in deel), key=lambda r: r.gemeente_code)


def maak_factsheet_papermill(params_bestand: Path, code: str) -> Resultaat:
    """Eén factsheet op de gewone manier (verse kernel via papermill), voor debuggen en de benchmark."""
    params_bestand = Path(params_bestand).resolve()
    bench = benchmark(params_bestand)
    begin = time.perf_counter()
    pad = notebook_pad(bench.params, code)
    pad.parent.mkdir(parents=True, exist_ok=True)
    nb = papermill_vers(FACTSHEET_NOTEBOOK, {"params_bestand": voor_kernel(params_bestand), "gemeente_code": code}, pad)
    render_factsheet(bench, code, nb)
    return Resultaat(code, time.perf_counter() - begin)


def controleer_teksten() -> None:
    """Controleer de tekstregels van de factsheet vóór de run (een fout stopt de run met één regel)."""
    controleer_velden(laad_teksten(TEKSTEN), GETALLEN, WOORDEN, TEKSTEN)


def maak_factsheets_quarto(bench: Benchmark, codes: list[str]) -> list[Resultaat]:
    """`--motor quarto`: Quarto voert en rendert het notebook per gemeente; cijfers.csv komt van hier."""
    params = bench.params
    params_bestand = Path(params.bestand).resolve()
    resultaten = []
    for code in codes:
        begin = time.perf_counter()
        parameters = {"gemeente_code": code, "params_bestand": str(params_bestand)}
        try:
            quarto.render(FACTSHEET_NOTEBOOK, parameters, factsheet_map(params, code))
            schrijf_cijfers(bench, code)
            resultaten.append(Resultaat(code, time.perf_counter() - begin))
        except (quarto.QuartoFout, OSError) as fout:  # één mislukte gemeente stopt de rest niet
            resultaten.append(Resultaat(code, time.perf_counter() - begin, f"{code}: {fout}"))
    return resultaten
