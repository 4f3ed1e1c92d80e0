"""Alle factsheets van een run maken: parallel, met één warme kernel per werker.

Per gemeente: `factsheets/<code>/factsheet.html`, `factsheet.pdf`, `cijfers.csv`, `buurten.csv`,
`tips.csv` en `teksten.csv`: alleen wat de gemeente krijgt; per run `factsheets/tips_dekking.csv`.
Het uitgevoerde notebook staat in de werkmap van de run (`<verwerkt>/notebooks/factsheet_<code>.ipynb`),
zonder absoluut pad.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.util
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from functools import lru_cache
from pathlib import Path

import nbformat
import pandas as pd

from .. import herkomst, veilig
from ..config import FACTSHEET_NOTEBOOK, MAP_FACTSHEETS
from ..inlezen.params import Params, lees_params
from ..inlezen.regeltaal import INGEVULD
from ..regels import controleer_velden, laad_teksten
from ..verwerken.cijfers import Benchmark
from . import quarto, tipsdeel
from .factsheet import GETALLEN, TEKSTEN, WOORDEN, Factsheet, benchmark
from .kaart import schrijf_buurten
from .render import render_documenten, voettekst
from .tekstdelen import typografie_tekst
from .uitvoeren import Resultaat, WarmeKernel, bewaar_notebook, papermill_vers, parametriseer, voor_kernel, werkmap

# Om het notebook heen, in dezelfde kernel (zonder toewijzing: er blijft geen naam achter).
INGEVULD_LEEG = "__import__('eenzaamheid.inlezen.regeltaal', fromlist=['INGEVULD']).INGEVULD.clear()"
NAWERK = (
    "print(__import__('json').dumps("
    "__import__('eenzaamheid.rapporteren.factsheets', fromlist=['na_notebook']).na_notebook(factsheet)))"
)

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


def schrijf_bestanden(factsheet: Factsheet) -> Path:
    """cijfers.csv, buurten.csv, tips.csv en teksten.csv: uit dezelfde inhoud als de factsheet zelf."""
    map_ = factsheet_map(factsheet.b.params, factsheet.code)
    map_.mkdir(parents=True, exist_ok=True)
    veilig.schrijf_csv(factsheet.cijfers, map_ / "cijfers.csv")
    veilig.schrijf_csv(tipsdeel.tips_tabel(factsheet.tipsinhoud), map_ / "tips.csv")
    schrijf_buurten(map_ / "buurten.csv", factsheet.kaartinhoud)
    teksten = pd.DataFrame(factsheet.zinnen(), columns=tipsdeel.TEKSTEN_KOLOMMEN)
    veilig.schrijf_csv(teksten, map_ / "teksten.csv")
    return map_ / "cijfers.csv"


def schrijf_cijfers(bench: Benchmark, code: str) -> Path:
    return schrijf_bestanden(Factsheet(bench, code))


def na_notebook(factsheet: Factsheet) -> dict:
    """In de kernel, na het notebook: de CSV's uit de inhoud die het notebook net toonde (niet nog eens
    uitgerekend), en voor de werker de naam en welke regelzinnen de factsheet invulde."""
    schrijf_bestanden(factsheet)
    uit = {"naam": str(factsheet.info["gemeente_naam"]), "ingevuld": sorted(INGEVULD)}
    INGEVULD.clear()
    return uit


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


def render_factsheet(params: Params, code: str, naam: str, nb: nbformat.NotebookNode) -> None:
    """HTML en PDF; de CSV's staan er al (ze gaan als bijlage in de PDF en zijn gelijk aan de bestanden ernaast)."""
    naam = veilig.platte_tekst(typografie_tekst(naam))
    titel = f"Factsheet {naam} – Benchmark Eén tegen eenzaamheid {params.jaar}"
    voet = voettekst(params.jaar, params.fictief, f"Factsheet {naam}")
    map_ = factsheet_map(params, code)
    bijlagen = {naam: map_ / naam for naam in BIJLAGEN if (map_ / naam).exists()}
    render_documenten(
        nb,
        map_ / "factsheet.html",
        map_ / "factsheet.pdf",
        titel,
        voet,
        params.jaar,
        herkomst.colofon(herkomst.lees(params.uitvoer), soort="factsheet"),
        bijlagen=bijlagen,
    )


@lru_cache(maxsize=2)
def _sjabloon(pad: str) -> nbformat.NotebookNode:
    return nbformat.read(pad, as_version=4)


@lru_cache(maxsize=2)
def _params(params_bestand: str) -> Params:
    return lees_params(Path(params_bestand))


