"""Tijd van de onderdrukking en van de exacte controle (enkelen en paren) op een gemaakte run.

Gebruik (na `eenzaamheid run --params FILE`, bijv. op de landelijke demo met 350 gemeenten):
    python benchmarks/openbaarmaking.py --params FILE [--werkers 2]
Drukt de tijden af; geen test (tijden horen niet in tests).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from eenzaamheid.controleren.openbaarmaking import controleer, samenvatting
from eenzaamheid.inlezen.params import lees_params
from eenzaamheid.verwerken.cijfers import Benchmark
from eenzaamheid.verwerken.opslag import lees_verwerkt


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--params", type=Path, required=True)
    parser.add_argument("--werkers", type=int, default=2)
    args = parser.parse_args()
    params = lees_params(args.params)
    begin = time.perf_counter()
    uitkomst = Benchmark(lees_verwerkt(params)).bereken_openbaarmaking()
    print(f"onderdrukking (regels 1-4, enkelen en paren): {time.perf_counter() - begin:.1f} s")
    print(uitkomst.prijs().to_string(index=False))
    controle = controleer(params, werkers=args.werkers)
    print(f"controle met {args.werkers} werkers: {controle.seconden:.1f} s")
    print(samenvatting(controle))


if __name__ == "__main__":
    main()
