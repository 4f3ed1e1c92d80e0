"""Vergelijk twee uitvoermappen bestand voor bestand (SHA-256): `vergelijk_uitvoer.py MAP_A MAP_B`.

Bedoeld om te laten zien dat een wijziging de uitvoer niet verandert: draai de demo vóór en na
de wijziging elk in een eigen map en vergelijk. Telt elk CSV-, HTML-, PDF- en xlsx-bestand (en de
nette tabellen: Parquet en JSON) op hetzelfde relatieve pad. Afsluitcode 0 als alles gelijk is,
1 bij een verschil (met de lijst), 2 als een map niet bestaat.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

SOORTEN = (".csv", ".html", ".pdf", ".xlsx", ".parquet", ".json")


def controlesommen(map_: Path, soorten: tuple[str, ...] = SOORTEN) -> dict[str, str]:
    """Relatief pad -> SHA-256 van elk bestand van die soorten onder `map_`."""
    return {
        pad.relative_to(map_).as_posix(): hashlib.sha256(pad.read_bytes()).hexdigest()
        for pad in sorted(map_.rglob("*"))
        if pad.is_file() and pad.suffix.lower() in soorten
    }


def verschillen(a: dict[str, str], b: dict[str, str]) -> list[str]:
    uit = []
    for naam in sorted(a.keys() | b.keys()):
        if naam not in b:
            uit.append(f"alleen in A: {naam}")
        elif naam not in a:
            uit.append(f"alleen in B: {naam}")
        elif a[naam] != b[naam]:
            uit.append(f"verschilt:   {naam}")
    return uit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("map_a", type=Path)
    parser.add_argument("map_b", type=Path)
    parser.add_argument(
        "--soort", nargs="*", default=list(SOORTEN), help="bestandsachtervoegsels (standaard: %(default)s)"
    )
    args = parser.parse_args(argv)
    for map_ in (args.map_a, args.map_b):
        if not map_.is_dir():
            print(f"map bestaat niet: {map_}", file=sys.stderr)
            return 2
    soorten = tuple(s if s.startswith(".") else f".{s}" for s in args.soort)
    a, b = controlesommen(args.map_a, soorten), controlesommen(args.map_b, soorten)
    anders = verschillen(a, b)
    for regel in anders:
        print(regel)
    per_soort = {s: sum(1 for n in a if n.endswith(s)) for s in soorten}
    telling = ", ".join(f"{aantal} {s[1:]}" for s, aantal in per_soort.items() if aantal)
    print(f"{len(a)} bestanden in A ({telling}), {len(b)} in B: {len(anders)} verschillen")
    return 1 if anders else 0


if __name__ == "__main__":
    sys.exit(main())
