"""Benchmark: seconden per factsheet (HTML + PDF) per core, op de demogegevens.

Meet in één run de manier van het project (een warme kernel per werker) en de gewone manier
(per gemeente papermill met een verse kernel, plus dezelfde opmaak), elk twee keer: met één werker
en met één werker per core. Per core = wandkloktijd × aantal gebruikte cores / aantal factsheets,
dus beide manieren onder dezelfde belasting. Drukt de cijfers en verhoudingen af; het is geen test
en faalt niet op een tijd.

    .venv/bin/python benchmarks/factsheets.py [--aantal 69] [--vers 8]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from eenzaamheid.cli import main as cli
from eenzaamheid.config import PARAMS
from eenzaamheid.rapporteren.factsheet import benchmark
from eenzaamheid.rapporteren.factsheets import maak_factsheet_papermill, maak_factsheets


def _papermill_reeks(params_bestand: Path, codes: list[str]) -> None:
    for code in codes:
        maak_factsheet_papermill(params_bestand, code)


def warm(params_bestand: Path, codes: list[str], werkers: int) -> float:
    begin = time.perf_counter()
    resultaten = maak_factsheets(params_bestand, codes, werkers)
    duur = time.perf_counter() - begin
    fouten = [r.fout for r in resultaten if r.fout]
    if fouten:
        raise SystemExit(f"fouten: {fouten}")
    return duur * werkers / len(codes)


def vers(params_bestand: Path, codes: list[str], werkers: int) -> float:
    begin = time.perf_counter()
    if werkers == 1:
        _papermill_reeks(params_bestand, codes)
    else:
        with ProcessPoolExecutor(werkers, mp_context=multiprocessing.get_context("spawn")) as pool:
            list(pool.map(_papermill_reeks, [params_bestand] * werkers, [codes[i::werkers] for i in range(werkers)]))
    return (time.perf_counter() - begin) * werkers / len(codes)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--params", type=Path, default=PARAMS / "demo.yml")
    parser.add_argument("--aantal", type=int, default=10_000, help="gemeenten voor de warme manier (standaard: alle)")
    parser.add_argument("--vers", type=int, default=8, help="gemeenten voor de verse papermill-manier")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    cli(["validate", "--params", str(args.params)])
    params_bestand = args.params.resolve()
    codes = list(benchmark(params_bestand).deelnemers.index)
    rijen = []
    for werkers in (1, cores):
        w = warm(params_bestand, codes[: args.aantal], werkers)
        v = vers(params_bestand, codes[: args.vers], werkers)
        rijen.append((werkers, w, v))
    print(f"\nseconden per factsheet (HTML+PDF) per core, demogegevens, {cores} cores:")
    print(f"{'werkers':>8} {'project (warme kernel)':>24} {'papermill (verse kernel)':>26} {'verhouding':>11}")
    for werkers, w, v in rijen:
        print(f"{werkers:>8} {w:>24.2f} {v:>26.2f} {v / w:>10.1f}x")
