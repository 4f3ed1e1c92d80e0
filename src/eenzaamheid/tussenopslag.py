"""Tussenopslag op inhoud: een dure, deterministische stap rekent niet twee keer hetzelfde uit.

De sleutel is een SHA-256 over alles waar de uitkomst van afhangt (de invoertabellen, de
parameters en de broncode van de rekenende modules); een andere invoer of andere code geeft een
andere sleutel, dus nooit een verouderde uitkomst. De opslag staat in de map uit de omgevings-
variabele `EENZAAMHEID_TUSSENOPSLAG`, anders in `<verwerkt>/tussenopslag/`. Tests delen zo één
opslag over al hun demoruns.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def opslagmap(standaard: Path) -> Path:
    return Path(os.environ.get("EENZAAMHEID_TUSSENOPSLAG") or standaard)


def stabiel(waarde: object) -> str:
    """Een repr die in elk proces gelijk is: verzamelingen gesorteerd (hun volgorde hangt af van de
    hash-seed van het proces), dicts op sleutel, dataclasses als hun velden."""
    import dataclasses

    if dataclasses.is_dataclass(waarde) and not isinstance(waarde, type):
        velden = {f.name: getattr(waarde, f.name) for f in dataclasses.fields(waarde)}
        return f"{type(waarde).__name__}({stabiel(velden)})"
    if isinstance(waarde, dict):
        return "{" + ",".join(sorted(f"{stabiel(k)}:{stabiel(v)}" for k, v in waarde.items())) + "}"
    if isinstance(waarde, set | frozenset):
        return "{" + ",".join(sorted(stabiel(v) for v in waarde)) + "}"
    if isinstance(waarde, list | tuple):
        return "(" + ",".join(stabiel(v) for v in waarde) + ")"
    return repr(waarde)


def sleutel(delen: Iterable[bytes | str], modules: Iterable[object] = ()) -> str:
    h = hashlib.sha256()
    for deel in delen:
        h.update(deel.encode("utf-8") if isinstance(deel, str) else deel)
        h.update(b"\0")
    for module in modules:  # de code rekent mee: een gewijzigde methode geeft een nieuwe sleutel
        h.update(Path(module.__file__).read_bytes())
    return h.hexdigest()


def haal_of_maak(map_: Path, naam: str, sleutel_: str, maak: Callable[[], T]) -> T:
    gevonden = haal(map_, naam, sleutel_)
    if gevonden is not None:
        return gevonden
    uitkomst = maak()
    bewaar(map_, naam, sleutel_, uitkomst)
    return uitkomst


def haal(map_: Path, naam: str, sleutel_: str):
    """Wat onder deze sleutel bewaard is, of None."""
    pad = map_ / f"{naam}_{sleutel_[:32]}.pickle"
    if pad.is_file():
        try:
            return pickle.loads(pad.read_bytes())  # eigen bestand van deze run of testsessie
        except Exception:  # half geschreven of van een andere Python: gewoon opnieuw rekenen
            pass
    return None


def bewaar(map_: Path, naam: str, sleutel_: str, uitkomst: object) -> None:
    map_.mkdir(parents=True, exist_ok=True)
    # Eerst naar een tijdelijk bestand, dan hernoemen: parallelle werkers lezen nooit een half bestand.
    with tempfile.NamedTemporaryFile(dir=map_, delete=False, suffix=".tmp") as tijdelijk:
        tijdelijk.write(pickle.dumps(uitkomst, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(tijdelijk.name, map_ / f"{naam}_{sleutel_[:32]}.pickle")
