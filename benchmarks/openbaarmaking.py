"""Tijd van de onderdrukking en van de exacte controle (enkelen en paren).

Gebruik, op de landelijke demo (zie README):
    python -m eenzaamheid.demo DIR/raw --gemeenten 350 --params DIR/params.yml
    eenzaamheid validate --params DIR/params.yml          # valideert en beslist de onderdrukking
    python benchmarks/openbaarmaking.py --params DIR/params.yml --schrijf-cijfers [--werkers 2]
`--schrijf-cijfers` schrijft alleen de gepubliceerde CSV's (elke `cijfers.csv`, `overzicht_cijfers.csv`)
zonder HTML/PDF, zodat de controle niet op het renderen hoeft te wachten. Drukt de tijden af.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from eenzaamheid.controleren.openbaarmaking import controleer, samenvatting, schrijf
from eenzaamheid.inlezen.params import lees_params
from eenzaamheid.verwerken.cijfers import Benchmark
from eenzaamheid.verwerken.opslag import lees_verwerkt
from eenzaamheid.verwerken.overzicht import Overzichtscijfers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--params", type=Path, required=True)
    parser.add_argument("--werkers", type=int, default=2)
    parser.add_argument("--schrijf-cijfers", action="store_true")
    parser.add_argument("--opnieuw", action="store_true", help="meet ook de onderdrukking zelf (opnieuw berekend)")
    args = parser.parse_args()
    params = lees_params(args.params)
    verwerkt = lees_verwerkt(params)
    bench = Benchmark(verwerkt)
    if args.opnieuw:
        begin = time.perf_counter()
        bench.bewaar_openbaarmaking()
        print(f"onderdrukking (regels 1-4, enkelen en paren): {time.perf_counter() - begin:.1f} s")
    print(bench.openbaarmaking.prijs().to_string(index=False))
    if args.schrijf_cijfers:
        for code in bench.deelnemers.index:
            map_ = params.uitvoer / "factsheets" / code
            map_.mkdir(parents=True, exist_ok=True)
            bench.cijfers(code).to_csv(map_ / "cijfers.csv", index=False, lineterminator="\n")
        (params.uitvoer / "overzicht").mkdir(parents=True, exist_ok=True)
        Overzichtscijfers(verwerkt).cijfers.to_csv(
            params.uitvoer / "overzicht" / "overzicht_cijfers.csv", index=False, lineterminator="\n"
        )

    def cpu() -> float:
        zelf, kinderen = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return zelf.ru_utime + zelf.ru_stime + kinderen.ru_utime + kinderen.ru_stime

    voor = cpu()
    controle = controleer(params, werkers=args.werkers)
    schrijf(controle, params)
    # CPU-tijd naast de wandklok: op een gedeelde machine zegt de wandklok weinig.
    print(
        f"controle (enkelen en paren) met {args.werkers} werkers: {controle.seconden:.1f} s wandklok, "
        f"{cpu() - voor:.1f} s CPU (alle werkers samen)"
    )
    print(samenvatting(controle))


if __name__ == "__main__":
    main()
