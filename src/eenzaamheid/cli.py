"""Opdrachtregel: ``eenzaamheid validate|factsheets|overview|run --params FILE``.

Afsluitcode 0 als de run klaar is (rijen in quarantaine worden gemeld, niet als fout gezien),
2 bij een structureel probleem met de invoer, 1 als iets niet gemaakt kon worden.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .fouten import InvoerFout


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
    met_params("overview", "maak de overzichtsrapportage (HTML, PDF, CSV, Excel)")
    c = met_params(
        "controleer-openbaarmaking",
        "controleer exact of gepubliceerde groepscijfers het antwoord van een gemeente verraden (afsluitcode 1 als ja)",
    )
    c.add_argument("--werkers", type=int, default=None, help="aantal parallelle werkers (standaard: aantal cores)")
    r = met_params("run", "alles: valideren, factsheets, overzicht en de controle van de openbaarmaking")
    r.add_argument("--werkers", type=int, default=None, help="aantal parallelle werkers (standaard: aantal cores)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from .pijplijn import Verslag, laad, stap_valideren

    verslag = Verslag()
    if args.opdracht == "controleer-openbaarmaking":
        from .controleren.openbaarmaking import controleer, samenvatting, schrijf

        params = laad(args.params)
        controle = controleer(params, werkers=args.werkers)
        map_ = schrijf(controle, params)
        for regel in controle.regels()[:20]:
            print(regel)
        print(samenvatting(controle) + f" Bevindingen: {map_ / 'openbaarmaking_bevindingen.csv'}")
        return 0 if controle.mag_publiceren else 1
    try:
        params = laad(args.params)
        validatie, verwerkt = stap_valideren(params, verslag)
        if args.opdracht in ("factsheets", "run"):
            from .rapporteren.factsheets import stap_factsheets

            stap_factsheets(params, verslag, getattr(args, "gemeente", None), args.werkers)
        if args.opdracht in ("overview", "run"):
            from .rapporteren.overzicht import stap_overzicht

            stap_overzicht(params, verslag)
        if args.opdracht == "run":
            from .controleren.openbaarmaking import controleer, samenvatting, schrijf

            controle = controleer(params, werkers=args.werkers)
            schrijf(controle, params)
            verslag.meld(samenvatting(controle))
            if not controle.mag_publiceren:
                verslag.fouten.append("de controle van de openbaarmaking vond onthullingen (zie controle/)")
    except InvoerFout as fout:
        print(f"Fout in de invoer: {fout}", file=sys.stderr)
        return 2
    if verslag.fouten:
        print(f"{len(verslag.fouten)} onderdelen konden niet gemaakt worden:", file=sys.stderr)
        for fout in verslag.fouten:
            print(f"  - {fout}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