# Per werkerproces één warme kernel, gestart bij de eerste factsheet en gestopt als het proces eindigt.
_kernel: WarmeKernel | None = None


def _stop_kernel() -> None:
    global _kernel
    if _kernel is not None:
        kernel, _kernel = _kernel, None
        kernel.stop()


def _warme_kernel(params_bestand: str) -> WarmeKernel:
    global _kernel
    if _kernel is None:
        # De kernel is een eigen proces: die laadt de nette tabellen zelf, één keer, via het parameterbestand.
        _kernel = WarmeKernel(OPWARMEN.format(params=params_bestand))
        if multiprocessing.parent_process() is not None:
            multiprocessing.util.Finalize(None, _stop_kernel, exitpriority=10)
    return _kernel


def maak_factsheet(params_bestand: str, code: str, notebook: str = str(FACTSHEET_NOTEBOOK)) -> Resultaat:
    """Eén factsheet in de warme kernel van dit proces; een fout komt in het resultaat, niet als uitzondering."""
    begin = time.perf_counter()
    try:
        params = _params(params_bestand)
        kernel = _warme_kernel(params_bestand)
        nb = parametriseer(_sjabloon(notebook), {"params_bestand": voor_kernel(params_bestand), "gemeente_code": code})
        nb = kernel.voer_uit(nb, voor=INGEVULD_LEEG, na=NAWERK)
        na = json.loads(kernel.na_uitvoer)
        bewaar_notebook(nb, notebook_pad(params, code), params.bestand)
        render_factsheet(params, code, na["naam"], nb)
        return Resultaat(code, time.perf_counter() - begin, ingevuld=[tuple(v) for v in na["ingevuld"]])
    except Exception as fout:  # één mislukte gemeente mag de rest van de run niet stoppen
        if _kernel is not None and not _kernel.leeft():
            _stop_kernel()  # de volgende gemeente krijgt een nieuwe kernel
        return Resultaat(code, time.perf_counter() - begin, f"{type(fout).__name__}: {fout}")


def maak_factsheets(
    bron: Benchmark | Path | str,
    codes: list[str],
    werkers: int | None = None,
    bij_klaar: Callable[[Resultaat], None] | None = None,
) -> list[Resultaat]:
    """De factsheets van `codes`, parallel; `bron` is het parameterbestand (of de benchmark van de run).

    Elke werker pakt de volgende gemeente zodra hij klaar is en krijgt alleen het parameterbestand;
    `bij_klaar` hoort elk resultaat meteen (voor de voortgang). Welke werker een gemeente maakt,
    verandert niets aan de bestanden.
    """
    params_bestand = str(Path(bron.params.bestand if isinstance(bron, Benchmark) else bron).resolve())
    notebook = str(FACTSHEET_NOTEBOOK)
    werkers = max(1, min(werkers or os.cpu_count() or 1, len(codes)))
    resultaten: list[Resultaat] = []

    def klaar(resultaat: Resultaat) -> None:
        resultaten.append(resultaat)
        if bij_klaar is not None:
            bij_klaar(resultaat)

    if werkers == 1:
        try:
            for code in codes:
                klaar(maak_factsheet(params_bestand, code, notebook))
        finally:
            _stop_kernel()
    else:
        # 'spawn': een schoon proces per werker, zonder geërfde ZMQ- of threadtoestand.
        with ProcessPoolExecutor(werkers, mp_context=multiprocessing.get_context("spawn")) as pool:
            taken = {pool.submit(maak_factsheet, params_bestand, code, notebook): code for code in codes}
            for taak in as_completed(taken):
                try:
                    klaar(taak.result())
                except Exception as fout:  # een werker die zelf omviel
                    klaar(Resultaat(taken[taak], 0.0, f"{type(fout).__name__}: {fout}"))
    return sorted(resultaten, key=lambda r: r.gemeente_code)


def maak_factsheet_papermill(params_bestand: Path, code: str) -> Resultaat:
    """Eén factsheet op de gewone manier (verse kernel via papermill), voor debuggen en de benchmark."""
    params_bestand = Path(params_bestand).resolve()
    bench = benchmark(params_bestand)
    begin = time.perf_counter()
    pad = notebook_pad(bench.params, code)
    pad.parent.mkdir(parents=True, exist_ok=True)
    nb = papermill_vers(FACTSHEET_NOTEBOOK, {"params_bestand": voor_kernel(params_bestand), "gemeente_code": code}, pad)
    schrijf_cijfers(bench, code)
    render_factsheet(bench.params, code, str(bench.deelnemers.loc[code, "gemeente_naam"]), nb)
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
