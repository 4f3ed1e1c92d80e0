"""Benchmark: seconden per factsheet (HTML + PDF) per core, op de demogegevens.

Meet in één run (1) de manier van het project: een warme kernel per werker, parallel over alle
cores, en (2) de gewone manier: per gemeente papermill met een verse kernel plus dezelfde
opmaak. Drukt de cijfers en hun verhouding af; het is geen test en faalt niet op een tijd.

    .venv/bin/python benchmarks/factsheets.py [--aantal 20] [--vers 4]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from eenzaamheid.cli import main as cli
from eenzaamheid.config import PARAMS
from eenzaamheid.rapporteren.factsheet import benchmark
from eenzaamheid.rapporteren.factsheets import maak_factsheet_papermill, maak_factsheets


def meet(params_bestand: Path, aantal: int, vers: int, werkers: int) -> None:
    codes = list(benchmark(params_bestand).deelnemers.index)[:aantal]
    begin = time.perf_counter()
    resultaten = maak_factsheets(params_bestand, codes, werkers)
    totaal = time.perf_counter() - begin
    fouten = [r.fout for r in resultaten if r.fout]
    if fouten:
        raise SystemExit(f"fouten: {fouten}")
    cores = os.cpu_count() or 1
    warm = totaal * cores / len(codes)

    begin = time.perf_counter()
    for code in codes[:vers]:
        maak_factsheet_papermill(params_bestand, code)
    papermill = (time.perf_counter() - begin) / vers

    print(f"factsheets (HTML+PDF): {len(codes)} met {werkers} werkers op {cores} cores in {totaal:.1f} s")
    print(f"project (warme kernel per werker): {warm:.2f} s per factsheet per core "
          f"(inclusief opstarten van de kernels)")
    print(f"papermill, verse kernel per factsheet: {papermill:.2f} s per factsheet per core ({vers} gemeten)")
    print(f"verhouding: {papermill / warm:.1f} keer sneller")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--params", type=Path, default=PARAMS / "demo.yml")
    parser.add_argument("--aantal", type=int, default=10_000, help="hoeveel gemeenten (standaard: alle)")
    parser.add_argument("--vers", type=int, default=4, help="hoeveel gemeenten met verse papermill")
    parser.add_argument("--werkers", type=int, default=os.cpu_count())
    args = parser.parse_args()
    cli(["validate", "--params", str(args.params)])
    meet(args.params.resolve(), args.aantal, args.vers, args.werkers)
