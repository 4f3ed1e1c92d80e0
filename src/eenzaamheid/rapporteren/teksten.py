"""`teksten.csv` (contract, sectie 8): elke gegenereerde zin met het deel en de regel die hem koos.

Verschillende delen van een document (samenvatting, kaart, tips, ...) schrijven hun zinnen op
verschillende momenten. Eén schrijver voor allemaal: hij vervangt de rijen van de delen die hij
krijgt en laat de rijen van andere delen staan, zodat de delen samen één bestand vormen.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

TEKSTEN_KOLOMMEN = ["deel", "regel", "tekst"]


def schrijf_teksten(pad: Path, rijen: Iterable[dict], delen: Iterable[str] = ()) -> Path:
    """Schrijf de zinnen (dicts met deel, regel, tekst) naar `pad`.

    Bestaande rijen van elk deel in `rijen` of `delen` vervallen (zo verdwijnt ook de tekst van een
    deel dat deze keer geen zin heeft); rijen van andere delen blijven in hun volgorde staan.
    """
    pad = Path(pad)
    nieuw = pd.DataFrame(list(rijen), columns=TEKSTEN_KOLOMMEN).astype(str)
    vervangen = set(nieuw["deel"]) | set(delen)
    oud = (
        pd.read_csv(pad, dtype=str, keep_default_na=False) if pad.is_file() else pd.DataFrame(columns=TEKSTEN_KOLOMMEN)
    )
    oud = oud[~oud["deel"].isin(vervangen)]
    pad.parent.mkdir(parents=True, exist_ok=True)
    pd.concat([oud[TEKSTEN_KOLOMMEN], nieuw], ignore_index=True).to_csv(pad, index=False, lineterminator="\n")
    return pad
