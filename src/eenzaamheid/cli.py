"""Opdrachtregel: ``eenzaamheid validate|factsheets|overview|run --params FILE``.

Afsluitcode 0 als de run klaar is (rijen in quarantaine worden gemeld, niet als fout gezien),
2 bij een structureel probleem met de invoer, 1 als iets niet gemaakt kon worden.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eenzaamheid", description="Benchmark Eén tegen eenzaamheid")
    sub = parser.add_subparsers(dest="opdracht", required=True)

    def met_params(naam: str, hulp: str) -> argparse.ArgumentParser:
        p = sub.add_parser(naam, help=hulp)
        p.add_argument("--params", type=Path, required=True, help="parameterbestand (YAML)")
        return p

    met_params("validate", "controleer alle invoer en schrijf het validatierapport en de nette tabellen")
    f = met_params("factsheets", "maak de factsheets (HTML, PDF, cijfers.csv)")
    f.add_argument("--gemeente", nargs="*", default=None, metavar="GMxxxx", help="alleen deze gemeenten")
    f.add_argument("--werkers", type=int, default=None, help="aantal parallelle werkers (standaard: aantal cores)")
    o = met_params("overview", "maak de overzichtsrapportage (HTML, PDF, CSV, Excel)")
    r = met_params("run", "alles: valideren, factsheets, overzicht en de controle van de openbaarmaking")
    r.add_argument(
        "--gemeente", nargs="*", default=None, metavar="GMxxxx", help="alleen de factsheets van deze gemeenten"
    )
    c = met_params(
        "controleer-openbaarmaking",
        "controleer exact of gepubliceerde groepscijfers het antwoord van een gemeente verraden (afsluitcode 1 als ja)",
    )
    c.add_argument("--werkers", type=int, default=None, help="aantal parallelle werkers (standaard: aantal cores)")
    r.add_argument("--werkers", type=int, default=None, help="aantal parallelle werkers (standaard: aantal cores)")
    d = sub.add_parser("demo", help="schrijf een volledige demo (fictieve invoer en parameterbestand) in een map")
    d.add_argument("map", type=Path, help="doelmap (mag nieuw of leeg zijn)")
    d.add_argument("--gemeenten", type=int, default=130, help="aantal gemeenten (350 = landelijke omvang)")
    d.add_argument("--seed", type=int, default=None, help="seed (zelfde seed = dezelfde bestanden)")
    for p in (f, o, r):
        p.add_argument(
            "--motor",
            choices=("pandoc", "quarto"),
            default="pandoc",
            help="pandoc + Typst met een warme kernel (standaard), of Quarto (moet op PATH staan)",
        )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.opdracht == "demo":
        from .demo import SEED, schrijf_demo

        params = schrijf_demo(args.map, args.gemeenten, SEED if args.seed is None else args.seed)
        print(f"Demo geschreven in {args.map}; draai hem met: eenzaamheid run --params {params}")
        return 0
    if getattr(args, "motor", "pandoc") == "quarto":
        from .rapporteren import quarto

        if not quarto.beschikbaar():
            print(quarto.NIET_GEVONDEN, file=sys.stderr)
            return 2
    from .orkestratie import voer_uit

    return voer_uit(
        args.opdracht,
        args.params,
        getattr(args, "gemeente", None),
        getattr(args, "werkers", None),
        getattr(args, "motor", "pandoc"),
    )


if __name__ == "__main__":
    sys.exit(main())
